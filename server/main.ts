// Entry point: reads the environment, builds the site if it is out of date, serves it: in this
// process, or with `--workers N` (WORKERS=N) in N processes sharing one port and one database.
import { serve } from '@hono/node-server';
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { blog } from '../site/config.ts';
import { createApp } from './app.ts';
import { openDatabase, type Database } from '../api/db/database.ts';
import { createWriteQueue, type WriteQueue } from '../api/db/write-queue.ts';
import { openWriteThread } from '../api/db/write-thread.ts';
import { parseEnv, resolveDatabaseUrl } from './env.ts';
import { sharedDailySalts } from '../api/privacy/daily-salt.ts';
import { forgetPastDays } from '../api/privacy/day-end.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool } from '../api/render/pool.ts';
import { loadSettings } from '../api/settings.ts';
import { createSetupToken } from '../moderation/auth/setup.ts';
import { deleteExpiredSessions } from '../moderation/auth/sessions.ts';
import { eraseExpiredText } from '../moderation/decisions.ts';
import { sharedSecret } from '../api/secrets.ts';
import { loadPagesManifest, loadPostsManifest } from '../build/posts-manifest.ts';
import { buildNeededBecause, buildSite, builtAt, projectRoot } from '../build/site-build.ts';

type Env = ReturnType<typeof parseEnv>;

/** Messages from the starting process to the processes it runs. */
type ClusterMessage = { type: 'salts'; salts: [day: number, salt: string][] };

function workerCount(): number {
  const flag = process.argv.indexOf('--workers');
  const text = flag >= 0 ? process.argv[flag + 1] : process.argv.find((a) => a.startsWith('--workers='))?.slice('--workers='.length) ?? process.env['WORKERS'];
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--workers (WORKERS) must be a whole number from 1 to 64, not "${text}".`);
  return n;
}

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  if (cluster.isWorker) return serveApi(env, { primary: false });
  const workers = workerCount();
  const distDir = resolve(projectRoot, env.distDir);

  const reason = env.buildOnStart === 'never' ? undefined : env.buildOnStart === 'always' ? 'BUILD_ON_START=always' : await buildNeededBecause({ outDir: distDir, siteUrl: env.siteUrl, apiUrl: env.apiUrl });
  if (reason) await buildOrKeep(env, distDir, reason);
  if (!env.limits) console.warn('\n  LIMITS=off: rate limits, form tokens and the timing check are OFF. Never run a public site like this.\n');
  if (workers === 1) return serveApi(env, { primary: true });
  return runCluster(env, workers);
}

/**
 * Builds the site; when the build fails and an earlier build is there, says why and what to do
 * and keeps serving that one (the comments with it). Only with no site at all does start fail.
 */
async function buildOrKeep(env: Env, distDir: string, reason: string): Promise<void> {
  console.log(`Building the site (${reason})…`);
  const started = Date.now();
  const output: string[] = [];
  try {
    await buildSite({ outDir: distDir, siteUrl: env.siteUrl, apiUrl: env.apiUrl, log: (line) => {
        output.push(line);
        console.log(`  ${line}`);
      },
    });
    console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const previous = await builtAt(distDir);
    const why = buildFailure(output);
    if (!previous) throw new Error(`The site could not be built (${message}), and there is no earlier build in ${distDir} to serve.${why}\n  Fix what the build names (the file, and the line or field), then run npm start again.`);
    console.error(
      `\n  The site could not be built (${message}): still serving the site as it was built at ${previous}, with its comments.${why}\n  Fix what the build names (the file, and the line or field), then restart npm start (or run npm run build) to publish the change.\n`,
    );
  }
}

/** The build's own words for what failed: its error lines up to the stack trace, or nothing. */
function buildFailure(output: string[]): string {
  const start = output.findIndex((line) => /\[ERROR\]|Error\]/.test(line));
  if (start < 0) return '';
  const end = output.findIndex((line, i) => i > start && /^\s*Stack trace:/.test(line));
  return `\n${output.slice(start, end < 0 ? start + 12 : end).map((line) => `    ${line}`).join('\n')}`;
}

/** This server's public address: API_URL, or SITE_URL, or else the address listened on. */
function publicUrl(env: Env, address: { address: string; port: number; family?: string | number }): string {
  if (env.apiUrl) return env.apiUrl;
  return env.siteUrl.startsWith(`http://${env.host}`) || env.port === 0 ? `http://${address.family === 'IPv6' || address.family === 6 ? `[${address.address}]` : address.address}:${address.port}` : env.siteUrl;
}

/** The database, with its write thread and queue. */
interface Store {
  db: Database;
  writes: WriteQueue;
  /** Waits for queued writes, then closes. */
  close(): Promise<void>;
}

async function openStore(env: Env): Promise<Store> {
  // A relative file: URL is relative to the project, wherever the command was started.
  const databaseUrl = resolveDatabaseUrl(env.databaseUrl);
  const db = await openDatabase({ url: databaseUrl, authToken: env.databaseAuthToken, syncUrl: env.databaseSyncUrl });
  const writeThread = openWriteThread(db, { url: databaseUrl, syncUrl: env.databaseSyncUrl });
  const writes = createWriteQueue(writeThread.batch);
  return {
    db,
    writes,
    async close() {
      await writes.idle();
      await writeThread.close();
      db.close();
    },
  };
}

