// Old Blogger addresses keep working: years of links from other sites, feed readers' subscriptions
// and search engines' entries land on the right page, with one 301.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { blog } from '../site/config.ts';
import { labelSlug } from '../site/lib/labels.ts';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { decodedPath, homePath, labelFeedPath, labelPath, monthPath, yearPath } from '../site/lib/urls.ts';

export interface OldAddressOptions {
  /** This server has the comment board, whose feeds take over Blogger's comment feeds. */
  commentFeeds?: boolean;
  /** Posts on a page of a listing, as the site pages them. */
  postsPerPage?: number;
}

/** Old paths of imported posts or pages, mapped to their new addresses. */
function byBloggerPath(entries: readonly { url: string; bloggerPath?: string | undefined }[]): Map<string, string> {
  return new Map(entries.flatMap(({ bloggerPath, url }) => (bloggerPath ? [[decodedPath(bloggerPath), url] as const] : [])));
}

/**
 * Blogger's "Older posts" and "Newer posts" links (?updated-max=<date>, ?updated-min=<date>): the
 * date of the post the old page ended or began at. Its `+` (a time zone) often arrives as a space.
 */
function pagingDate(c: Context): { before: number } | { after: number } | undefined {
  const read = (name: string) => {
    const value = c.req.query(name);
    const time = value ? Date.parse(value.replaceAll(' ', '+')) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
  };
  const before = read('updated-max');
  if (before !== undefined) return { before };
  const after = read('updated-min');
  return after === undefined ? undefined : { after };
}

/** The page of a newest-first listing that holds the posts just before (or just after) the date. */
function pageHolding(posts: readonly PostsManifestEntry[], at: { before: number } | { after: number }, perPage: number): number {
  const older = posts.findIndex((post) => ('before' in at ? Date.parse(post.published) < at.before : Date.parse(post.published) <= at.after));
  // Older than every post: the last page. "Newer than": the page of the oldest post after the date.
  const index = 'before' in at ? (older === -1 ? posts.length - 1 : older) : (older === -1 ? posts.length : older) - 1;
  return Math.floor(Math.max(0, index) / perPage) + 1;
}

