// Old Blogger addresses on any static host. Our server answers them with 301s (blogger-
// redirects.ts); a static host or CDN only has files, so the build also writes (site-build.ts) a
// small page at each old address that sends the reader on (a refresh of 0 seconds, which search
// engines take as a permanent move) and names the new address as canonical. No script: the CSP
// allows none inline. What a file cannot be (?m=1, /search?updated-max=…) only the server answers.
import { escapeHtml as escape } from '../site/lib/html.ts';
import { decodedPath, labelFeedPath, labelPath, monthPath } from '../site/lib/urls.ts';

export interface Moved {
  /** The old path, as a file in dist/: /2021/02/losing-the-plot.html, /p/about.html. */
  from: string;
  /** The new path. */
  to: string;
  title: string;
  /** The old address was a feed's: the page names the new feed, which feed readers follow. */
  feed?: 'rss' | 'atom';
}

/**
 * Every old address of a post or a page: its own Blogger path when imported, and the shape Blogger
 * gives every post (/<yyyy>/<mm>/<id>.html) and page (/p/<slug>.html). The first claim on an
 * address wins, as on the server; nothing is written over a page of the site.
 */
export function movedPages(posts: readonly { id: string; title: string; url: string; bloggerPath?: string | undefined }[], pages: readonly { slug: string; title: string; url: string; bloggerPath?: string | undefined }[]): Moved[] {
  const moved = new Map<string, Moved>();
  const claim = (from: string | undefined, to: string, title: string) => {
    if (!from) return;
    // Paths compare decoded, as they are written to disk.
    const path = decodedPath(from);
    // Only Blogger's two shapes of address, which no page of the site has.
    if (!/^\/(?:\d{4}\/\d{2}|p)\/[^/?#]+\.html$/.test(path) || path.includes('..') || moved.has(path)) return;
    moved.set(path, { from: path, to, title });
  };
  for (const post of posts) claim(post.bloggerPath, post.url, post.title);
  for (const page of pages) claim(page.bloggerPath, page.url, page.title);
  for (const post of posts) claim(`${decodedPath(post.url).replace(/\/$/, '')}.html`, post.url, post.title);
  for (const page of pages) claim(`${decodedPath(page.url).replace(/\/$/, '')}.html`, page.url, page.title);
  return [...moved.values()];
}

/** Blogger's label searches, /search/label/<name>, for each label: a folder with an index page. */
export function movedLabels(labels: readonly { slug: string; name: string }[]): Moved[] {
  return labels.filter((label) => usableAsFolder(label.name)).map((label) => ({ from: `/search/label/${label.name}/`, to: labelPath(label.slug), title: label.name }));
}

/** A name that cannot be a folder (a slash, a dot name, a control character) keeps only our server's redirect. */
const usableAsFolder = (name: string) => !/[/\\\u0000-\u001f]/.test(name) && name !== '.' && name !== '..';

/**
 * Blogger's feeds, as folders with an index page (/feeds/posts/default/): the blog's, each label's,
 * each imported post's or page's own entry (/feeds/posts/default/<number>/: the post or page), and
 * the comment feeds, of each imported post or page (by its Blogger number) and of the blog, on
 * the comment board (`boardOrigin` when it is not the pages' own). A query (?alt=rss) cannot
 * choose a file: it is left to the host, which serves the folder whatever the query.
 */
export function movedFeeds(
  threads: readonly { thread: string; title: string; bloggerId?: string | undefined; url?: string | undefined; kind?: 'post' | 'page' }[],
  labels: readonly { slug: string; name: string }[],
  boardOrigin = '',
): Moved[] {
  const board = boardOrigin.replace(/\/$/, '');
  const site = ['default', 'summary'].map((kind): Moved => ({ from: `/feeds/posts/${kind}/`, to: '/feed.xml', title: 'the blog’s feed', feed: 'rss' }));
  const byLabel = labels.filter((label) => usableAsFolder(label.name)).map((label): Moved => ({ from: `/feeds/posts/default/-/${label.name}/`, to: labelFeedPath(label.slug), title: `the feed of ${label.name}`, feed: 'rss' }));
  const comments = threads.flatMap(({ thread, title, bloggerId }): Moved[] =>
    bloggerId && /^[0-9]+$/.test(bloggerId) ? [{ from: `/feeds/${bloggerId}/comments/default/`, to: `${board}/api/posts/${encodeURIComponent(thread)}/comments.atom`, title: `comments on ${title}`, feed: 'atom' }] : [],
  );
  const entries = threads.flatMap(({ title, bloggerId, url, kind }): Moved[] =>
    bloggerId && /^[0-9]+$/.test(bloggerId) && url ? [{ from: `/feeds/${kind === 'page' ? 'pages' : 'posts'}/default/${bloggerId}/`, to: url, title }] : [],
  );
  return [...site, ...byLabel, ...entries, ...comments, { from: '/feeds/comments/default/', to: `${board}/api/comments/recent.atom`, title: 'recent comments', feed: 'atom' }];
}

/** Blogger's classic monthly archive files (/2021_02_01_archive.html), for each month with posts. */
export function movedArchives(posts: readonly { url: string }[]): Moved[] {
  const months = new Set(posts.flatMap((post) => /^\/(\d{4})\/(\d{2})\//.exec(post.url)?.slice(1, 3).join('_') ?? []));
  return [...months].map((month) => {
    const [year, number] = month.split('_').map(Number) as [number, number];
    return { from: `/${month}_01_archive.html`, to: monthPath(year, number), title: `posts of ${month.replace('_', '-')}` };
  });
}

/** The page left at an old address. */
export function movedHtml(moved: Moved, site: string | URL, contentSecurityPolicy: string, locale: string): string {
  const to = escape(moved.to);
  return `<!doctype html>
<html lang="${escape(locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escape(contentSecurityPolicy)}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${to}">
<link rel="canonical" href="${escape(new URL(moved.to, site).href)}">
${moved.feed ? `<link rel="alternate" type="application/${moved.feed}+xml" href="${to}">\n` : ''}<title>Moved: ${escape(moved.title)}</title>
</head>
<body>
<p>This has moved to <a href="${to}">${escape(moved.title)}</a>.</p>
</body>
</html>
`;
}
