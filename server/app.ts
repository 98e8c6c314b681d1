// The application: built by a factory so tests call app.request() with no server.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { bloggerRedirects, withoutMobileSwitch } from './blogger-redirects.ts';
import { commentRoutes, type CommentDeps } from '../api/comments/routes/index.ts';
import { cachedFor } from '../api/cached.ts';
import { isDatabaseUnavailable } from '../api/db/unavailable.ts';
import { clientBatch, createWriteQueue } from '../api/db/write-queue.ts';
import { ApiError } from '../api/errors.ts';
import { staffNames } from '../moderation/auth/accounts.ts';
import { moderationRoutes } from '../moderation/routes/index.ts';
import { deskRoutes, type DeskOptions } from '../desk/routes.ts';
import { defaultTimeZone } from '../site/lib/time-zone.ts';
import { loadPageShell } from '../api/page-shell.ts';
import { fromOwnPages } from '../api/request-origin.ts';
import { securityHeaders } from './security-headers.ts';
import type { Publishing } from '../site/lib/build-status.ts';
import { fileResponse, serveDist } from './static.ts';

export interface AppOptions {
  /** The built site (dist/). */
  distDir: string;
  /** Public origin of the pages, e.g. https://blog.example.org */
  pagesOrigin: string;
  /**
   * This server's public origin when the pages are served from another (a static host or CDN at
   * pagesOrigin): the API then allows pagesOrigin's origin, and that origin only, without credentials.
   */
  boardOrigin?: string | undefined;
  /** Published posts, from dist/posts.json. */
  posts: readonly PostsManifestEntry[];
  /** Published standalone pages, from dist/pages.json (none by default). */
  pages?: readonly PagesManifestEntry[];
  /** The comment board; without it the app serves the site alone. */
  comments?: Omit<CommentDeps, 'posts'>;
  /** The site's builds, for the staff's build-status endpoint (when this server makes them). */
  publishing?: Publishing | undefined;
  /** The editor's desk at /desk, writing posts into this folder (with the comment board only). */
  desk?: DeskOptions | undefined;
}

export function createApp({ distDir, pagesOrigin, boardOrigin, posts, pages = [], comments, publishing, desk }: AppOptions): Hono {
  const app = new Hono();
  /** Where this server is reached: moderation's same-origin checks and cookies, HSTS, feed addresses. */
  const ownUrl = boardOrigin ?? pagesOrigin;
  app.use(securityHeaders({ https: ownUrl.startsWith('https:'), apiOrigin: boardOrigin }));
  app.use(compress());
  const oldAddresses = bloggerRedirects(posts, pages, { commentFeeds: comments !== undefined });
  app.use(withoutMobileSwitch(oldAddresses));
  if (boardOrigin) app.use('/api/*', apiCors(new URL(pagesOrigin).origin));
  // Comments, reports and removal requests (the pages' forms too) come from the pages, nowhere else.
  app.use('/api/*', fromOwnPages([ownUrl, pagesOrigin]));

  if (comments) {
    const shell = loadPageShell(distDir, undefined, boardOrigin ? pagesOrigin : undefined);
    const writes = comments.writes ?? createWriteQueue(clientBatch(comments.db));
    const { db, clock, sources, trustedProxyHeader } = comments;
    const timeZone = comments.timeZone ?? defaultTimeZone;
    // A page has a comment thread too, keyed by its slug (the import keeps slugs and post ids apart).
    const threads: PostsManifestEntry[] = [...posts, ...pages.map((page) => ({ id: page.slug, title: page.title, url: page.url, published: page.published, labels: [], comments: page.comments }))];
    const moderation = moderationRoutes({ db, writes, posts: threads, boardOrigin: ownUrl, timeZone, clock, sources, renderer: comments.renderer, trustedProxyHeader, publishing }, shell);
    const accountNames = cachedFor(1000, clock, () => staffNames(db));
    const routes = commentRoutes({ pagesOrigin: pagesOrigin, boardOrigin: ownUrl, ...comments, timeZone, writes, posts: threads, staffOf: moderation.staffOf, staffAccountNames: accountNames }, shell);
    app.route('/api', routes.api);
    app.route('/posts', routes.pages);
    app.route('/reports', routes.reports);
    app.route('/follow', routes.follow);
    app.get('/reports/', (c) => c.redirect(`/reports${new URL(c.req.url).search}`, 301));
    app.route('/moderation', moderation.app);
    if (desk) {
      // The desk's pictures are served from where it stores them, before any build copies them.
      app.use('/images/*', serveDist(desk.publicDir));
      app.route('/desk', deskRoutes(moderation.deps, desk));
      app.get('/desk/', (c) => c.redirect('/desk', 301));
    }
  }
  app.all('/api/*', () => {
    throw new ApiError('not_found', 'There is no such API endpoint.');
  });
  app.route('/', oldAddresses);
  app.use(serveDist(distDir));

  app.notFound(async (c) => {
    const page = join(distDir, '404.html');
    const info = await stat(page).catch(() => undefined);
    if (!info?.isFile() || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return c.text('Not found', 404);
    return fileResponse({ path: page, size: info.size, mtime: info.mtime }, c.req.raw, { status: 404, cacheControl: 'no-cache' });
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
      c.header('Cache-Control', 'no-store');
      return c.json(error.toJSON(), error.status);
    }
    if (isDatabaseUnavailable(error)) {
      // Not acknowledged: the reader's text is still in their form, to send again.
      console.error(`${c.req.method} ${new URL(c.req.url).pathname}: the database is unavailable (${(error as Error).message})`);
      c.header('Retry-After', '5');
      c.header('Cache-Control', 'no-store');
      return c.json({ error: { code: 'unavailable', message: 'The comments cannot be reached just now: nothing was saved; try again in a few seconds.' } }, 503);
    }
    // Never the request's address or headers: only what failed.
    console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' } }, 500);
  });

  return app;
}

/**
 * The pages on another origin call the API: that origin is allowed, no other, and never with
 * credentials (the API identifies no one; moderation stays on its own origin). Errors carry the
 * header too, so the page can show their message.
 */
function apiCors(pagesOrigin: string) {
  return cors({
    origin: (origin) => (origin === pagesOrigin ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'DELETE'],
    allowHeaders: ['Content-Type'],
    exposeHeaders: ['Retry-After', 'Form-Token', 'Pow-Challenge', 'ETag'],
    credentials: false,
    maxAge: 600,
  });
}
