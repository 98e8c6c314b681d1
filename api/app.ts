// The application: built by a factory so tests call app.request() with no server.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { bloggerRedirects } from './blogger-redirects.ts';
import { securityHeaders } from './security-headers.ts';
import { fileResponse, serveDist } from './static.ts';

export interface AppOptions {
  /** The built site (dist/). */
  distDir: string;
  /** Public origin, e.g. https://blog.example.org */
  siteUrl: string;
  /** Published posts, from dist/posts.json. */
  posts: readonly PostsManifestEntry[];
}

export function createApp({ distDir, siteUrl, posts }: AppOptions): Hono {
  const app = new Hono();
  app.use(securityHeaders({ https: siteUrl.startsWith('https:') }));
  app.use(compress());

  app.route('/', bloggerRedirects(posts));
  app.use(serveDist(distDir));

  app.notFound(async (c) => {
    const page = join(distDir, '404.html');
    const info = await stat(page).catch(() => undefined);
    if (!info?.isFile() || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return c.text('Not found', 404);
    return fileResponse({ path: page, size: info.size, mtime: info.mtime }, c.req.raw, { status: 404, cacheControl: 'no-cache' });
  });

  app.onError((error, c) => {
    console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
    return c.text('Something went wrong on our side. Please try again in a moment.', 500);
  });

  return app;
}
