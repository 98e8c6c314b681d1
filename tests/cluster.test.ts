// `npm start -- --workers 2`: two server processes behind one port, on one embedded database file
// in WAL mode. Concurrent writes through both lose nothing and number consistently; rate limits
// are shared (the day's salt comes from the starting process); a process that dies is replaced.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { openDatabase } from '../api/db/database.ts';
import { saveSettings } from '../api/settings.ts';
import { startServer, writeMinimalDist, type ServerProcess } from './support/server-process.ts';
import { inAFreshMinute } from './support/minute.ts';

let dir: string;
let server: ServerProcess | undefined;

const post = (id: string) => ({ id, title: id, url: `/2026/11/${id}/`, published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' as const });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-cluster-'));
  await writeMinimalDist(join(dir, 'dist'), [post('busy-post'), post('limited-post')]);
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * A request on a connection of its own (no keep-alive), so that the cluster, which hands out
 * connections to its processes in turn, spreads requests over both.
 */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: () => unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: () => JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The server processes started by the given one (its cluster workers), from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('two server processes on one database', () => {
  it('stores every acknowledged comment from concurrent writers, numbered once, read alike by both', async () => {
    const database = join(dir, 'cluster.db');
    const db = await openDatabase({ url: `file:${database}` });
    await saveSettings(db, { commentsPerMinute: 3, minFormSeconds: 0, duplicateWindowMinutes: 0 });
    db.close();
    server = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: `file:${database}`, WORKERS: '2', LIMITS: 'off', TRUSTED_PROXY_HEADER: 'X-Forwarded-For' });
    expect(server.output()).toContain('with 2 processes');
    expect(childrenOf(server.child.pid!).length).toBe(2);

    const acknowledged: number[] = [];
    // A connection each: the cluster hands connections to its processes in turn.
    const send = async (i: number) => {
      const res = await request(`${server!.origin}/api/posts/busy-post/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: `Comment ${i}, sent at once with the others.` }),
      });
      expect(res.status).toBe(201);
      acknowledged.push((res.json() as { comment: { id: number } }).comment.id);
    };
    for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: 20 }, (_, i) => send(round * 20 + i)));

    const threads = await Promise.all(
      Array.from({ length: 6 }, async () => (await request(`${server!.origin}/api/posts/busy-post/comments`)).json() as { count: number; comments: { id: number; number: string }[] }),
    );
    for (const thread of threads) {
      expect(thread.count).toBe(200);
      expect(new Set(thread.comments.map((c) => c.id))).toEqual(new Set(acknowledged));
      expect(thread.comments.map((c) => c.number)).toEqual(Array.from({ length: 200 }, (_, i) => String(i + 1)));
    }
    await server.stop();
    server = undefined;
  });

  it('shares rate limits between the processes', async () => {
    const database = join(dir, 'limits.db');
    const db = await openDatabase({ url: `file:${database}` });
    await saveSettings(db, { commentsPerMinute: 3, commentsPerDay: 100, minFormSeconds: 0, duplicateWindowMinutes: 0 });
    db.close();
    server = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: `file:${database}`, WORKERS: '2', TRUSTED_PROXY_HEADER: 'X-Forwarded-For' });
    const statuses: number[] = [];
    await inAFreshMinute();
    for (let i = 0; i < 8; i++) {
      // A form token is good for one comment: a fresh one each time.
      const token = String((await request(`${server.origin}/api/posts/limited-post/comments`)).headers['form-token']);
      const res = await request(`${server.origin}/api/posts/limited-post/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.77' },
        body: JSON.stringify({ body: `Try ${i}`, formToken: token }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  }, 120_000);

  it('replaces a process that dies, and keeps serving', async () => {
    const [victim] = childrenOf(server!.child.pid!);
    process.kill(victim!, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const now = childrenOf(server!.child.pid!);
      if (now.length === 2 && !now.includes(victim!)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(childrenOf(server!.child.pid!)).toHaveLength(2);
    expect(server!.output()).toMatch(/A server process stopped \(SIGKILL\); starting another/);
    for (let i = 0; i < 6; i++) expect((await request(`${server!.origin}/api/posts/limited-post/comments`)).status).toBe(200);
  });
});
