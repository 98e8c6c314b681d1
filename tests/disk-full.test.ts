// A full disk under the embedded database: the API answers 503 with a clear error meanwhile,
// recovers by itself once there is room again, and loses nothing it acknowledged.
//
// The machine runs tests as root (file modes are ignored) and has no loop device, so the disk is
// "full" through a size-limited file instead: the server process's RLIMIT_FSIZE is lowered to
// about the size its database files already have. Node ignores SIGXFSZ, so a write past the limit
// fails with EFBIG and the commit fails, as it does when the disk has no room. prlimit
// (util-linux) changes the limit of the running process and raises it again later: nothing is
// restarted.
import { createClient } from '@libsql/client';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, writeMinimalDist, type ServerProcess } from './support/server-process.ts';

const prlimitPath = ['/usr/bin/prlimit', '/bin/prlimit'].find((path) => existsSync(path));

/** Sets the soft file-size limit of a running process (the hard one stays unlimited, so it can be raised again). */
function setFileSizeLimit(pid: number, bytes: number | 'unlimited'): void {
  execFileSync(prlimitPath!, [`--pid=${pid}`, `--fsize=${bytes}:unlimited`], { stdio: ['ignore', 'ignore', 'pipe'] });
  // A limit that silently did not take would make the test prove nothing.
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max file size'));
  expect(line?.split(/\s{2,}/)[1], 'the server process’s soft file-size limit').toBe(String(bytes));
}

const sizeOf = async (path: string): Promise<number> => (await stat(path).catch(() => undefined))?.size ?? 0;

type Thread = { comments: { id: number; html: string }[] };

let dir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-disk-full-'));
  await writeMinimalDist(join(dir, 'dist'), [{ id: 'full-post', title: 'Full', url: '/2026/11/full-post/', published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' }]);
});

afterAll(async () => {
  // Never leave a process limited if an expectation failed half-way.
  if (server?.child.pid && server.child.exitCode === null) {
    try {
      setFileSizeLimit(server.child.pid, 'unlimited');
    } catch {
      // it may have exited meanwhile
    }
  }
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a full disk', () => {
  it('answers 503 while the database file cannot grow, then serves again and keeps every acknowledged comment', async () => {
    // Fail clearly, not with a confusing spawn error: the CI machine (Debian) always has util-linux.
    expect(prlimitPath, 'prlimit (util-linux) is needed to limit the server process’s file size: apt-get install util-linux').toBeDefined();

    const file = join(dir, 'full.db');
    server = await startServer({ DIST_DIR: join(dir, 'dist'), DATABASE_URL: `file:${file}`, LIMITS: 'off' });
    const pid = server.child.pid!;
    const commentsUrl = `${server.origin}/api/posts/full-post/comments`;
    const post = (body: string) => fetch(commentsUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
    const acknowledged = new Set<string>();
    const refused = new Set<string>();
    let n = 0;
    /** Posts a comment with a unique body; records it as acknowledged (201) or refused (503), fails on anything else. */
    const postOne = async (phase: string): Promise<number> => {
      const body = `${phase} comment ${++n}`;
      const response = await post(body);
      const text = await response.text();
      if (response.status === 201) acknowledged.add(body);
      else {
        // Never a 500 or another code: a full disk is a fault of the moment, said as such.
        expect(response.status, `${body}: ${text}\n${server!.output().slice(-2000)}`).toBe(503);
        expect(response.headers.get('Retry-After')).toBe('5');
        expect((JSON.parse(text) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/nothing was saved/) });
        refused.add(body);
      }
      return response.status;
    };

    for (let i = 0; i < 5; i++) expect(await postOne('Before')).toBe(201);
    // The housekeeping's first writes (setup link, erasure) go at start: let them land before
    // sizing the files, so the limit below is about the comments' writes alone.
    await new Promise((resolve) => setTimeout(resolve, 200));

    // WAL mode: a commit appends frames to full.db-wal, and a checkpoint copies them into full.db
    // later. Nothing has been checkpointed yet (autocheckpoint waits for 1000 pages), so full.db is
    // one page and the WAL is the larger file: at a limit of the larger size, the next append to
    // the WAL fails. A checkpoint meanwhile could grow full.db only up to the same limit, and the
    // WAL starts again from its beginning only after a complete one: a few writes might then fit,
    // which the loop below allows (they are acknowledged like any other), until the WAL is back at
    // the limit. (SQLite retries a short write, so the write past the limit fails with EFBIG:
    // SQLITE_IOERR_WRITE here, where a disk with no room gives ENOSPC and SQLITE_FULL; the API
    // treats both alike.)
    const sizes = { db: await sizeOf(file), wal: await sizeOf(`${file}-wal`) };
    const limit = Math.max(sizes.db, sizes.wal);
    const logBefore = server.output().length;
    setFileSizeLimit(pid, limit);

    let refusals = 0;
    for (let i = 0; i < 8; i++) {
      // Three at once: they share a group commit, and a failed group is retried write by write.
      const statuses = await Promise.all([postOne('During'), postOne('During'), postOne('During')]);
      refusals += statuses.filter((s) => s === 503).length;
      // Reads go on (reading needs no room on the disk), and show exactly what was acknowledged.
      const read = await fetch(commentsUrl);
      expect(read.status).toBe(200);
      expect(((await read.json()) as Thread).comments).toHaveLength(acknowledged.size);
    }
    expect(refusals, `no write was refused under a ${limit}-byte limit (${JSON.stringify(sizes)}, now ${await sizeOf(file)} / ${await sizeOf(`${file}-wal`)})`).toBeGreaterThan(0);

    // Room again, and nothing restarted: posts go through within seconds.
    setFileSizeLimit(pid, 'unlimited');
    let status = 0;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && status !== 201; ) {
      status = await postOne('After');
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status, server.output().slice(logBefore).split('\n').slice(-6).join('\n')).toBe(201);
    for (let i = 0; i < 3; i++) expect(await postOne('After')).toBe(201);

    // The thread through the API: every acknowledged comment once, no refused one.
    const thread = (await (await fetch(commentsUrl)).json()) as Thread;
    const bodies = thread.comments.map((c) => c.html.trim().replace(/^<p>(.*)<\/p>$/s, '$1'));
    expect([...bodies].sort()).toEqual([...acknowledged].sort());
    for (const body of refused) expect(bodies).not.toContain(body);

    // The server said what went wrong, and nothing about who was writing.
    const log = server.output().slice(logBefore);
    expect(log).toMatch(/POST \/api\/posts\/full-post\/comments: the database is unavailable \(SQLITE_(FULL|IOERR)\w*: (database or disk is full|disk I\/O error)/);
    expect(log).not.toMatch(/127\.0\.0\.1|::1|::ffff/);

    // And the file itself, once the server has stopped and checkpointed: the same comments.
    await server.stop();
    const db = createClient({ url: `file:${file}` });
    try {
      const rows = (await db.execute("SELECT body_source FROM comments WHERE post_id = 'full-post'")).rows.map((row) => String(row['body_source']));
      expect([...rows].sort()).toEqual([...acknowledged].sort());
      expect((await db.execute('PRAGMA integrity_check')).rows[0]?.[0]).toBe('ok');
    } finally {
      db.close();
    }
  }, 30_000);
});
