// What a post's or page's file says, from its Blogger entry: front matter, id, title, old address.
import { labelSlug } from '../../site/lib/labels.ts';
import { isValidPostId } from '../../site/lib/post-id.ts';
import { decodeEntities } from './comment-source.ts';
import type { Entry } from './parse.ts';

/** YAML double-quoted scalars accept JSON strings. */
export const yaml = (value: string) => JSON.stringify(value);

export function frontmatter(fields: Record<string, string | boolean | string[] | undefined>): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) lines.push(`${key}: [${value.map(yaml).join(', ')}]`);
    else if (typeof value === 'boolean') lines.push(`${key}: ${value}`);
    else lines.push(`${key}: ${yaml(value)}`);
  }
  lines.push('---', '');
  return lines.join('\n');
}

/**
 * The post's old address, its file name, and the path the server will redirect: Blogger's own
 * shape (/yyyy/mm/name.html, /p/name.html) whatever came before it (old exports put posts under
 * www.blogger.com/blogspot/<blog>/…).
 */
export function oldAddress(entry: Entry): { url: string; path: string | undefined; name: string } | undefined {
  const alternate = entry.links.find((link) => link.rel === 'alternate' && /\.html(\?|#|$)/.test(link.href));
  if (!alternate) return undefined;
  try {
    const url = new URL(alternate.href);
    const name = decodeURIComponent(url.pathname.split('/').pop() ?? '').replace(/\.html$/, '');
    const shape = /(\/\d{4}\/\d{2}\/[^/]+\.html)$/.exec(url.pathname)?.[1] ?? /(\/p\/[^/]+\.html)$/.exec(url.pathname)?.[1];
    return name ? { url: url.href, path: shape, name } : undefined;
  } catch {
    return undefined;
  }
}

/** Lower-case letters, digits and hyphens, as post ids must be. */
export function toId(text: string): string {
  const slug = labelSlug(text)
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100)
    .replace(/-$/, '');
  return isValidPostId(slug) ? slug : '';
}

function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

export function titleOf(entry: Entry, fallback: string): string {
  const title = decodeEntities(entry.title).replace(/\s+/g, ' ').trim();
  if (title) return title.length > 300 ? `${title.slice(0, 299)}…` : title;
  const words = plainText(entry.content).split(' ').slice(0, 8).join(' ');
  return words ? `${words}…` : fallback;
}
