// The post files the build reads (content.config.ts's pattern, `**/[^_.]*.{md,mdx}`): for the
// processes that read the posts folder outside Astro, the build's frontmatter check and the desk.
// Not for the pages' scripts: it reads the disk.
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** The posts in `dir`, sorted: no file name starting with _ or ., nothing inside a hidden folder. */
export async function postFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile() && /^[^_.][^/]*\.mdx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !relative(dir, path).split(/[\\/]/).some((part) => part.startsWith('.')))
    .sort();
}
