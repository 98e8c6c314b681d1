// What someone who takes the disk learns: the database file, its write-ahead log and a backup,
// read byte by byte, and with SOURCE_SECRET too. The board runs as the server runs it: a database
// file written through the write thread, the day's salt derived from the secret and the nonce in
// the database, npm run backup and npm run restore as commands.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { createApp } from '../server/app.ts';
import { issueFormToken } from '../api/comments/form-token.ts';
import { openDatabase, type Database } from '../api/db/database.ts';
import { createWriteQueue, type WriteQueue } from '../api/db/write-queue.ts';
import { openWriteThread } from '../api/db/write-thread.ts';
import { setSourceAction } from '../api/comments/held-sources.ts';
import { sharedDailySalts } from '../api/privacy/daily-salt.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../api/render/pool.ts';
import { sharedSecret } from '../api/secrets.ts';
import { saveSettings, type Settings } from '../api/settings.ts';
import { decideComment, decideRemovalRequest, decideReports, eraseDecidedNotes, eraseExpiredText } from '../moderation/decisions.ts';
import { auditStatement } from '../moderation/queue.ts';
import { undoMs } from '../moderation/undo.ts';
import { redactComment } from '../api/comments/redact.ts';
import { databaseFiles, foundIn } from './support/file-bytes.ts';
import { runTool } from './support/tool.ts';
import { powFor } from './support/proof-of-work.ts';

const pagesOrigin = 'http://127.0.0.1:4321';
const secret = 'the-same-SOURCE_SECRET-on-both-servers-0123456789';
const posts: PostsManifestEntry[] = ['seized-post', 'bytes-post'].map((id) => ({ id, title: id, url: `/2026/11/${id}/`, published: '2026-11-20T10:00:00.000Z', labels: [], comments: 'open' }));
const moderator = { id: null, name: 'Mo Derator' };

let dir: string;
let pool: RenderPool;
// Five seconds into a UTC day's 10 o'clock: every request of a test falls in one minute's window.
let clock = Date.UTC(2026, 10, 26, 10, 0, 5);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-disk-'));
  await writeFile(join(dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"></main></body></html>');
  pool = createRenderPool({ size: 1 });
});

afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Board {
  db: Database;
  writes: WriteQueue;
  app: ReturnType<typeof createApp>;
  formToken: () => string;
  /** A solved browser check. */
  pow: () => Promise<string>;
  close(): Promise<void>;
}

/** A server's board, put together as server/main.ts does with SOURCE_SECRET set. */
async function openBoard(path: string, options: { limits: boolean; settings?: Partial<Settings> }): Promise<Board> {
  const url = `file:${path}`;
  const db = await openDatabase({ url });
  if (options.settings) await saveSettings(db, options.settings);
  const thread = openWriteThread(db, { url });
  const writes = createWriteQueue(thread.batch);
  const salts = await sharedDailySalts(db, secret, () => clock);
  const sources = createSourceHasher(() => clock, randomBytes, (day) => salts.get(day));
  const formSecret = await sharedSecret(db, 'form');
  const app = createApp({ distDir: dir, pagesOrigin, posts, comments: { db, writes, renderer: pool, sources, clock: () => clock, formSecret, limits: options.limits, trustedProxyHeader: 'X-Forwarded-For' } });
  return {
    db,
    writes,
    app,
    formToken: () => issueFormToken(formSecret, clock - 60_000),
    pow: () => powFor(formSecret, clock),
    async close() {
      salts.stop();
      await writes.idle();
      await thread.close();
      db.close();
    },
  };
}

/** From the script: a comment or report with its browser check solved. */
const send = async (board: Board, path: string, body: Record<string, unknown>, from: string, method = 'POST') =>
  board.app.request(path, { method, headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify(method === 'POST' && /\/(comments|reports)$/.test(path) ? { pow: await board.pow(), ...body } : body) });

async function commentFrom(board: Board, from: string, body: string, options: { post?: string; name?: string | undefined } = {}) {
  const res = await send(board, `/api/posts/${options.post ?? 'seized-post'}/comments`, { body, formToken: board.formToken(), ...(options.name ? { name: options.name } : {}) }, from);
  return { status: res.status, data: (await res.json()) as { comment: { id: number }; removalKey: string } };
}

