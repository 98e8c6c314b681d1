// Old Blogger addresses keep working: years of links from other sites land on the right page.
import { Hono } from 'hono';
import { labelSlug } from '../site/lib/labels.ts';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { decodedPath, labelFeedPath, labelPath } from '../site/lib/urls.ts';

/** Old paths of imported posts or pages, mapped to their new addresses. */
function byBloggerPath(entries: readonly { url: string; bloggerPath?: string | undefined }[]): Map<string, string> {
  return new Map(entries.flatMap(({ bloggerPath, url }) => (bloggerPath ? [[decodedPath(bloggerPath), url] as const] : [])));
}

export function bloggerRedirects(posts: readonly PostsManifestEntry[], pages: readonly PagesManifestEntry[] = []): Hono {
  const postByOldPath = byBloggerPath(posts);
  const postById = new Map(posts.map((post) => [post.id, post.url]));
  const pageByOldPath = byBloggerPath(pages);
  const pageBySlug = new Map(pages.map((page) => [page.slug, page.url]));
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

  // /search/label/Guest%20posts -> /labels/guest-posts/
  app.get('/search/label/:name', (c, next) => {
    const slug = labelSlug(c.req.param('name'));
    return slug ? c.redirect(labelPath(slug), 301) : next();
  });

  // Blogger's search: /search?q=words -> /search/?q=words
  app.get('/search', (c) => {
    const q = c.req.query('q');
    return c.redirect(q ? `/search/?q=${encodeURIComponent(q)}` : '/search/', 301);
  });

  app.get('/feeds/posts/default', (c) => c.redirect('/feed.xml', 301));
  app.get('/feeds/posts/summary', (c) => c.redirect('/feed.xml', 301));
  app.get('/feeds/posts/default/-/:name', (c, next) => {
    const slug = labelSlug(c.req.param('name'));
    return slug ? c.redirect(labelFeedPath(slug), 301) : next();
  });

  return app;
}
