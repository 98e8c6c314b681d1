// Links from one imported post to another, and to the old blog's other addresses, go to their new
// homes here: the old blog will not be kept, and a reader should never be sent back to it. Links to
// posts that are not in the export stay as they are (there is nothing here to send them to).
import { labelSlug } from '../../site/lib/labels.ts';
import { decodedPath, labelFeedPath, labelPath, monthPath, postPath, yearPath, pagePath } from '../../site/lib/urls.ts';

/** The old blog's addresses: its hosts, and the folder it lived in (old exports: www.blogger.com/blogspot/<name>/). */
export interface OldBlog {
  hosts: readonly string[];
  /** Blogger's own name of the blog, when known: <name>.blogspot.<any country's domain>. */
  blogspotName: string | undefined;
  prefix: string;
}

/** What the imported blog now has, to send old addresses to. */
export interface NewAddresses {
  /** By old path (decoded): /2019/05/name.html, /p/name.html. */
  byOldPath: ReadonlyMap<string, string>;
  /** By Blogger's number (comment feeds name the post by it). */
  byNumber: ReadonlyMap<string, string>;
  labels: ReadonlySet<string>;
  /** Years and months (yyyy/mm) with a published post, in the blog's time zone. */
  archives: ReadonlySet<string>;
}

const withoutWww = (host: string) => host.toLowerCase().replace(/^www\./, '');

/** The blog the export is of, from the address its feed names; undefined when it names none. */
export function oldBlogOf(feedUrl: string | undefined): OldBlog | undefined {
  let url: URL;
  try {
    url = new URL(feedUrl ?? '');
  } catch {
    return undefined;
  }
  const folder = /^\/blogspot\/([^/]+)/.exec(url.pathname);
  if (withoutWww(url.hostname) === 'blogger.com' && folder) return { hosts: ['blogger.com'], blogspotName: folder[1]!.toLowerCase(), prefix: folder[0] };
  const blogspot = /^([a-z0-9-]+)\.blogspot\.[a-z.]+$/.exec(withoutWww(url.hostname));
  return { hosts: [withoutWww(url.hostname)], blogspotName: blogspot?.[1], prefix: '' };
}

/** The path under the old blog of an address of it, or undefined for any other address. */
function pathOnBlog(url: URL, blog: OldBlog): string | undefined {
  if (!/^https?:$/.test(url.protocol)) return undefined;
  const host = withoutWww(url.hostname);
  const blogspot = blog.blogspotName !== undefined && new RegExp(`^${blog.blogspotName}\\.blogspot\\.[a-z.]+$`).test(host);
  if (blogspot) return url.pathname || '/';
  if (!blog.hosts.includes(host)) return undefined;
  if (!blog.prefix) return url.pathname || '/';
  if (url.pathname === blog.prefix) return '/';
  return url.pathname.startsWith(`${blog.prefix}/`) ? url.pathname.slice(blog.prefix.length) : undefined;
}

