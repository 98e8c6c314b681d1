// Uploading a picture at the desk: a file (picked, dropped or pasted) and its alt text, which is
// required. The picture is checked by its content, cleaned of every metadata field and stored (see
// images.ts); the answer is the Markdown that shows it, which the script puts in the text.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { ApiError } from '../api/errors.ts';
import type { RouteDeps } from '../moderation/routes/deps.ts';
import type { SignedInEnv } from '../moderation/routes/middleware.ts';
import { actorOf, wantsJson } from '../moderation/routes/respond.ts';
import { auditStatement } from '../moderation/queue.ts';
import { maxImageBytes, RefusedImage, storeImage } from './images.ts';
import type { DeskContext } from './pages.ts';

export interface ImageDeps extends RouteDeps {
  imagesDir: string;
  deskContext(c: Context<SignedInEnv>): Promise<DeskContext>;
}

/** Markdown's image syntax, with what would end the alt text or the address escaped. */
const markdownImage = (alt: string, url: string) => `![${alt.replace(/[[\]\\]/g, (c) => `\\${c}`)}](${url})`;

export function imageRoutes(deps: ImageDeps): Hono<SignedInEnv> {
  const { writes, clock, page } = deps;
  const app = new Hono<SignedInEnv>();

  const upload = bodyLimit({
    maxSize: maxImageBytes + 64 * 1024,
    onError: () => {
      throw new ApiError('payload_too_large', 'A picture is at most 10 MiB: make it smaller first.');
    },
  });

  app.post('/', upload, async (c) => {
    if (!(c.req.header('Content-Type') ?? '').startsWith('multipart/form-data')) throw new ApiError('unsupported_media_type', 'Send the picture as a form upload (multipart/form-data), with its alt text.');
    const form = await c.req.parseBody().catch(() => Promise.reject(new ApiError('invalid_request', 'The upload could not be read.')));
    const file = form['image'];
    const alt = typeof form['alt'] === 'string' ? form['alt'].trim().replace(/\s+/g, ' ') : '';
    if (!(file instanceof File) || file.size === 0) throw new ApiError('validation_failed', 'Choose a picture to upload.', { field: 'image' });
    if (!alt) throw new ApiError('validation_failed', 'Describe the picture for readers who cannot see it (its alt text).', { field: 'alt' });
    if (alt.length > 300) throw new ApiError('validation_failed', 'The alt text is at most 300 characters.', { field: 'alt' });
    let stored: Awaited<ReturnType<typeof storeImage>>;
    try {
      stored = await storeImage(new Uint8Array(await file.arrayBuffer()), deps.imagesDir);
    } catch (error) {
      if (error instanceof RefusedImage) throw new ApiError('validation_failed', error.message, { field: 'image' });
      throw error;
    }
    const url = `/images/${stored.name}`;
    const markdown = markdownImage(alt, url);
    await writes.write([auditStatement(actorOf(c), { action: 'image.upload', targetType: 'image', targetId: stored.name, detail: { bytes: stored.bytes, width: stored.width, height: stored.height } }, clock(), false)]);
    if (wantsJson(c)) return c.json({ ok: true, name: stored.name, url, markdown, width: stored.width, height: stored.height }, 201);
    const ctx = await deps.deskContext(c);
    return page(
      c,
      'Picture uploaded',
      String(
        await html`<div class="mod desk"><h1>Picture uploaded</h1><p>Signed in as ${ctx.account.name}. Copy this line into the post’s text where the picture goes:</p><p><code class="mod-secret">${markdown}</code></p><p><img src="${url}" alt="${alt}" width="${String(stored.width)}" height="${String(stored.height)}"></p><p><a href="/desk">Back to the posts</a></p></div>`,
      ),
    );
  });

  return app;
}
