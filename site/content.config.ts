// Posts live in content/posts/<year>/<id>.mdx (or .md); a post's id is its file name, so it
// stays stable when the file moves between folders. Standalone pages live in
// content/pages/<slug>.md (or .mdx) and are served at /p/<slug>/.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { optionalFolder } from './data/optional-folder.ts';
import { postsLoader } from './data/posts-loader.ts';
import { postIdFromPath } from './lib/post-id.ts';
import { pageSchema, postSchema } from './lib/schema.ts';
import { pagesDir, postsDir } from 'virtual:befriend/environment';

const posts = defineCollection({
  loader: postsLoader(
    glob({
      pattern: '**/[^_.]*.{md,mdx}',
      base: postsDir,
      generateId: ({ entry }) => postIdFromPath(entry),
    }),
  ),
  schema: postSchema,
});

const pages = defineCollection({
  loader: optionalFolder(
    pagesDir,
    glob({
      pattern: '[^_.]*.{md,mdx}',
      base: pagesDir,
      // A page's slug is its file name, as in its old Blogger address (/p/<slug>.html).
      generateId: ({ entry }) => postIdFromPath(entry),
    }),
  ),
  schema: pageSchema,
});

export const collections = { posts, pages };
