// Reads dist/posts.json and dist/pages.json, the build's lists of published posts and pages, which
// the server trusts for redirects and for attaching comments.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { commentPolicies } from '../site/lib/schema.ts';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';

const bloggerPath = z.string().startsWith('/').exactOptional();
const bloggerId = z.string().regex(/^[0-9]+$/).exactOptional();

const postsSchema = z.array(
  z.object({
    id: z.string().min(1),
    title: z.string(),
    url: z.string().startsWith('/'),
    published: z.iso.datetime(),
    labels: z.array(z.object({ slug: z.string(), name: z.string() })),
    comments: z.enum(commentPolicies),
    bloggerPath,
    bloggerId,
  }),
);

const pagesSchema = z.array(
  z.object({
    slug: z.string().min(1),
    title: z.string().min(1),
    url: z.string().startsWith('/'),
    published: z.string().min(1),
    comments: z.enum(['open', 'moderated', 'closed']),
    bloggerPath,
    bloggerId,
  }),
);

async function loadManifest<T>(distDir: string, name: string, schema: z.ZodType<T>, what: string, whenMissing?: T): Promise<T> {
  const path = join(distDir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (whenMissing !== undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return whenMissing;
    throw new Error(`${path} is missing: build the site first with \`npm run build\`.`);
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not ${what} (${parsed.error.issues[0]?.message}); rebuild with \`npm run build\`.`);
  return parsed.data;
}

export function loadPostsManifest(distDir: string): Promise<PostsManifestEntry[]> {
  return loadManifest(distDir, 'posts.json', postsSchema, 'a posts manifest');
}

/** No pages.json (a site built before pages existed, or a minimal one) means no pages. */
export function loadPagesManifest(distDir: string): Promise<PagesManifestEntry[]> {
  return loadManifest(distDir, 'pages.json', pagesSchema, 'a pages manifest', []);
}
