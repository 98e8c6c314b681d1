// Serves a built site with the real app on a free loopback port.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app.ts';
import { loadPostsManifest } from '../../api/posts-manifest.ts';

export async function serveSite(distDir: string, siteUrl: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const app = createApp({ distDir, siteUrl, posts: await loadPostsManifest(distDir) });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
