// The real server (server/main.ts) as a child process, on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../build/site-build.ts';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** A dist/ with just what the server needs: the posts manifest and a 404 page. */
export async function writeMinimalDist(dir: string, posts: PostsManifestEntry[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'posts.json'), JSON.stringify(posts));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Home</title><main id="main"></main>');
  await writeFile(join(dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main" class="wrap"></main></body></html>');
}

/** Starts the server; `timeoutMs` gives it longer to say it is serving (e.g. when it builds first). */
export async function startServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', BUILD_ON_START: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${log}`)), timeoutMs);
    const check = () => {
      const match = /serving \d+ posts at (http:\/\/[^/\s]+)\//.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code}:\n${log}`));
    });
  });
  return {
    origin,
    child,
    output: () => log,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/**
 * Waits until `check` holds (a build takes seconds); fails saying what it waited for, with the end
 * of the server's output. `server` is read when it fails (a test may have restarted it).
 */
export async function waitUntil(server: () => ServerProcess, what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting until ${what}.\n${server().output().slice(-3000)}`);
}
