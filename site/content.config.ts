// Posts live in content/posts/<year>/<id>.mdx (or .md); a post's id is its file name, so it
// stays stable when the file moves between folders.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { postsLoader } from './data/posts-loader.ts';
import { postIdFromPath } from './lib/post-id.ts';
import { postSchema } from './lib/schema.ts';

const posts = defineCollection({
  loader: postsLoader(
    glob({
      pattern: '**/[^_.]*.{md,mdx}',
      base: process.env['BEFRIEND_CONTENT_DIR'] ?? './content/posts',
      generateId: ({ entry }) => postIdFromPath(entry),
    }),
  ),
  schema: postSchema,
});

export const collections = { posts };
