// Old Blogger addresses keep working: years of links from other sites land on the right page.
import { Hono } from 'hono';
import { labelSlug } from '../site/lib/labels.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { labelFeedPath, labelPath } from '../site/lib/urls.ts';

export function bloggerRedirects(posts: readonly PostsManifestEntry[]): Hono {
  const byId = new Map(posts.map((post) => [post.id, post]));
  const app = new Hono();

  // /2021/02/losing-the-plot.html -> /2021/02/losing-the-plot/
  app.get('/:year{[0-9]{4}}/:month{[0-9]{2}}/:file{[^/]+\\.html}', (c, next) => {
    const post = byId.get(c.req.param('file').replace(/\.html$/, ''));
    return post ? c.redirect(post.url, 301) : next();
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
