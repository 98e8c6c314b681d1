// The API unchanged on a libSQL server: sqld as the primary on loopback, two API processes against
// it. What one writes, the other serves at once: same threads, same numbering, same sessions.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../api/db/database.ts';
import { saveSettings } from '../api/settings.ts';
import { createAccount } from '../moderation/auth/accounts.ts';
import { startServer, writeMinimalDist, type ServerProcess } from './support/server-process.ts';
import { sqldVersion, startSqld, type Sqld } from './support/sqld.ts';
import { inAFreshMinute } from './support/minute.ts';

let dir: string;
let sqld: Sqld;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-sqld-'));
  await writeMinimalDist(join(dir, 'dist'), [{ id: 'shared-post', title: 'Shared', url: '/2026/11/shared-post/', published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' }]);
  sqld = await startSqld(join(dir, 'primary'));
  // The first process migrates the server's database; the second finds it current.
  a = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: sqld.url, LIMITS: 'off' });
  b = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: sqld.url, LIMITS: 'off' });
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sqld?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('on a libSQL server', () => {
  it('uses the installed sqld', () => {
    expect(sqldVersion()).toMatch(/^sqld /);
  });

  it('posts through both processes and reads the same thread, numbered once, from both', async () => {
    const post = (server: ServerProcess, i: number) =>
      fetch(`${server.origin}/api/posts/shared-post/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: `Comment ${i} through ${server === a ? 'A' : 'B'}` }) }).then(async (res) => {
        expect(res.status).toBe(201);
        return ((await res.json()) as { comment: { id: number } }).comment.id;
      });
    const ids: number[] = [];
    for (let round = 0; round < 6; round++) ids.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => post(i % 2 ? a : b, round * 10 + i)))));
    // A reply written through A to a comment written through B.
    const reply = await fetch(`${a.origin}/api/posts/shared-post/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'A reply', parentId: ids[1] }) });
    expect(reply.status).toBe(201);
    const threads = await Promise.all([a, b].map(async (s) => (await (await fetch(`${s.origin}/api/posts/shared-post/comments`)).json()) as { count: number; comments: { id: number; number: string }[] }));
    const fromA = threads[0]!;
    const fromB = threads[1]!;
    expect(fromA).toEqual(fromB);
    expect(fromA.count).toBe(61);
    expect(new Set(fromA.comments.map((c) => c.number)).size).toBe(61);
    expect(fromA.comments.find((c) => c.number.endsWith('.1'))).toBeDefined();
  });

  it('a thread cached by one process is never older than a write through the other', async () => {
    const read = async (s: ServerProcess) => ((await (await fetch(`${s.origin}/api/posts/shared-post/comments`)).json()) as { count: number }).count;
    const before = await read(b);
    await fetch(`${a.origin}/api/posts/shared-post/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Fresh' }) });
    expect(await read(b)).toBe(before + 1);
  });

  it('shares sessions: signed in through one process, signed in on the other', async () => {
    const db = await openDatabase({ url: sqld.url });
    await createAccount(db, { name: 'Shared Editor', role: 'editor', password: 'a long shared password' }, Date.now());
    db.close();
    const login = await fetch(`${a.origin}/moderation/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: a.origin },
      body: new URLSearchParams({ username: 'Shared Editor', password: 'a long shared password' }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const me = await fetch(`${b.origin}/moderation/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ account: { name: 'Shared Editor', role: 'editor' } });
    // Signing out through B ends the session for A too.
    const out = await fetch(`${b.origin}/moderation/logout`, { method: 'POST', headers: { Cookie: cookie, Origin: b.origin }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect((await fetch(`${a.origin}/moderation/me`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('answers 503 with a clear error while the server is down, and recovers by itself', async () => {
    const post = (server: ServerProcess, body: string) => fetch(`${server.origin}/api/posts/shared-post/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
    const acknowledged = ((await (await post(a, 'Before the outage')).json()) as { comment: { id: number } }).comment.id;
    const { port } = new URL(sqld.url);
    const grpcPort = new URL(sqld.grpcUrl).port;
    await sqld.stop();

    for (const res of [await post(a, 'During the outage'), await fetch(`${b.origin}/api/comments/recent.atom`), await fetch(`${b.origin}/api/counts?posts=shared-post`)]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('Retry-After')).toBe('5');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    }

    sqld = await startSqld(join(dir, 'primary'), { httpPort: Number(port), grpcPort: Number(grpcPort) });
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 201) {
      status = (await post(b, 'After the outage')).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(201);
    const thread = (await (await fetch(`${a.origin}/api/posts/shared-post/comments`)).json()) as { comments: { id: number; html: string | null }[] };
    expect(thread.comments.some((c) => c.id === acknowledged)).toBe(true);
    expect(thread.comments.some((c) => c.html?.includes('During the outage'))).toBe(false);
  }, 40_000);
});