/** Work that one process does for all: setup link, forgetting past days and the daily erasure. Returns its stop. */
function housekeep({ db, writes }: Store, url: string): () => void {
  const clock = () => Date.now();
  // No account yet: a link that creates the first editor, once, within the hour.
  void createSetupToken(db, clock()).then(
    (token) => {
      if (token) console.log(`\n  No moderator account yet. Create the first editor (this link works once, for an hour):\n  ${url}/moderation/setup/${token}\n`);
    },
    (error: unknown) => console.error('Could not make a setup link:', error),
  );
  // Expired counters go, and within ten minutes of a day's end everything that could link that
  // day's readers to their addresses.
  const forget = () => void forgetPastDays(writes, clock()).catch((error: unknown) => console.error('Forgetting the source keys of past days failed:', error));
  forget();
  const pruning = setInterval(forget, 10 * 60_000);
  pruning.unref();
  // Moderators' removed text past the retention window is erased, at start and daily.
  const erase = async () => {
    const erased = await eraseExpiredText(writes, clock(), (await loadSettings(db)).removedRetentionDays);
    if (erased > 0) console.log(`Erased the text of ${erased} comment${erased === 1 ? '' : 's'} removed by moderators longer ago than the retention window.`);
    await deleteExpiredSessions(db, clock());
  };
  const runErase = () => void erase().catch((error: unknown) => console.error('Erasing expired moderation text failed:', error));
  runErase();
  const daily = setInterval(runErase, 86_400_000);
  daily.unref();
  return () => {
    clearInterval(pruning);
    clearInterval(daily);
  };
}

/** Serves the site and the API in this process (alone, or as one of a cluster's processes). */
async function serveApi(env: Env, role: { primary: boolean }): Promise<void> {
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
  const store = await openStore(env);
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
      siteUrl: env.apiUrl ? env.siteUrl : ownUrl,
      apiUrl: env.apiUrl,
      posts,
      pages,
      comments: { db, writes, renderer, sources, clock, formSecret, limits: env.limits, trustedProxyHeader: env.trustedProxyHeader, timeZone: blog.timeZone, staffNames: [blog.author] },
    });
  let stopHousekeeping: (() => void) | undefined;
  const server = serve({ fetch: (request, bindings) => (app ??= makeApp(env.siteUrl)).fetch(request, bindings), hostname: env.host, port: env.port }, (info) => {
    const url = publicUrl(env, info);
    app = makeApp(url);
    if (!role.primary) return;
    const where = databaseUrl.startsWith('file:') ? databaseUrl.slice(5) : 'a libSQL server';
    const pagesElsewhere = env.apiUrl ? `; readers open the pages at ${env.siteUrl}/, which call the API here` : '';
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

/**
 * N processes serving one port (Node's cluster), each with its own connections to the database;
 * this process starts them, restarts one that dies, and does the shared housekeeping.
 */
async function runCluster(env: Env, count: number): Promise<void> {
  // The day's salt for source keys: made here, kept in memory only, handed to every process.
  const salts = new Map<number, string>();
  const currentSalts = (): ClusterMessage => {
    const today = Math.floor(Date.now() / 86_400_000);
    for (const day of salts.keys()) if (day < today) salts.delete(day);
    for (const day of [today, today + 1]) if (!salts.has(day)) salts.set(day, randomBytes(32).toString('base64'));
    return { type: 'salts', salts: [...salts] };
  };
  const send = (worker: Worker) => worker.send(currentSalts());
  setInterval(() => {
    for (const worker of Object.values(cluster.workers ?? {})) if (worker) send(worker);
  }, 3_600_000).unref();

  let stopping = false;
  let announced = false;
  // The starting process's own connection, for the housekeeping; opening it migrates the
  // database before the processes open it.
  const store = await openStore(env);
  let stopHousekeeping: (() => void) | undefined;
  cluster.on('online', send);
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    const url = publicUrl(env, { address: address.address ?? env.host, port: address.port, family: address.addressType });
    const databaseUrl = resolveDatabaseUrl(env.databaseUrl);
    console.log(`Befriend is serving ${postCount} posts at ${url}/ with ${count} processes (comments in ${databaseUrl.startsWith('file:') ? databaseUrl.slice(5) : 'a libSQL server'})`);
    stopHousekeeping = housekeep(store, url);
  });
  cluster.on('exit', (_worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        stopHousekeeping?.();
        void store.close().finally(() => process.exit(0));
      }
      return;
    }
    console.error(`A server process stopped (${signal ?? `exit code ${code}`}); starting another.`);
    cluster.fork();
  });
  const postCount = (await loadPostsManifest(resolve(projectRoot, env.distDir))).length;
  for (let i = 0; i < count; i++) cluster.fork();

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping on ${signal}: finishing requests in progress…`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
