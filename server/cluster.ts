// N processes serving one port (Node's cluster), each with its own connections to the database.
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { loadPostsManifest } from '../build/posts-manifest.ts';
import { openBoardDatabase } from './board-database.ts';
import { resolveDatabaseUrl, type ServerEnv } from './env.ts';
import { housekeep } from './housekeeping.ts';
import type { PublishingSite } from './publishing.ts';
import { publicUrl, type ClusterMessage, type WorkerMessage } from './serve.ts';

/**
 * N processes serving one port (Node's cluster), each with its own connections to the database;
 * this process starts them, restarts one that dies, and does the shared housekeeping.
 */
export async function runCluster(env: ServerEnv, count: number, publishing: PublishingSite): Promise<void> {
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
  const store = await openBoardDatabase(env);
  let stopHousekeeping: (() => void) | undefined;
  // This process builds; the others serve each new build as soon as it is live, and pass on
  // staff's requests for a build.
  const workers = () => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
  let site = publishing.site;
  publishing.onLive((dir) => {
    site = dir;
    for (const worker of workers()) worker.send({ type: 'release', dir } satisfies ClusterMessage);
  });
  publishing.onStatus((status) => {
    for (const worker of workers()) worker.send({ type: 'build-status', status } satisfies ClusterMessage);
  });
  cluster.on('message', (_worker, message: WorkerMessage) => {
    if (message?.type === 'build-request') publishing.publisher?.request(message.reason, { erase: message.erase === true });
  });
  cluster.on('online', (worker) => {
    send(worker);
    // A process started while a build was being made live may have read the link before it changed.
    worker.send({ type: 'release', dir: site } satisfies ClusterMessage);
    if (publishing.publisher) worker.send({ type: 'build-status', status: publishing.publisher.status() } satisfies ClusterMessage);
  });
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
  const postCount = (await loadPostsManifest(publishing.site)).length;
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

