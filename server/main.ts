// Entry point: reads the environment, builds the site if it is out of date, serves it: in this
// process, or with `--workers N` (WORKERS=N) in N processes sharing one port and one database.
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { buildNeededBecause, projectRoot } from '../build/site-build.ts';
import { buildOrKeep } from './build-on-start.ts';
import { runCluster } from './cluster.ts';
import { parseEnv } from './env.ts';
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
  if (cluster.isWorker) return serveApi(env, { primary: false });
  const workers = workerCount();
  const distDir = resolve(projectRoot, env.distDir);

  const reason = env.buildOnStart === 'never' ? undefined : env.buildOnStart === 'always' ? 'BUILD_ON_START=always' : await buildNeededBecause({ outDir: distDir, pagesOrigin: env.pagesOrigin, boardOrigin: env.boardOrigin, timeZone: env.timeZone });
  if (reason) await buildOrKeep(env, process.env, distDir, reason);
  if (!env.limits) console.warn('\n  LIMITS=off: rate limits, form tokens and the timing check are OFF. Never run a public site like this.\n');
  if (workers === 1) return serveApi(env, { primary: true });
  return runCluster(env, workers);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