const archiveOr = (addresses: NewAddresses, year: number, month?: number): string => {
  if (month !== undefined && addresses.archives.has(`${year}/${String(month).padStart(2, '0')}`)) return monthPath(year, month);
  return addresses.archives.has(String(year)) ? yearPath(year) : '/archive/';
};

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Where an old address of the blog now is: a path of this site, or undefined when it has none here. */
function newPath(path: string, url: URL, addresses: NewAddresses): string | undefined {
  const p = decodedPath(path);
  if (p === '/' || p === '/index.html') {
    // Blogger's paging: /search?updated-max=… and the home page are the home page.
    return '/';
  }
  const page = addresses.byOldPath.get(p);
  if (page) return page;
  if (/^\/(\d{4}\/\d{2}|p)\/[^/]+\.html$/.test(p)) return undefined; // a post or page not in the export
  const archive = /^\/(\d{4})\/(?:(\d{2})\/)?$/.exec(p);
  if (archive) return archiveOr(addresses, Number(archive[1]), archive[2] ? Number(archive[2]) : undefined);
  const label = /^\/search\/label\/([^/]+)\/?$/.exec(path);
  if (label) {
    const slug = labelSlug(decoded(label[1]!));
    return addresses.labels.has(slug) ? labelPath(slug) : '/labels/';
  }
  if (p === '/search' || p === '/search/') {
    const q = url.searchParams.get('q');
    if (q) return `/search/?q=${encodeURIComponent(q)}`;
    return url.searchParams.has('updated-max') || url.searchParams.has('max-results') ? '/' : '/search/';
  }
  if (/^\/(feeds\/posts\/(default|summary)|atom\.xml|rss\.xml)\/?$/.test(p)) return '/feed.xml';
  const labelFeed = /^\/feeds\/posts\/(?:default|summary)\/-\/([^/]+)$/.exec(path);
  if (labelFeed) {
    const slug = labelSlug(decoded(labelFeed[1]!));
    return addresses.labels.has(slug) ? labelFeedPath(slug) : '/feed.xml';
  }
  const comments = /^\/feeds\/(\d+)\/comments\/(?:default|summary)\/?$/.exec(p);
  if (comments) {
    const post = addresses.byNumber.get(comments[1]!);
    return post ? `${post}#comments` : undefined;
  }
  return undefined;
}

/**
 * The new address of a link, or undefined when it is not to the old blog or the blog's page for it
 * is not here. Blogger's own query (?m=1, ?showComment=…) goes; a link to a comment goes to the
 * post's comments, a link to the jump break to the post.
 */
export function newAddress(href: string, blog: OldBlog, addresses: NewAddresses): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  const path = pathOnBlog(url, blog);
  if (path === undefined) return undefined;
  const to = newPath(path, url, addresses);
  if (to === undefined) return undefined;
  const fragment = url.hash.slice(1);
  if (!fragment || to.includes('#') || fragment === 'more') return to;
  return /^c\d+$/.test(fragment) ? `${to}#comments` : `${to}${url.hash}`;
}

/** Rewrites the links of a body (its root element); returns how many, and the old-blog links left. */
export function rewriteLinks(root: Element, blog: OldBlog | undefined, addresses: NewAddresses): { rewritten: number; kept: string[] } {
  let rewritten = 0;
  const kept: string[] = [];
  if (!blog) return { rewritten, kept };
  for (const a of root.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href')!;
    const to = newAddress(href, blog, addresses);
    if (to !== undefined) {
      a.setAttribute('href', to);
      rewritten++;
    } else if (URL.canParse(href) && pathOnBlog(new URL(href), blog) !== undefined) {
      kept.push(href);
    }
  }
  return { rewritten, kept };
}

/** The addresses of the imported posts and pages, as the site will serve them. */
export function newAddresses(
  entries: Iterable<{ number: string; id: string; kind: 'post' | 'page'; skipped: boolean; draft: boolean; published: number; bloggerPath?: string | undefined }>,
  labels: ReadonlySet<string>,
  timeZone: string,
): NewAddresses {
  const byOldPath = new Map<string, string>();
  const byNumber = new Map<string, string>();
  const archives = new Set<string>();
  for (const entry of entries) {
    if (entry.skipped || !entry.id) continue;
    const published = new Date(entry.published);
    const url = entry.kind === 'post' ? postPath(published, entry.id, timeZone) : pagePath(entry.id);
    byNumber.set(entry.number, url);
    if (entry.bloggerPath && !byOldPath.has(decodedPath(entry.bloggerPath))) byOldPath.set(decodedPath(entry.bloggerPath), url);
    if (entry.kind === 'post' && !entry.draft) {
      const [, year, month] = /^\/(\d{4})\/(\d{2})\//.exec(url) ?? [];
      if (year && month) archives.add(year).add(`${year}/${month}`);
    }
  }
  return { byOldPath, byNumber, labels, archives };
}
