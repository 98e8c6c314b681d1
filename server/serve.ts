// One process serving the site, the comment board and moderation: alone, or as one of a cluster's.
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { sharedDailySalts } from '../api/privacy/daily-salt.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool } from '../api/render/pool.ts';
import { sharedSecret } from '../api/secrets.ts';
import { loadPagesManifest, loadPostsManifest } from '../build/posts-manifest.ts';
import { startingSite } from '../build/releases.ts';
import { projectRoot } from '../build/site-build.ts';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { blog } from '../site/config.ts';
import { createApp } from './app.ts';
import { openBoardDatabase } from './board-database.ts';
import { resolveDatabaseUrl, type ServerEnv } from './env.ts';
import { housekeep } from './housekeeping.ts';
import { moderatorMail } from '../moderation/notify.ts';
import type { BuildStatus, Publishing } from '../site/lib/build-status.ts';

/** Messages from the starting process (server/cluster.ts) to the processes it runs. */
export type ClusterMessage =
  | { type: 'salts'; salts: [day: number, salt: string][] }
  /** A new build is live: serve it. */
  | { type: 'release'; dir: string }
  | { type: 'build-status'; status: BuildStatus };

/** Messages from a cluster's processes to the starting process. */
export type WorkerMessage = { type: 'build-request'; reason: string; erase?: boolean };

/** The site a process serves: a build's folder and its manifests, swapped together. */
interface ServedSite {
  dir: string;
  posts: PostsManifestEntry[];
  pages: PagesManifestEntry[];
}

async function loadSite(dir: string): Promise<ServedSite> {
  const [posts, pages] = await Promise.all([loadPostsManifest(dir), loadPagesManifest(dir)]);
  return { dir, posts, pages };
}

/** This server's public address: API_URL, or SITE_URL, or else the address listened on. */
export function publicUrl(env: ServerEnv, address: { address: string; port: number; family?: string | number }): string {
  if (env.boardOrigin) return env.boardOrigin;
  return env.pagesOrigin.startsWith(`http://${env.host}`) || env.port === 0 ? `http://${address.family === 'IPv6' || address.family === 6 ? `[${address.address}]` : address.address}:${address.port}` : env.pagesOrigin;
}

/**
 * Serves the site and the API in this process (alone, or as one of a cluster's). `site` is the
 * folder to serve (by default the live build, else dist/ itself); `publishing`, when this process builds, says how builds are going and takes
 * requests for one. Returns the swap: given a new build's folder, it serves that from then on.
 */
export async function serveApi(env: ServerEnv, role: { primary: boolean; site?: string; publishing?: Publishing | undefined }): Promise<{ serve(dir: string): Promise<void> }> {
  // In a cluster, the day's salt comes from the starting process, so every process keys a reader
  // alike. Listening before anything else: the first message comes as soon as this process is up.
  const salts = new Map<number, Buffer>();
  let publishing = role.publishing;
  /** The newest build this process was told of, until it serves one (see swap below). */
  let told: string | undefined;
  let swap = async (dir: string) => {
    told = dir;
  };
  if (!role.primary) {
    // The starting process builds: this one serves what it makes live, and passes staff's
    // requests for a build on to it.
    let mirrored: BuildStatus = { state: 'idle', queued: false };
    publishing = { status: () => mirrored, request: (reason, options) => process.send?.({ type: 'build-request', reason, ...(options?.erase ? { erase: true } : {}) } satisfies WorkerMessage) };
    process.on('message', (message: ClusterMessage) => {
      if (message?.type === 'salts') {
        salts.clear();
        for (const [day, salt] of message.salts) salts.set(day, Buffer.from(salt, 'base64'));
      } else if (message?.type === 'release') void swap(message.dir);
      else if (message?.type === 'build-status') mirrored = message.status;
    });
  }
  const distDir = resolve(projectRoot, env.distDir);
  let site = await loadSite(role.site ?? (await startingSite(distDir)) ?? distDir);
  const databaseUrl = resolveDatabaseUrl(env.databaseUrl);
  const store = await openBoardDatabase(env);
  const { db, writes } = store;
  // A render that is merely queued behind a busy CPU must not be mistaken for a pathological body
  // (those are refused by the renderer's own checks within milliseconds).
  const renderer = createRenderPool({ timeoutMs: 1000, ...(env.renderWorkers ? { size: env.renderWorkers } : {}) });
  const { clock } = env;
  const formSecret = await sharedSecret(db, 'form');
  // Machines that serve one site share the day's salt through SOURCE_SECRET; processes on one
  // machine get it from the process that started them; a process alone draws its own.
  const daily = env.sourceSecret ? await sharedDailySalts(db, env.sourceSecret, clock) : undefined;
  const sources = daily ? createSourceHasher(clock, randomBytes, (day) => daily.get(day)) : role.primary ? createSourceHasher(clock) : createSourceHasher(clock, randomBytes, (day) => salts.get(day));
  // The app is made once the port is known: the site's origin (for same-origin checks, feeds and
  // links) is the address listened on unless SITE_URL names the public one.
  let app: ReturnType<typeof createApp> | undefined;
  let ownUrl = env.pagesOrigin;
  // One per process, across builds: its quiet periods outlive an app.
  const mail = env.moderatorMail && moderatorMail({ db, clock, settings: env.moderatorMail, moderationUrl: () => `${ownUrl}/moderation` });
  const makeApp = (url: string) =>
    createApp({
      distDir: site.dir,
      pagesOrigin: env.boardOrigin ? env.pagesOrigin : url,
      boardOrigin: env.boardOrigin,
      posts: site.posts,
      pages: site.pages,
      publishing,
      desk: { postsDir: env.postsDir, publicDir: env.publicDir, locale: blog.locale },
      comments: { db, writes, renderer, sources, clock, formSecret, limits: env.limits, powMaxCounter: env.proofOfWork ? env.powHashes : 0, trustedProxyHeader: env.trustedProxyHeader, timeZone: env.timeZone, staffNames: [blog.author], ...(mail ? { onQueueEvent: mail.notify } : {}) },
    });
  let stopHousekeeping: (() => void) | undefined;
  // A new build: its manifests are read first, then the folder, the post list and the page shell
  // change together in one assignment. A request keeps the app it began with to its end.
  let latest = 0;
  swap = async (dir: string) => {
    if (dir === site.dir) return;
    const mine = ++latest;
    const next = await loadSite(dir);
    // Two builds in quick succession: the later one wins, whichever finished loading first.
    if (mine !== latest) return;
    site = next;
    app = makeApp(ownUrl);
  };
  if (told !== undefined && told !== site.dir) await swap(told);
  const server = serve({ fetch: (request, bindings) => (app ??= makeApp(ownUrl)).fetch(request, bindings), hostname: env.host, port: env.port }, (info) => {
    const url = publicUrl(env, info);
    ownUrl = url;
    app = makeApp(url);
    if (!role.primary) return;
    const where = databaseUrl.startsWith('file:') ? databaseUrl.slice(5) : 'a libSQL server';
    const pagesElsewhere = env.boardOrigin ? `; readers open the pages at ${env.pagesOrigin}/, which call the API here` : '';
    console.log(`Befriend is serving ${site.posts.length} posts at ${url}/ (comments in ${where}${pagesElsewhere})`);
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
      mail?.close();
      void Promise.all([renderer.close(), store.close()]).finally(() => process.exit(0));
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { serve: (dir) => swap(dir) };
}