async function reportFrom(board: Board, from: string, commentId: number, note?: string) {
  const res = await send(board, `/api/comments/${commentId}/reports`, { reason: 'abuse', ...(note ? { note } : {}) }, from);
  return { status: res.status, data: (await res.json()) as { report: { id: string } } };
}

async function statusOf(board: Board, commentId: number, postId = 'seized-post'): Promise<string | undefined> {
  const thread = (await (await board.app.request(`/api/posts/${postId}/comments`)).json()) as { comments: { id: number; status: string }[] };
  return thread.comments.find((c) => c.id === commentId)?.status;
}

const column = async (db: Database, sql: string) => (await db.execute(sql)).rows.map((row) => String(row[0]));

describe('a backup and SOURCE_SECRET', () => {
  it('cannot recognise a reader’s address on a second server: a report from the same address on the same comment counts as new, and its limits are fresh', async () => {
    const commenter = '192.0.2.10';
    const reader = '198.51.100.23';
    const first = await openBoard(join(dir, 'first.db'), { limits: true, settings: { reportThreshold: 2, reportsPerDay: 1 } });
    const target = (await commentFrom(first, commenter, 'A comment that draws a report.')).data.comment.id;
    const other = (await commentFrom(first, commenter, 'Another comment.')).data.comment.id;
    expect((await commentFrom(first, reader, 'The reader’s first comment.')).status).toBe(201);
    expect((await commentFrom(first, reader, 'The reader’s second comment.')).status).toBe(201);
    const reported = await reportFrom(first, reader, target, 'It names my colleague.');
    expect(reported.status).toBe(201);

    // The first server knows the reader all day: a third comment in the minute, a second report in the day, are refused.
    expect((await commentFrom(first, reader, 'The reader’s third comment.')).status).toBe(429);
    expect((await reportFrom(first, reader, other)).status).toBe(429);
    // The moderators hold the reader's source for the rest of the day.
    const [tag] = await column(first.db, 'SELECT source_tag FROM reports WHERE source_tag IS NOT NULL');
    await setSourceAction(first.db, first.writes, { tag: tag!, action: 'hold', items: 1, now: clock, audit: () => 'SELECT 1' });
    // What the live database holds that day: the nonce, the report's source key and tag, the hold, the counters' keys.
    const linkable = [
      ...(await column(first.db, "SELECT value FROM settings WHERE key LIKE 'source-nonce:%'")).map((value) => JSON.parse(value) as string),
      ...(await column(first.db, 'SELECT source_key FROM reports WHERE source_key IS NOT NULL')),
      ...(await column(first.db, 'SELECT tag FROM held_sources')),
      ...(await column(first.db, 'SELECT key FROM rate_limits')).map((key) => key.slice(key.indexOf(':') + 1)),
    ];
    expect(linkable.length).toBeGreaterThanOrEqual(2 + 1 + 1 + 3);
    expect(foundIn(databaseFiles(join(dir, 'first.db')), [tag!])).toEqual([tag]);

    const backupFile = join(dir, 'seized-backup.db');
    const backedUp = await runTool('backup', [backupFile], { databaseUrl: `file:${join(dir, 'first.db')}` });
    expect(backedUp.stderr).toBe('');
    expect(backedUp.code).toBe(0);
    await first.close();
    // The backup holds none of it, not even in free pages.
    expect(foundIn([backupFile], linkable)).toEqual([]);

    const restored = await runTool('restore', [backupFile, '--yes'], { databaseUrl: `file:${join(dir, 'second.db')}` });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const second = await openBoard(join(dir, 'second.db'), { limits: true });
    try {
      expect(await column(second.db, 'SELECT count(*) FROM comments')).toEqual(['4']);
      expect(await column(second.db, 'SELECT count(*) FROM reports WHERE source_key IS NULL AND source_tag IS NULL')).toEqual(['1']);
      expect(await column(second.db, 'SELECT count(*) FROM held_sources')).toEqual(['0']);
      // Same secret, same day, same address: the limits are fresh, and the hold gone…
      expect((await commentFrom(second, reader, 'The reader’s comment on the second server.')).status).toBe(201);
      // …and a second report on the same comment is a new one, with its own reference, that counts.
      const again = await reportFrom(second, reader, target, 'Still names my colleague.');
      expect(again.status).toBe(201);
      expect(again.data.report.id).not.toBe(reported.data.report.id);
      expect(await statusOf(second, target)).toBe('hidden');
    } finally {
      await second.close();
    }
  }, 60_000);
});