describe('replicas', () => {
  let replica: Sqld;
  let onReplica: ServerProcess;
  let embedded: ServerProcess;

  beforeAll(async () => {
    replica = await startSqld(join(dir, 'replica'), { primaryGrpcUrl: sqld.grpcUrl });
    onReplica = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: replica.url, LIMITS: 'off' });
    embedded = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: `file:${join(dir, 'embedded.db')}`, DATABASE_SYNC_URL: sqld.url, LIMITS: 'off' });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([onReplica?.stop(), embedded?.stop()]);
    await replica?.stop();
  });

  const thread = async (server: ServerProcess) => (await (await fetch(`${server.origin}/api/posts/shared-post/comments`)).json()) as { count: number; comments: { id: number; number: string }[] };
  const post = async (server: ServerProcess, body: string) => {
    const res = await fetch(`${server.origin}/api/posts/shared-post/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { comment: { id: number } }).comment.id;
  };

  it('a process on a read replica (sqld --primary-grpc-url) reads its own writes', async () => {
    // The replica applies the primary's frames a moment after the write is acknowledged: one
    // write and read can pass by luck, twenty in a row cannot.
    for (let round = 0; round < 20; round++) {
      const id = await post(onReplica, `Written through the read replica, round ${round}`);
      expect((await thread(onReplica)).comments.map((c) => c.id), `round ${round}`).toContain(id);
    }
    const last = (await thread(onReplica)).comments.at(-1)!.id;
    expect((await thread(a)).comments.map((c) => c.id)).toContain(last);
  });

  it('its database client reads every write it makes at once, and a session it opens', async () => {
    const db = await openDatabase({ url: replica.url });
    await db.execute('CREATE TABLE IF NOT EXISTS replica_check (id INTEGER PRIMARY KEY, n INTEGER)');
    const missed: number[] = [];
    for (let n = 0; n < 100; n++) {
      const [inserted] = await db.batch([{ sql: 'INSERT INTO replica_check (n) VALUES (?) RETURNING id', args: [n] }], 'write');
      const id = Number(inserted!.rows[0]!['id']);
      if ((await db.execute({ sql: 'SELECT n FROM replica_check WHERE id = ?', args: [id] })).rows.length === 0) missed.push(n);
    }
    expect(missed).toEqual([]);
    await createAccount(db, { name: 'Replica Editor', role: 'editor', password: 'a long replica password' }, Date.now());
    // A read after it waits until the replica has the account, for the process on it too.
    await db.execute('SELECT 1');
    db.close();
    // The session the process opens on sign-in is its own write: the next request finds it.
    const login = await fetch(`${onReplica.origin}/moderation/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: onReplica.origin },
      body: new URLSearchParams({ username: 'Replica Editor', password: 'a long replica password' }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await fetch(`${onReplica.origin}/moderation/me`, { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('a process on an embedded replica (file: + DATABASE_SYNC_URL) reads its own writes, and the others’ after sync', async () => {
    const own = await post(embedded, 'Written through the embedded replica');
    expect((await thread(embedded)).comments.map((c) => c.id)).toContain(own);
    expect((await thread(a)).comments.map((c) => c.id)).toContain(own);
    const other = await post(a, 'Written through the primary');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !(await thread(embedded)).comments.some((c) => c.id === other)) await new Promise((resolve) => setTimeout(resolve, 200));
    const [fromEmbedded, fromPrimary] = [await thread(embedded), await thread(a)];
    expect(fromEmbedded).toEqual(fromPrimary);
  });
});

describe('separate machines on one libSQL server', () => {
  const secret = 'the-same-secret-on-every-machine-0123456789';
  const started: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  /** Eight comments from one reader, alternating between two API processes, at 3 a minute (in one minute's window). */
  async function burst(env: Record<string, string>, address: string): Promise<number[]> {
    const pair = await Promise.all([0, 1].map(() => startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: sqld.url, TRUSTED_PROXY_HEADER: 'X-Forwarded-For', ...env })));
    started.push(...pair);
    await inAFreshMinute();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      // A form token is good for one comment: a fresh one each time.
      const token = (await fetch(`${pair[i % 2]!.origin}/api/posts/shared-post/comments`)).headers.get('Form-Token')!;
      const res = await fetch(`${pair[i % 2]!.origin}/api/posts/shared-post/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
        body: JSON.stringify({ body: `Limited ${address} ${i}`, formToken: token }),
      });
      statuses.push(res.status);
    }
    return statuses;
  }

  it('share rate limits when they share SOURCE_SECRET: a reader counts once whichever answers', async () => {
    const db = await openDatabase({ url: sqld.url });
    await saveSettings(db, { commentsPerMinute: 3, commentsPerDay: 100, minFormSeconds: 0, duplicateWindowMinutes: 0 });
    db.close();
    const statuses = await burst({ SOURCE_SECRET: secret }, '203.0.113.41');
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  }, 120_000);

  it('without it, each process keys readers with a salt of its own (the control)', async () => {
    const statuses = await burst({}, '203.0.113.42');
    expect(statuses.filter((s) => s === 201)).toHaveLength(6);
  }, 120_000);
});
