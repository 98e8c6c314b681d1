// The embedded database locked by another writer for longer than the busy timeout: the API
// answers 503 with a clear error meanwhile, writes nothing half-way, and recovers by itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { projectRoot } from '../build/site-build.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, writeMinimalDist, type ServerProcess } from './support/server-process.ts';

let dir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-faults-'));
  await writeMinimalDist(join(dir, 'dist'), [{ id: 'locked-post', title: 'Locked', url: '/2026/11/locked-post/', published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' }]);
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a locked database', () => {
  it('answers 503 while another writer holds the lock, then serves again', async () => {
    const url = `file:${join(dir, 'locked.db')}`;
    server = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: url, LIMITS: 'off' });
    const post = (body: string) => fetch(`${server!.origin}/api/posts/locked-post/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
    expect((await post('Before the lock')).status).toBe(201);

    // Another program holds the write lock for longer than the server's busy timeout (5 s); its
    // lock goes with it when it ends.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { createClient } from '@libsql/client';
      const db = createClient({ url: ${JSON.stringify(url)} });
      const tx = await db.transaction('write');
      await tx.execute("INSERT INTO settings (key, value) VALUES ('held-by-another-program', '1')");
      console.log('locked');
      setInterval(() => {}, 1000);
    `], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
    });
    const refused = await post('During the lock');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Retry-After')).toBe('5');
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'unavailable' });
    // Reads go on: WAL readers never wait for a writer.
    expect((await fetch(`${server.origin}/api/posts/locked-post/comments`)).status).toBe(200);
    const ended = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await ended;

    // Nothing to restart: the next write after the lock is gone goes through.
    let status = 0;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && status !== 201; ) {
      status = (await post('After the lock')).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status, server.output().split('\n').filter((l) => /unavailable|BUSY|error/i.test(l)).slice(-6).join('\n')).toBe(201);
    const thread = (await (await fetch(`${server.origin}/api/posts/locked-post/comments`)).json()) as { comments: { html: string }[] };
    expect(thread.comments.map((c) => c.html.trim())).toEqual(['<p>Before the lock</p>', '<p>After the lock</p>']);
  }, 30_000);
});
