// A post's HTML when the content loader rendered it as Markdown and set it aside in a file
// (see content.config.ts); undefined for posts that render as MDX components.
import { readFile } from 'node:fs/promises';
import type { PostEntry } from './posts.ts';

export async function renderedHtml(entry: PostEntry): Promise<string | undefined> {
  const file = entry.rendered?.metadata?.['htmlFile'];
  return typeof file === 'string' ? readFile(file, 'utf8') : undefined;
}