describe('erased text in the bytes of the database, its log and a backup', () => {
  it('finds none of the erased comments, names and notes after each kind of erasure, in the file, its write-ahead log or a backup', async () => {
    const path = join(dir, 'bytes.db');
    const board = await openBoard(path, { limits: false });
    const files = databaseFiles(path);
    const mark = (what: string) => `${what}-${randomBytes(6).toString('hex')}`;
    const m = {
      authorText: mark('Quillfeather-removed-by-its-author'),
      authorName: mark('Marigold-Underhill'),
      authorReportNote: mark('Thistledown-report-note'),
      grantedText: mark('Bramblecote-granted-removal'),
      grantedName: mark('Wrenfield-Ashby'),
      grantedRequestNote: mark('I-wrote-it-at-the-Hollins-ward'),
      grantedReportNote: mark('Sorrel-report-note'),
      retainedText: mark('Larkspur-removed-by-a-moderator'),
      retainedReportNote: mark('Teasel-report-note'),
      declinedRequestNote: mark('I-am-the-night-nurse-at-Oakfield'),
      dismissedReportNote: mark('Yarrow-report-note'),
      upheldReportNote: mark('Burdock-report-note'),
      editedText: mark('Foxglove-changed-by-its-author'),
      redactedThenRemoved: mark('Campion-ward-edited-out-then-removed'),
      redactedRetained: mark('Betony-ward-edited-out-by-a-moderator'),
      kept: mark('Hollyhock-still-shown'),
    };
    let nth = 0;
    // Comments around each marked one: pages fill and split after it, moving its bytes around.
    const filler = async (count: number) => {
      for (let i = 0; i < count; i++) await commentFrom(board, '192.0.2.1', `Filler ${nth++}: ${'words that fill a page '.repeat(12)}`, { post: 'bytes-post' });
    };
    const marked = async (text: string, name?: string) => {
      await filler(15);
      const { status, data } = await commentFrom(board, '192.0.2.2', `${text}\n\n${'and more words around it '.repeat(8)}`, { post: 'bytes-post', name });
      expect(status).toBe(201);
      return data;
    };
    const byAuthor = await marked(m.authorText, m.authorName);
    const granted = await marked(m.grantedText, m.grantedName);
    const retained = await marked(m.retainedText);
    const declined = await marked('A comment whose author’s request is declined.');
    const dismissed = await marked('A comment whose report is dismissed.');
    const upheld = await marked('A comment whose report is upheld.');
    const edited = await marked(m.editedText);
    const redactedThenRemoved = await marked(m.redactedThenRemoved);
    const redactedRetained = await marked(m.redactedRetained);
    await marked(m.kept);
    await filler(15);
    const report = async (id: number, note: string) => (await reportFrom(board, `203.0.113.${nth++ % 250}`, id, note)).data.report.id;
    const request = async (id: number, note: string) => {
      const res = await send(board, `/api/comments/${id}/removal-requests`, { note }, '192.0.2.3');
      expect(res.status).toBe(201);
      return ((await res.json()) as { removalRequest: { id: string } }).removalRequest.id;
    };
    await report(byAuthor.comment.id, m.authorReportNote);
    await report(granted.comment.id, m.grantedReportNote);
    await report(retained.comment.id, m.retainedReportNote);
    const dismissedReport = await report(dismissed.comment.id, m.dismissedReportNote);
    const upheldReport = await report(upheld.comment.id, m.upheldReportNote);
    const grantedRequest = await request(granted.comment.id, m.grantedRequestNote);
    const declinedRequest = await request(declined.comment.id, m.declinedRequestNote);
    await filler(15);
    // Before any erasure, each marker is there to be found.
    expect(foundIn(files, Object.values(m))).toEqual(Object.values(m));

    // The author removes theirs with the key.
    const removed = await send(board, `/api/comments/${byAuthor.comment.id}`, { removalKey: byAuthor.removalKey }, '192.0.2.2', 'DELETE');
    expect(removed.status).toBe(200);
    expect(foundIn(files, [m.authorText, m.authorName, m.authorReportNote])).toEqual([]);

    // An author changes theirs with the key, in its first minutes: the old text goes.
    const changed = await send(board, `/api/comments/${edited.comment.id}/edit`, { removalKey: edited.removalKey, body: 'Said better.' }, '192.0.2.2');
    expect(changed.status).toBe(200);
    expect(foundIn(files, [m.editedText])).toEqual([]);

    // A moderator edits two comments: the writers' own text is kept aside (and nowhere else) until
    // its author removes the comment, or the retention window is over.
    const redact = (id: number) =>
      redactComment(board.db, board.writes, pool, { id, body: 'Said without the ward’s name.', approve: false, by: moderator.name, now: clock, audit: (fact) => auditStatement(moderator, fact, clock), timeZone: 'UTC', maxDepth: 4 });
    await redact(redactedThenRemoved.comment.id);
    await redact(redactedRetained.comment.id);
    expect(foundIn(files, [m.redactedThenRemoved, m.redactedRetained])).toEqual([m.redactedThenRemoved, m.redactedRetained]);
    expect((await board.db.execute('SELECT count(*) AS n FROM comments WHERE body_source LIKE \'%-ward-edited-%\' OR body_html LIKE \'%-ward-edited-%\'')).rows[0]?.['n']).toBe(0);
    const removedRedacted = await send(board, `/api/comments/${redactedThenRemoved.comment.id}`, { removalKey: redactedThenRemoved.removalKey }, '192.0.2.2', 'DELETE');
    expect(removedRedacted.status).toBe(200);
    expect(foundIn(files, [m.redactedThenRemoved])).toEqual([]);

    // A moderator grants a removal request, and declines another.
    await decideRemovalRequest(board.db, board.writes, { requestId: grantedRequest, decision: 'grant', actor: moderator, now: clock });
    expect(foundIn(files, [m.grantedText, m.grantedName, m.grantedRequestNote, m.grantedReportNote])).toEqual([]);
    await decideRemovalRequest(board.db, board.writes, { requestId: declinedRequest, decision: 'decline', actor: moderator, now: clock });
    expect(foundIn(files, [m.declinedRequestNote])).toEqual([]);

    // A moderator dismisses a report; removes a comment, whose text the retention job erases later.
    await decideReports(board.db, board.writes, { reportId: dismissedReport, decision: 'dismiss', actor: moderator, now: clock });
    expect(foundIn(files, [m.dismissedReportNote])).toEqual([]);
    await decideComment(board.db, board.writes, { id: retained.comment.id, action: 'remove', actor: moderator, reason: 'Abuse', now: clock });
    await decideReports(board.db, board.writes, { reportId: upheldReport, decision: 'uphold', actor: moderator, now: clock });
    // The notes of the reports a removal or an uphold closes stay while it can be undone, and go when it no longer can.
    expect(foundIn(files, [m.retainedReportNote, m.upheldReportNote])).toEqual([m.retainedReportNote, m.upheldReportNote]);
    expect(await eraseDecidedNotes(board.db, board.writes, clock + undoMs - 1)).toBe(0);
    expect(await eraseDecidedNotes(board.db, board.writes, clock + undoMs)).toBe(2);
    expect(foundIn(files, [m.retainedReportNote, m.upheldReportNote])).toEqual([]);
    expect(foundIn(files, [m.retainedText, m.redactedRetained])).toEqual([m.retainedText, m.redactedRetained]);
    expect(await eraseExpiredText(board.writes, clock + 91 * 86_400_000, 90)).toBe(2);
    expect(foundIn(files, [m.retainedText, m.redactedRetained])).toEqual([]);

    const erased = Object.values(m).filter((marker) => marker !== m.kept);
    const backupFile = join(dir, 'bytes-backup.db');
    const backedUp = await runTool('backup', [backupFile], { databaseUrl: `file:${path}` });
    expect(backedUp.code).toBe(0);
    await board.close();
    expect(foundIn([...files, backupFile], erased)).toEqual([]);
    expect(foundIn([backupFile], [m.kept])).toEqual([m.kept]);
  }, 60_000);
});
