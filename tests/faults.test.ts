// The embedded database locked by another writer for longer than the busy timeout: the API
// answers 503 with a clear error meanwhile, writes nothing half-way, and recovers by itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
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

    // Another program holds the write lock for longer than the server's busy timeout (5 s).
    const other = createClient({ url });
    const transaction = await other.transaction('write');
    await transaction.execute("INSERT INTO settings (key, value) VALUES ('held-by-another-program', '1')");
    const refused = await post('During the lock');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Retry-After')).toBe('5');
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'unavailable' });
    // Reads go on: WAL readers never wait for a writer.
    expect((await fetch(`${server.origin}/api/posts/locked-post/comments`)).status).toBe(200);
    await transaction.rollback();
    other.close();

    // Nothing to restart: the next write after the lock is gone goes through.
    let status = 0;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && status !== 201; ) {
      status = (await post('After the lock')).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(201);
    const thread = (await (await fetch(`${server.origin}/api/posts/locked-post/comments`)).json()) as { comments: { html: string }[] };
    expect(thread.comments.map((c) => c.html.trim())).toEqual(['<p>Before the lock</p>', '<p>After the lock</p>']);
  }, 30_000);
});
