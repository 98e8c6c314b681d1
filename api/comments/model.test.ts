// Domain functions on a real libSQL file: group commit and its failure handling.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { clientBatch, createWriteQueue } from '../db/write-queue.ts';
import { createCommentWriter, getThread, threadVersion, type NewComment } from './model.ts';

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-model-'));
  db = await openDatabase({ url: `file:${join(dir, 'model.db')}` });
});
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

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
    const writer = createCommentWriter(createWriteQueue(clientBatch(db)));
    const stored = await Promise.all(Array.from({ length: 60 }, (_, i) => writer.insert(comment('burst', `Comment ${i}`))));
    expect(new Set(stored.map((s) => s.id)).size).toBe(60);
    expect((await getThread(db, 'burst', { maxDepth: 4 })).length).toBe(60);
    expect(await threadVersion(db, 'burst')).toBe(60);
  });

  it('refuses a reply to a missing parent without failing the others in its group', async () => {
    const writer = createCommentWriter(createWriteQueue(clientBatch(db)));
    const results = await Promise.allSettled([
      writer.insert(comment('mixed', 'one')),
      writer.insert(comment('mixed', 'orphan', 987654)),
      writer.insert(comment('mixed', 'two')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'parent_not_visible' });
    expect((await getThread(db, 'mixed', { maxDepth: 4 })).map((c) => c.number)).toEqual(['1', '2']);
  });

  it('retries a failed group one by one, so one bad row fails alone', async () => {
    const writer = createCommentWriter(createWriteQueue(clientBatch(db)));
    const bad = { ...comment('retry', 'bad'), authorKind: 'robot' as 'anonymous' };
    const results = await Promise.allSettled([writer.insert(comment('retry', 'good one')), writer.insert(bad), writer.insert(comment('retry', 'good two'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await getThread(db, 'retry', { maxDepth: 4 })).length).toBe(2);
  });
});
