// Domain functions on a real libSQL file: group commit and its failure handling.
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import { clientBatch, createWriteQueue } from '../db/write-queue.ts';
import { createCommentWriter, getThread, groupedThreadVersions, threadVersion } from './model.ts';
import type { NewComment } from './types.ts';

const temp = useTempDatabase('model');

const comment = (postId: string, body: string, parentId: number | null = null): NewComment => ({
  postId,
  parentId,
  authorName: null,
  authorKind: 'anonymous',
  bodySource: body,
  bodyHtml: `<p>${body}</p>`,
  status: 'published',
  heldReason: null,
  removalKeyHash: 'a'.repeat(64),
  now: Date.now(),
});

describe('createCommentWriter', () => {
  it('stores a burst of concurrent comments, each acknowledged with its own row', async () => {
    const writer = createCommentWriter(createWriteQueue(clientBatch(temp.db)));
    const stored = await Promise.all(Array.from({ length: 60 }, (_, i) => writer.insert(comment('burst', `Comment ${i}`))));
    expect(new Set(stored.map((s) => s.id)).size).toBe(60);
    expect((await getThread(temp.db, 'burst', { maxDepth: 4, timeZone: 'Europe/London' })).length).toBe(60);
    expect(await threadVersion(temp.db, 'burst')).toBe(60);
  });

  it('refuses a reply to a missing parent without failing the others in its group', async () => {
    const writer = createCommentWriter(createWriteQueue(clientBatch(temp.db)));
    const results = await Promise.allSettled([
      writer.insert(comment('mixed', 'one')),
      writer.insert(comment('mixed', 'orphan', 987654)),
      writer.insert(comment('mixed', 'two')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'parent_not_visible' });
    expect((await getThread(temp.db, 'mixed', { maxDepth: 4, timeZone: 'Europe/London' })).map((c) => c.number)).toEqual(['1', '2']);
  });

  it('retries a failed group one by one, so one bad row fails alone', async () => {
    const writer = createCommentWriter(createWriteQueue(clientBatch(temp.db)));
    const bad = { ...comment('retry', 'bad'), authorKind: 'robot' as 'anonymous' };
    const results = await Promise.allSettled([writer.insert(comment('retry', 'good one')), writer.insert(bad), writer.insert(comment('retry', 'good two'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await getThread(temp.db, 'retry', { maxDepth: 4, timeZone: 'Europe/London' })).length).toBe(2);
  });
});

describe('groupedThreadVersions', () => {
  /** The same database, counting the statements it is asked to run. */
  const counted = () => {
    const calls: string[] = [];
    const wrapped = new Proxy(temp.db, { get: (target, key) => (key === 'execute' ? (stmt: { sql: string }) => (calls.push(stmt.sql), target.execute(stmt)) : Reflect.get(target, key)) });
    return { db: wrapped as Database, calls };
  };

  it('answers each post’s own version, and 0 for a post never written to', async () => {
    const writer = createCommentWriter(createWriteQueue(clientBatch(temp.db)));
    await Promise.all([writer.insert(comment('v-one', 'a')), writer.insert(comment('v-two', 'a')), writer.insert(comment('v-two', 'b'))]);
    const { db: countedDb, calls } = counted();
    const version = groupedThreadVersions(countedDb);
    const asked = ['v-one', 'v-two', 'v-none', 'v-two', 'v-one'];
    expect(await Promise.all(asked.map(version))).toEqual([1, 2, 0, 2, 1]);
    // The first request is read at once; the four that came while it was on its way share one read.
    expect(calls).toHaveLength(2);
  });

  it('never answers a version older than a write acknowledged before the request', async () => {
    const writer = createCommentWriter(createWriteQueue(clientBatch(temp.db)));
    const version = groupedThreadVersions(temp.db);
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      await writer.insert(comment('v-fresh', `write ${i}`));
      const acknowledged = i + 1;
      // Reads already on their way keep going; this one must see the write just acknowledged.
      pending.push(version('v-fresh').then((v) => expect(v).toBeGreaterThanOrEqual(acknowledged)));
      pending.push(version('v-one').then((v) => expect(v).toBe(1)));
    }
    await Promise.all(pending);
  });

  it('fails every request of a failed read, and serves the next ones', async () => {
    let fail = true;
    const flaky = new Proxy(temp.db, { get: (target, key) => (key === 'execute' ? (stmt: { sql: string }) => (fail ? Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })) : target.execute(stmt)) : Reflect.get(target, key)) });
    const version = groupedThreadVersions(flaky as Database);
    const results = await Promise.allSettled([version('v-one'), version('v-two')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await version('v-two')).toBe(2);
  });

  it('reads a crowd in groups of at most the given size', async () => {
    const { db: countedDb, calls } = counted();
    const version = groupedThreadVersions(countedDb, 10);
    const ids = Array.from({ length: 45 }, (_, i) => `v-crowd-${i}`);
    expect(await Promise.all(ids.map(version))).toEqual(ids.map(() => 0));
    // One at once, then 44 in groups of 10.
    expect(calls).toHaveLength(1 + 5);
  });
});
