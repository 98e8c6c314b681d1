// The end of a day on a real database file written through the write thread: nothing that could
// link that day's readers to their addresses stays in the rows or in the file's bytes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFiles, foundIn } from '../../tests/support/file-bytes.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import { hitLimits } from '../limits/rate-limits.ts';
import { createCommentWriter, reportComment } from '../comments/model.ts';
import type { Database } from '../db/database.ts';
import { createWriteQueue, type WriteQueue } from '../db/write-queue.ts';
import { openWriteThread, type WriteThread } from '../db/write-thread.ts';
import { sharedDailySalts } from './daily-salt.ts';
import { forgetPastDays } from './day-end.ts';
import { createSourceHasher } from './source.ts';

const day = 86_400_000;

describe('forgetPastDays', () => {
  const secret = 'a-secret-long-enough-for-the-check-0123456789';
  const temp = useTempDatabase('day-end');
  let path: string;
  let db: Database;
  let thread: WriteThread;
  let writes: WriteQueue;
  beforeAll(() => {
    ({ path, db } = temp);
    thread = openWriteThread(db, { url: temp.url });
    writes = createWriteQueue(thread.batch);
  });
  afterAll(async () => {
    await thread?.close();
  });

  const column = async (sql: string) => (await db.execute(sql)).rows.map((row) => String(row[0]));

  it('clears the day’s source keys, counters and nonce once it is over, from the rows and from the file’s bytes', async () => {
    let now = Date.UTC(2026, 10, 26, 15, 42, 7, 311);
    const salts = await sharedDailySalts(db, secret, () => now);
    const sources = createSourceHasher(() => now, randomBytes, (d) => salts.get(d));
    const comment = await createCommentWriter(writes).insert({ postId: 'p', parentId: null, authorName: null, authorKind: 'anonymous', bodySource: 'x', bodyHtml: '<p>x</p>', status: 'published', heldReason: null, removalKeyHash: 'a'.repeat(64), now });
    const reporters = ['198.51.100.1', '198.51.100.2', '2001:db8:1:2::9'];
    for (const address of reporters) {
      await reportComment(db, writes, { commentId: comment.id, reason: 'spam', note: null, sourceKey: sources.key(address, `report:${comment.id}`), threshold: 10, now });
      await hitLimits(writes, [{ key: `comment-day:${sources.key(address, 'comment-day')}`, limit: 20, windowMs: day }], now);
    }
    const nonces = (await column("SELECT value FROM settings WHERE key LIKE 'source-nonce:%'")).map((value) => JSON.parse(value) as string);
    const yesterdays = [nonces[0]!, ...(await column('SELECT source_key FROM reports')), ...(await column('SELECT key FROM rate_limits')).map((key) => key.slice(key.indexOf(':') + 1))];
    expect(yesterdays).toHaveLength(1 + 3 + 3);
    expect(foundIn(databaseFiles(path), yesterdays)).toEqual(yesterdays);
    // No counter of the day outlives it: each expires at its end.
    expect(await column('SELECT DISTINCT expires_at FROM rate_limits')).toEqual([String(Date.UTC(2026, 10, 27))]);

    // The next day: a report of today keeps its key (it still counts its reader once today).
    now = Date.UTC(2026, 10, 27, 0, 4);
    await salts.refresh();
    await reportComment(db, writes, { commentId: comment.id, reason: 'spam', note: null, sourceKey: sources.key(reporters[0]!, `report:${comment.id}`), threshold: 10, now });
    await forgetPastDays(writes, now);
    expect(await column('SELECT count(*) FROM reports WHERE source_key IS NULL')).toEqual(['3']);
    expect(await column('SELECT count(*) FROM reports WHERE source_key IS NOT NULL')).toEqual(['1']);
    expect(await column('SELECT count(*) FROM rate_limits')).toEqual(['0']);
    expect(await column("SELECT key FROM settings WHERE key LIKE 'source-nonce:%' ORDER BY key")).toEqual([`source-nonce:${Math.floor(now / day)}`, `source-nonce:${Math.floor(now / day) + 1}`]);
    expect(foundIn(databaseFiles(path), yesterdays)).toEqual([]);
    salts.stop();
  });
});
