// A comment acknowledged with 201 survives the server being killed (SIGKILL) the instant after.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../api/db/database.ts';
import { startServer, writeMinimalDist, type ServerProcess } from './support/server-process.ts';
import { startSqld } from './support/sqld.ts';

let dir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-crash-'));
  await writeMinimalDist(join(dir, 'dist'), [
    { id: 'crash-post', title: 'Crash', url: '/2026/11/crash-post/', published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' },
  ]);
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('every acknowledged comment is there after SIGKILL in the middle of a write burst', async () => {
    const env = { DIST_DIR: join(dir, 'dist'), DATABASE_URL: `file:${join(dir, 'crash.db')}`, LIMITS: 'off' };
    server = await startServer(env);
    const acknowledged = new Set<number>();
    let sent = 0;
    let killed = false;
    const writer = async (worker: number) => {
      while (!killed) {
        sent += 1;
        try {
          const res = await fetch(`${server!.origin}/api/posts/crash-post/comments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ body: `Comment ${sent} from writer ${worker}, with **some** text.` }),
          });
          if (res.status === 201) acknowledged.add(((await res.json()) as { comment: { id: number } }).comment.id);
        } catch {
          // The connection died with the server: that comment was never acknowledged.
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, i) => writer(i));
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await server.stop('SIGKILL');
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);

    // After a restart, the database has every acknowledged comment.
    server = await startServer(env);
    const thread = (await (await fetch(`${server.origin}/api/posts/crash-post/comments`)).json()) as { comments: { id: number }[] };
    const stored = new Set(thread.comments.map((c) => c.id));
    const lost = [...acknowledged].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    await server.stop();

    const db = await openDatabase({ url: `file:${join(dir, 'crash.db')}` });
    expect((await db.execute('PRAGMA integrity_check')).rows[0]?.[0]).toBe('ok');
    db.close();
  });

  /** Writes from 8 writers until `count` are acknowledged, then calls `crash`; returns the acknowledged ids. */
  async function burst(origin: string, count: number, crash: () => Promise<void>): Promise<Set<number>> {
    const acknowledged = new Set<number>();
    let stop = false;
    let sent = 0;
    const writer = async (n: number) => {
      while (!stop) {
        sent += 1;
        try {
          const res = await fetch(`${origin}/api/posts/crash-post/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: `Burst comment ${sent} from writer ${n}.` }) });
          if (res.status === 201) acknowledged.add(((await res.json()) as { comment: { id: number } }).comment.id);
        } catch {
          // The connection died with the server: never acknowledged.
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, i) => writer(i));
    while (acknowledged.size < count) await new Promise((r) => setTimeout(r, 5));
    await crash();
    stop = true;
    await Promise.all(writers);
    return acknowledged;
  }

  it('in a cluster of two processes, SIGKILL of every process loses no acknowledged comment', async () => {
    const env = { DIST_DIR: join(dir, 'dist'), DATABASE_URL: `file:${join(dir, 'cluster-crash.db')}`, LIMITS: 'off', WORKERS: '2' };
    server = await startServer(env);
    const primary = server.child.pid!;
    const acknowledged = await burst(server.origin, 150, async () => {
      // The processes the cluster started, then the starting one: nothing gets to finish cleanly.
      const { execFileSync } = await import('node:child_process');
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(primary)], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
      await server!.stop('SIGKILL');
      for (const pid of children) process.kill(pid, 'SIGKILL');
    });
    server = await startServer({ ...env, WORKERS: '1' });
    const thread = (await (await fetch(`${server.origin}/api/posts/crash-post/comments`)).json()) as { comments: { id: number }[] };
    const stored = new Set(thread.comments.map((c) => c.id));
    expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
    await server.stop();
  }, 60_000);

  it('on a libSQL server, SIGKILL of the server mid-burst loses no acknowledged comment', async () => {
    let sqld = await startSqld(join(dir, 'sqld-crash'));
    const env = { DIST_DIR: join(dir, 'dist'), DATABASE_URL: sqld.url, LIMITS: 'off' };
    server = await startServer(env);
    const acknowledged = await burst(server.origin, 150, async () => {
      sqld.child.kill('SIGKILL');
      await new Promise((resolve) => sqld.child.once('exit', resolve));
    });
    const { port } = new URL(sqld.url);
    sqld = await startSqld(join(dir, 'sqld-crash'), { httpPort: Number(port), grpcPort: Number(new URL(sqld.grpcUrl).port) });
    try {
      // The API process never stopped: it reconnects by itself.
      const deadline = Date.now() + 15_000;
      let thread: { comments: { id: number }[] } | undefined;
      while (Date.now() < deadline) {
        const res = await fetch(`${server.origin}/api/posts/crash-post/comments`);
        if (res.status === 200) {
          thread = (await res.json()) as { comments: { id: number }[] };
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      const stored = new Set(thread!.comments.map((c) => c.id));
      expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await server.stop();
      await sqld.stop();
    }
  }, 60_000);
});
