// Reads dist/posts.json, the build's list of published posts, which the server trusts for
// redirects now and for attaching comments later.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { commentPolicies } from '../site/lib/schema.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';

const manifestSchema = z.array(
  z.object({
    id: z.string().min(1),
    title: z.string(),
    url: z.string().startsWith('/'),
    published: z.iso.datetime(),
    labels: z.array(z.object({ slug: z.string(), name: z.string() })),
    comments: z.enum(commentPolicies),
  }),
);

export async function loadPostsManifest(distDir: string): Promise<PostsManifestEntry[]> {
  const path = join(distDir, 'posts.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: build the site first with \`npm run build\`.`);
  }
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a posts manifest (${parsed.error.issues[0]?.message}); rebuild with \`npm run build\`.`);
  return parsed.data;
}
