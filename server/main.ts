// Entry point: reads the environment, builds the site if it is out of date, serves it (in this
// process, or with `--workers N` (WORKERS=N) in N processes sharing one port and one database),
// and publishes changes while serving.
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { projectRoot } from '../build/site-build.ts';
import { runCluster } from './cluster.ts';
import { parseEnv } from './env.ts';
import { startPublishing } from './publishing.ts';
import { serveApi } from './serve.ts';

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
  const distDir = resolve(projectRoot, env.distDir);
  if (cluster.isWorker) {
    // The folder to serve is found after this process listens for the starting process's messages.
    await serveApi(env, { primary: false });
    return;
  }
  const workers = workerCount();
  const publishing = await startPublishing(env, process.env, distDir);
  if (!env.limits) console.warn('\n  LIMITS=off: rate limits, form tokens and the timing check are OFF. Never run a public site like this.\n');
  if (workers === 1) {
    const server = await serveApi(env, { primary: true, site: publishing.site, publishing: publishing.publisher });
    publishing.onLive((dir) => server.serve(dir));
    return;
  }
  await runCluster(env, workers, publishing);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
