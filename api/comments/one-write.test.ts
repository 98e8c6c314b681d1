// A reader's write is one trip to the write queue: a new comment, a report or a removal request
// waits for one group commit, its limits checked and counted in the same transaction as its
// insert. A request its limits refuse inserts nothing and counts nothing. Through app.request(),
// on a real libSQL file and the real renderer, with a real write queue whose calls are counted.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InStatement } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { createApp } from '../../server/app.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { createSourceHasher } from '../privacy/source.ts';
import { createRenderPool, type RenderPool } from '../render/pool.ts';
import { saveSettings } from '../settings.ts';
import { issueFormToken } from './form-token.ts';
import { createCommentWriter } from './model.ts';
import { powFor } from '../../tests/support/proof-of-work.ts';

const database = useTempDatabase('one-write');
const formSecret = 'one-write-secret';
const clock = Date.UTC(2026, 10, 26, 10, 0, 20);
const posts: PostsManifestEntry[] = [{ id: 'a-post', title: 'A post', url: '/2026/11/a-post/', published: '2026-11-20T10:00:00.000Z', labels: [], comments: 'open' }];

/** The database's own write queue, with every write it is asked for recorded. */
let trips: InStatement[][] = [];
let pool: RenderPool;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  await writeFile(join(database.dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"></main></body></html>');
  await saveSettings(database.db, { commentsPerMinute: 2, commentsPerDay: 10, reportsPerDay: 10, duplicateWindowMinutes: 5, minFormSeconds: 3 });
  pool = createRenderPool({ size: 1 });
  const writes: WriteQueue = { write: (statements, options) => (trips.push(statements), database.writes.write(statements, options)), idle: () => database.writes.idle() };
  const sources = createSourceHasher(() => clock);
  app = createApp({ distDir: database.dir, pagesOrigin: 'http://127.0.0.1:4321', posts, comments: { db: database.db, writes, renderer: pool, sources, clock: () => clock, formSecret, limits: true, trustedProxyHeader: 'X-Forwarded-For' } });
});

afterAll(async () => {
  await pool?.close();
});

/** Sent from the script: a comment or report with its browser check solved. */
const send = async (path: string, body: Record<string, unknown>, from: string) =>
  app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify(/\/(comments|reports)$/.test(path) ? { pow: await powFor(formSecret, clock), ...body } : body) });
const comment = (body: string, from: string) => send('/api/posts/a-post/comments', { body, formToken: issueFormToken(formSecret, clock - 10_000) }, from);

/** The trips to the write queue made while `act` ran. */
async function tripsOf(act: () => Response | Promise<Response>): Promise<{ status: number; trips: InStatement[][] }> {
  trips = [];
  const res = await act();
  return { status: res.status, trips };
}

const table = async (sql: string) => (await database.db.execute(sql)).rows.map((row) => Object.values(row).join(' '));
const written = () => Promise.all([table('SELECT id FROM comments'), table('SELECT id FROM reports'), table('SELECT id FROM removal_requests'), table('SELECT key, count FROM rate_limits'), table('SELECT post_id, version FROM thread_versions')]);

describe('one trip to the write queue', () => {
  let commentId: number;

  it('a new comment: its counters read, its insert, its counters and its thread version in one write', async () => {
    let res: Response | undefined;
    const sent = await tripsOf(async () => (res = await comment('One trip, one group commit.', '192.0.2.1')));
    expect(sent.status).toBe(201);
    commentId = ((await res!.json()) as { comment: { id: number } }).comment.id;
    expect(sent.trips).toHaveLength(1);
    const sql = sent.trips[0]!.map((statement) => (typeof statement === 'string' ? statement : statement.sql).trim().split(/\s+/).slice(0, 3).join(' '));
    // The minute's, the day's, the duplicate's, the form token's and the browser check's counters.
    expect(sql).toEqual(['SELECT key, count,', 'INSERT INTO comments', 'INSERT INTO rate_limits', 'INSERT INTO rate_limits', 'INSERT INTO rate_limits', 'INSERT INTO rate_limits', 'INSERT INTO rate_limits', 'INSERT INTO thread_versions']);
  });

  it('a report and a removal request: one write each', async () => {
    const report = await tripsOf(() => send(`/api/comments/${commentId}/reports`, { reason: 'spam' }, '192.0.2.2'));
    expect([report.status, report.trips.length]).toEqual([201, 1]);
    const request = await tripsOf(() => send(`/api/comments/${commentId}/removal-requests`, { note: 'I wrote it on my phone.' }, '192.0.2.3'));
    expect([request.status, request.trips.length]).toEqual([201, 1]);
  });

  it('a comment its limits refuse inserts nothing and counts nothing', async () => {
    expect((await comment('Second of the minute.', '192.0.2.4')).status).toBe(201);
    expect((await comment('Third of the minute.', '192.0.2.4')).status).toBe(201);
    const before = await written();
    const refused = await tripsOf(() => comment('Fourth of the minute: one too many.', '192.0.2.4'));
    expect(refused.status).toBe(429);
    // Refused on reading the counters, before any write.
    expect(refused.trips).toEqual([]);
    expect(await written()).toEqual(before);
  });

  it('a comment whose limit filled after it was read is refused inside its own write, which inserts and counts nothing', async () => {
    const full = { key: 'one-write-full', limit: 1, windowMs: 60_000, message: 'Too many comments in a minute: wait a little and try again.' };
    await database.writes.write([{ sql: 'INSERT INTO rate_limits (key, count, expires_at) VALUES (?, 1, ?)', args: [full.key, clock + 40_000] }]);
    const before = await written();
    trips = [];
    const countingWrites: WriteQueue = { write: (statements, options) => (trips.push(statements), database.writes.write(statements, options)), idle: () => database.writes.idle() };
    const insert = createCommentWriter(countingWrites).insert(
      { postId: 'a-post', parentId: null, authorName: null, authorKind: 'anonymous', bodySource: 'Late.', bodyHtml: '<p>Late.</p>', status: 'published', heldReason: null, removalKeyHash: 'b'.repeat(64), now: clock },
      [full],
    );
    await expect(insert).rejects.toMatchObject({ code: 'rate_limited', retryAfter: 40 });
    expect(trips).toHaveLength(1);
    expect(await written()).toEqual(before);
  });
});
