// The end of a day on a real database file written through the write thread: nothing that could
// link that day's readers to their addresses, or their queue items to each other, stays in the rows
// or in the file's bytes.
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
import { setSourceAction } from '../comments/held-sources.ts';
import { forgetPastDays } from './day-end.ts';
import { sourceTag } from './source-tag.ts';
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

  it('clears the queue’s source tags and the holds on sources once their day is over: the source tag gone the next day, from the rows and the file’s bytes', async () => {
    let now = Date.UTC(2026, 11, 3, 22, 15);
    const sources = createSourceHasher(() => now);
    const writer = createCommentWriter(writes);
    const held = (address: string) => writer.insert({ postId: 'p', parentId: null, authorName: null, authorKind: 'anonymous', bodySource: 'x', bodyHtml: '<p>x</p>', status: 'pending', heldReason: 'Held', removalKeyHash: 'b'.repeat(64), sourceTag: sourceTag(sources, address), now });
    const shown = await writer.insert({ postId: 'p', parentId: null, authorName: null, authorKind: 'anonymous', bodySource: 'y', bodyHtml: '<p>y</p>', status: 'published', heldReason: null, removalKeyHash: 'c'.repeat(64), now });
    const addresses = ['192.0.2.10', '192.0.2.11', '2001:db8:9::1'];
    for (const address of addresses) {
      await held(address);
      await reportComment(db, writes, { commentId: shown.id, reason: 'spam', note: null, sourceKey: sources.key(address, `report:${shown.id}`), sourceTag: sourceTag(sources, address), threshold: 10, now });
    }
    await setSourceAction(db, writes, { tag: sourceTag(sources, addresses[0]!), action: 'refuse', items: 2, now, audit: () => 'SELECT 1' });
    const tags = addresses.map((address) => sourceTag(sources, address));
    const stored = [...(await column('SELECT source_tag FROM comments WHERE source_tag IS NOT NULL')), ...(await column('SELECT source_tag FROM reports WHERE source_tag IS NOT NULL'))];
    expect(stored.sort()).toEqual([...tags, ...tags].sort());
    expect(await column('SELECT tag FROM held_sources')).toEqual([tags[0]]);
    expect(foundIn(databaseFiles(path), tags)).toEqual(tags);
    // Still today: nothing is forgotten yet.
    await forgetPastDays(writes, now);
    expect(await column('SELECT count(*) FROM comments WHERE source_tag IS NOT NULL')).toEqual(['3']);
    expect(await column('SELECT count(*) FROM held_sources')).toEqual(['1']);

    // The next day, a little after midnight: a held comment of today keeps its tag.
    now = Date.UTC(2026, 11, 4, 0, 6);
    const todays = await held('192.0.2.99');
    await forgetPastDays(writes, now);
    expect(await column('SELECT id FROM comments WHERE source_tag IS NOT NULL')).toEqual([String(todays.id)]);
    expect(await column('SELECT count(*) FROM reports WHERE source_tag IS NOT NULL')).toEqual(['0']);
    expect(await column('SELECT count(*) FROM held_sources')).toEqual(['0']);
    expect(foundIn(databaseFiles(path), tags)).toEqual([]);
  });
});