export function bloggerRedirects(posts: readonly PostsManifestEntry[], pages: readonly PagesManifestEntry[] = [], options: OldAddressOptions = {}): Hono {
  const { commentFeeds = false, postsPerPage = blog.postsPerPage } = options;
  const postByOldPath = byBloggerPath(posts);
  const postById = new Map(posts.map((post) => [post.id, post.url]));
  const pageByOldPath = byBloggerPath(pages);
  const pageBySlug = new Map(pages.map((page) => [page.slug, page.url]));
  // A page's comment thread is keyed by its slug, as the board keys it.
  const threadByNumber = new Map([...posts.map((post) => [post.bloggerId, post.id]), ...pages.map((page) => [page.bloggerId, page.slug])].filter((pair): pair is [string, string] => pair[0] !== undefined));
  const postUrls = new Set(posts.map((post) => post.url));
  const labelSlugs = new Set(posts.flatMap((post) => post.labels.map((label) => label.slug)));
  // The archive pages the site has: a year's and a month's for every one with a post.
  const months = new Set(posts.map((post) => /^\/\d{4}\/\d{2}\//.exec(post.url)?.[0]));
  const years = new Set(posts.map((post) => /^\/\d{4}\//.exec(post.url)?.[0]));
  /** The archive page that holds a date: its month's, else its year's, else the whole archive. */
  const archiveHome = (year: string, month?: string) => {
    if (month && months.has(monthPath(Number(year), Number(month)))) return monthPath(Number(year), Number(month));
    return years.has(yearPath(Number(year))) ? yearPath(Number(year)) : '/archive/';
  };
  const knownLabel = (name: string) => {
    const slug = labelSlug(name);
    return slug && labelSlugs.has(slug) ? slug : undefined;
  };
  const app = new Hono();

  // /2021/02/losing-the-plot.html -> /2021/02/losing-the-plot/. An imported post's own old path
  // comes first: when two Blogger posts shared a file name, the second's id is `<name>-2`.
  app.get('/:year{[0-9]{4}}/:month{[0-9]{2}}/:file{[^/]+\\.html}', (c, next) => {
    const url = postByOldPath.get(c.req.path) ?? postById.get(c.req.param('file').replace(/\.html$/, ''));
    return url ? c.redirect(url, 301) : next();
  });

  // Blogger's pages: /p/stylesheet.html -> /p/stylesheet/
  app.get('/p/:file{[^/]+\\.html}', (c, next) => {
    const url = pageByOldPath.get(c.req.path) ?? pageBySlug.get(c.req.param('file').replace(/\.html$/, ''));
    return url ? c.redirect(url, 301) : next();
  });

  // Archives. /2021/ and /2021/02/ are the site's own, where it has posts; elsewhere (a month of
  // Blogger's that the time zone moved, a day's archive, the classic /2021_02_01_archive.html) the
  // archive page that holds the date.
  app.on('GET', ['/:year{[0-9]{4}}', '/:year{[0-9]{4}}/'], (c, next) => (years.has(`/${c.req.param('year')}/`) ? next() : c.redirect('/archive/', 301)));
  app.on('GET', ['/:year{[0-9]{4}}/:month{[0-9]{2}}', '/:year{[0-9]{4}}/:month{[0-9]{2}}/'], (c, next) => {
    const { year, month } = c.req.param();
    return months.has(`/${year}/${month}/`) ? next() : c.redirect(archiveHome(year, month), 301);
  });
  app.on('GET', ['/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}', '/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/'], (c, next) => {
    const { year, month, day } = c.req.param();
    return postUrls.has(`/${year}/${month}/${day}/`) ? next() : c.redirect(archiveHome(year, month), 301);
  });
  app.get('/:file{[0-9]{4}_[0-9]{2}_[0-9]{2}_archive\\.html}', (c) => {
    const [year, month] = c.req.param('file').split('_') as [string, string];
    return c.redirect(archiveHome(year, month), 301);
  });

  // /search/label/Guest%20posts -> /labels/guest-posts/, and its older pages to the page of ours
  // that holds the same posts.
  app.get('/search/label/:name', (c, next) => {
    const slug = knownLabel(c.req.param('name'));
    if (!slug) return next();
    const at = pagingDate(c);
    const page = at ? pageHolding(posts.filter((post) => post.labels.some((label) => label.slug === slug)), at, postsPerPage) : 1;
    return c.redirect(labelPath(slug, page), 301);
  });

  // Blogger's search: /search?q=words -> /search/?q=words; its paging of the home page:
  // /search?updated-max=2022-09-12T01:15:00-07:00&max-results=7 -> /page/2/
  app.get('/search', (c) => {
    const q = c.req.query('q');
    if (q) return c.redirect(`/search/?q=${encodeURIComponent(q)}`, 301);
    const at = pagingDate(c);
    return c.redirect(at ? homePath(pageHolding(posts, at, postsPerPage)) : '/search/', 301);
  });

  // The blog's feeds (Atom, or RSS with ?alt=rss: ours is RSS), whole or by label.
  app.on('GET', ['/feeds/posts/:kind{(?:default|full|summary)}', '/atom.xml', '/rss.xml'], (c) => c.redirect('/feed.xml', 301));
  app.get('/feeds/posts/:kind{(?:default|full|summary)}/-/:name', (c, next) => {
    const slug = knownLabel(c.req.param('name'));
    return slug ? c.redirect(labelFeedPath(slug), 301) : next();
  });

  // One post's or page's entry in the feed (/feeds/posts/default/<number>): its page here.
  const urlByNumber = new Map([...posts, ...pages].flatMap((entry) => (entry.bloggerId ? [[entry.bloggerId, entry.url] as const] : [])));
  app.get('/feeds/:feed{(?:posts|pages)}/:kind{(?:default|full|summary)}/:number{[0-9]+}', (c, next) => {
    const url = urlByNumber.get(c.req.param('number'));
    return url ? c.redirect(url, 301) : next();
  });

  // Comment feeds, of a post or page (by its number on Blogger) and of the whole blog: the board's.
  app.get('/feeds/:number{[0-9]+}/comments/:kind{(?:default|full|summary)}', (c, next) => {
    const thread = threadByNumber.get(c.req.param('number'));
    return commentFeeds && thread ? c.redirect(`/api/posts/${encodeURIComponent(thread)}/comments.atom`, 301) : next();
  });
  app.get('/feeds/comments/:kind{(?:default|full|summary)}', (c, next) => (commentFeeds ? c.redirect('/api/comments/recent.atom', 301) : next()));

  return app;
}

/**
 * Blogger's mobile and desktop switches (?m=1, ?m=0) on any address, old or new: the same address
 * without it, in one step to the new home when it is an old address.
 */
export function withoutMobileSwitch(oldAddresses: Hono): MiddlewareHandler {
  return async function withoutMobileSwitch(c, next) {
    const url = new URL(c.req.url);
    const switches = url.searchParams.getAll('m');
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || switches.length === 0 || !switches.every((m) => m === '0' || m === '1') || url.pathname.startsWith('/api/')) return next();
    url.searchParams.delete('m');
    // One leading slash: `//host/x` is another host to a browser.
    const rest = `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`;
    const onward = await oldAddresses.request(rest);
    return c.redirect((onward.status === 301 && onward.headers.get('Location')) || rest, 301);
  };
}
