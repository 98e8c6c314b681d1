// One process serving the site, the comment board and moderation: alone, or as one of a cluster's.
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { sharedDailySalts } from '../api/privacy/daily-salt.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool } from '../api/render/pool.ts';
import { sharedSecret } from '../api/secrets.ts';
import { loadPagesManifest, loadPostsManifest } from '../build/posts-manifest.ts';
import { projectRoot } from '../build/site-build.ts';
import { blog } from '../site/config.ts';
import { createApp } from './app.ts';
import { openBoardDatabase } from './board-database.ts';
import { resolveDatabaseUrl, type ServerEnv } from './env.ts';
import { housekeep } from './housekeeping.ts';

/** Messages from the starting process (server/cluster.ts) to the processes it runs. */
export type ClusterMessage = { type: 'salts'; salts: [day: number, salt: string][] };

/** This server's public address: API_URL, or SITE_URL, or else the address listened on. */
export function publicUrl(env: ServerEnv, address: { address: string; port: number; family?: string | number }): string {
  if (env.boardOrigin) return env.boardOrigin;
  return env.pagesOrigin.startsWith(`http://${env.host}`) || env.port === 0 ? `http://${address.family === 'IPv6' || address.family === 6 ? `[${address.address}]` : address.address}:${address.port}` : env.pagesOrigin;
}

/** Serves the site and the API in this process (alone, or as one of a cluster's processes). */
export async function serveApi(env: ServerEnv, role: { primary: boolean }): Promise<void> {
  // In a cluster, the day's salt comes from the starting process, so every process keys a reader
  // alike. Listening before anything else: the first message comes as soon as this process is up.
  const salts = new Map<number, Buffer>();
  if (!role.primary) {
    process.on('message', (message: ClusterMessage) => {
      if (message?.type !== 'salts') return;
      salts.clear();
      for (const [day, salt] of message.salts) salts.set(day, Buffer.from(salt, 'base64'));
    });
  }
  const distDir = resolve(projectRoot, env.distDir);
  const [posts, pages] = await Promise.all([loadPostsManifest(distDir), loadPagesManifest(distDir)]);
  const databaseUrl = resolveDatabaseUrl(env.databaseUrl);
  const store = await openBoardDatabase(env);
  const { db, writes } = store;
  // A render that is merely queued behind a busy CPU must not be mistaken for a pathological body
  // (those are refused by the renderer's own checks within milliseconds).
  const renderer = createRenderPool({ timeoutMs: 1000, ...(env.renderWorkers ? { size: env.renderWorkers } : {}) });
  const clock = () => Date.now();
  const formSecret = await sharedSecret(db, 'form');
  // Machines that serve one site share the day's salt through SOURCE_SECRET; processes on one
  // machine get it from the process that started them; a process alone draws its own.
  const daily = env.sourceSecret ? await sharedDailySalts(db, env.sourceSecret, clock) : undefined;
  const sources = daily ? createSourceHasher(clock, randomBytes, (day) => daily.get(day)) : role.primary ? createSourceHasher(clock) : createSourceHasher(clock, randomBytes, (day) => salts.get(day));
  // The app is made once the port is known: the site's origin (for same-origin checks, feeds and
  // links) is the address listened on unless SITE_URL names the public one.
  let app: ReturnType<typeof createApp> | undefined;
  const makeApp = (ownUrl: string) =>
    createApp({
      distDir,
      pagesOrigin: env.boardOrigin ? env.pagesOrigin : ownUrl,
      boardOrigin: env.boardOrigin,
      posts,
      pages,
      comments: { db, writes, renderer, sources, clock, formSecret, limits: env.limits, trustedProxyHeader: env.trustedProxyHeader, timeZone: env.timeZone, staffNames: [blog.author] },
    });
  let stopHousekeeping: (() => void) | undefined;
  const server = serve({ fetch: (request, bindings) => (app ??= makeApp(env.pagesOrigin)).fetch(request, bindings), hostname: env.host, port: env.port }, (info) => {
    const url = publicUrl(env, info);
    app = makeApp(url);
    if (!role.primary) return;
    const where = databaseUrl.startsWith('file:') ? databaseUrl.slice(5) : 'a libSQL server';
    const pagesElsewhere = env.boardOrigin ? `; readers open the pages at ${env.pagesOrigin}/, which call the API here` : '';
    console.log(`Befriend is serving ${posts.length} posts at ${url}/ (comments in ${where}${pagesElsewhere})`);
    stopHousekeeping = housekeep(store, url);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') console.error(`Port ${env.port} is in use: stop the other server or choose another with PORT=…`);
    else console.error(error);
    process.exit(1);
  });

  // Say why the server stops, so a stop is never mistaken for a crash.
  const stop = (signal: NodeJS.Signals) => {
    if (role.primary) console.log(`Stopping on ${signal}: finishing requests in progress…`);
    server.close(() => {
      stopHousekeeping?.();
      daily?.stop();
      void Promise.all([renderer.close(), store.close()]).finally(() => process.exit(0));
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

