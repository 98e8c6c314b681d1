// Entry point: reads the environment, builds the site if it is out of date, serves it.
import { serve } from '@hono/node-server';
import { resolve } from 'node:path';
import { blog } from '../site/config.ts';
import { createApp } from './app.ts';
import { pruneLimits } from './comments/model.ts';
import { openDatabase } from './db/database.ts';
import { createWriteQueue } from './db/write-queue.ts';
import { openWriteThread } from './db/write-thread.ts';
import { parseEnv, resolveDatabaseUrl } from './env.ts';
import { createSourceHasher } from './privacy/source.ts';
import { createRenderPool } from './render/pool.ts';
import { loadSettings } from './settings.ts';
import { createSetupToken } from '../moderation/auth/setup.ts';
import { deleteExpiredSessions } from '../moderation/auth/sessions.ts';
import { eraseExpiredText } from '../moderation/queue.ts';
import { sharedSecret } from './secrets.ts';
import { loadPagesManifest, loadPostsManifest } from './posts-manifest.ts';
import { buildNeededBecause, buildSite, projectRoot } from './site-build.ts';

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const distDir = resolve(projectRoot, env.distDir);

  const reason = env.buildOnStart === 'never' ? undefined : env.buildOnStart === 'always' ? 'BUILD_ON_START=always' : await buildNeededBecause({ outDir: distDir, siteUrl: env.siteUrl });
  if (reason) {
    console.log(`Building the site (${reason})…`);
    const started = Date.now();
    await buildSite({ outDir: distDir, siteUrl: env.siteUrl, log: (line) => console.log(`  ${line}`) });
    console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }

  const [posts, pages] = await Promise.all([loadPostsManifest(distDir), loadPagesManifest(distDir)]);
  // A relative file: URL is relative to the project, wherever the command was started.
  const databaseUrl = resolveDatabaseUrl(env.databaseUrl);
  const db = await openDatabase({ url: databaseUrl, authToken: env.databaseAuthToken, syncUrl: env.databaseSyncUrl });
  const writeThread = openWriteThread(db, { url: databaseUrl, syncUrl: env.databaseSyncUrl });
  const writes = createWriteQueue(writeThread.batch);
  // A render that is merely queued behind a busy CPU must not be mistaken for a pathological body
  // (those are refused by the renderer's own checks within milliseconds).
  const renderer = createRenderPool({ timeoutMs: 1000, ...(env.renderWorkers ? { size: env.renderWorkers } : {}) });
  if (!env.limits) console.warn('\n  LIMITS=off: rate limits, form tokens and the timing check are OFF. Never run a public site like this.\n');
  const clock = () => Date.now();
  const app = createApp({
    distDir,
    siteUrl: env.siteUrl,
    posts,
    pages,
    comments: {
      db,
      writes,
      renderer,
      sources: createSourceHasher(clock),
      clock,
      formSecret: await sharedSecret(db, 'form'),
      limits: env.limits,
      trustedProxyHeader: env.trustedProxyHeader,
      timeZone: blog.timeZone,
      staffNames: [blog.author],
    },
  });
  const pruning = setInterval(() => void pruneLimits(db, clock()).catch((error: unknown) => console.error('Pruning rate limits failed:', error)), 10 * 60_000);
  pruning.unref();
  // Moderators' removed text past the retention window is erased, at start and daily.
  const housekeeping = async () => {
    const erased = await eraseExpiredText(writes, clock(), (await loadSettings(db)).removedRetentionDays);
    if (erased > 0) console.log(`Erased the text of ${erased} comment${erased === 1 ? '' : 's'} removed by moderators longer ago than the retention window.`);
    await deleteExpiredSessions(db, clock());
  };
  const runHousekeeping = () => void housekeeping().catch((error: unknown) => console.error('Erasing expired moderation text failed:', error));
  runHousekeeping();
  setInterval(runHousekeeping, 86_400_000).unref();
  const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
    const url = env.siteUrl.startsWith(`http://${env.host}`) || env.port === 0 ? `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}` : env.siteUrl;
    console.log(`Befriend is serving ${posts.length} posts at ${url}/ (comments in ${databaseUrl.startsWith('file:') ? databaseUrl.slice(5) : 'a libSQL server'})`);
    // No account yet: a link that creates the first editor, once, within the hour.
    void createSetupToken(db, clock()).then(
      (token) => {
        if (token) console.log(`\n  No moderator account yet. Create the first editor (this link works once, for an hour):\n  ${env.siteUrl.startsWith(`http://${env.host}`) || env.port === 0 ? url : env.siteUrl}/moderation/setup/${token}\n`);
      },
      (error: unknown) => console.error('Could not make a setup link:', error),
    );
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') console.error(`Port ${env.port} is in use: stop the other server or choose another with PORT=…`);
    else console.error(error);
    process.exit(1);
  });

  // Say why the server stops, so a stop is never mistaken for a crash.
  const stop = (signal: NodeJS.Signals) => {
    console.log(`Stopping on ${signal}: finishing requests in progress…`);
    server.close(() => {
      void Promise.all([renderer.close(), writes.idle().then(() => writeThread.close())]).finally(() => {
        db.close();
        process.exit(0);
      });
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
