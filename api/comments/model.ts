// Comment board domain functions: each takes the database first and returns plain data.
// Every multi-statement write is one batch (one transaction on one connection); inserts read back
// with RETURNING. Business rules live here, not in the HTTP handlers.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InStatement, Row } from '@libsql/client';
import type { Database } from '../db/database.ts';
import type { PlainRow, WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import { countIfChanged, limitedWrite, withinLimits, type Limit } from '../limits/rate-limits.ts';
import { refusalAt, refusalError, refusalOf, type ActionOf, type Actor, type Status } from './life-cycle.ts';
import { bumpVersion, commentColumns, eraseReportNotes, flagInsertedComment, hideIfReported, insertComment, insertRemovalRequest, insertReport, moveComment } from './store.ts';
import { buildThread, type ThreadOptions } from './thread.ts';
import type { AuthorKind, CommentStatus, NewComment, PublicComment, ReportReason, StoredComment } from './types.ts';

function toStored(row: Row | PlainRow): StoredComment {
  return {
    id: Number(row['id']),
    postId: String(row['post_id']),
    parentId: row['parent_id'] === null ? null : Number(row['parent_id']),
    authorName: row['author_name'] === null ? null : String(row['author_name']),
    authorKind: String(row['author_kind']) as AuthorKind,
    bodyHtml: row['body_html'] === null ? null : String(row['body_html']),
    status: String(row['status']) as CommentStatus,
    createdAt: Number(row['created_at']),
    editedAt: row['edited_at'] === null || row['edited_at'] === undefined ? null : Number(row['edited_at']),
    redactedAt: row['redacted_at'] === null || row['redacted_at'] === undefined ? null : Number(row['redacted_at']),
  };
}

export async function threadVersion(db: Database, postId: string): Promise<number> {
  const result = await db.execute({ sql: 'SELECT version FROM thread_versions WHERE post_id = ?', args: [postId] });
  return Number(result.rows[0]?.['version'] ?? 0);
}

/**
 * Thread versions read in groups: the requests that arrive while one read is on its way share the
 * next one, a single statement for all their posts. Every request still gets a version read after
 * it arrived, so a thread is never older than a write acknowledged before the request, yet a libSQL
 * server sees one round trip per group instead of one per reader.
 */
export function groupedThreadVersions(db: Database, maxGroup = 500): (postId: string) => Promise<number> {
  const waiting = new Map<string, { resolve: (version: number) => void; reject: (error: unknown) => void }[]>();
  let reading = false;
  const readGroups = async () => {
    reading = true;
    while (waiting.size > 0) {
      const group = new Map([...waiting].slice(0, maxGroup));
      for (const id of group.keys()) waiting.delete(id);
      const ids = [...group.keys()];
      try {
        const result = await db.execute({ sql: `SELECT post_id, version FROM thread_versions WHERE post_id IN (${ids.map(() => '?').join(', ')})`, args: ids });
        const versions = new Map(result.rows.map((row) => [String(row['post_id']), Number(row['version'])]));
        for (const [id, readers] of group) for (const reader of readers) reader.resolve(versions.get(id) ?? 0);
      } catch (error) {
        for (const readers of group.values()) for (const reader of readers) reader.reject(error);
      }
    }
    reading = false;
  };
  return (postId) =>
    new Promise((resolve, reject) => {
      const readers = waiting.get(postId);
      if (readers) readers.push({ resolve, reject });
      else waiting.set(postId, [{ resolve, reject }]);
      if (!reading) void readGroups();
    });
}

export async function getThread(db: Database, postId: string, options: ThreadOptions): Promise<PublicComment[]> {
  const result = await db.execute({
    sql: `SELECT ${commentColumns} FROM comments WHERE post_id = ? AND status IN ('published', 'hidden', 'removed_by_author', 'removed_by_moderator')`,
    args: [postId],
  });
  return buildThread(result.rows.map(toStored), options);
}

export async function getComment(db: Database, id: number): Promise<StoredComment | undefined> {
  const result = await db.execute({ sql: `SELECT ${commentColumns} FROM comments WHERE id = ?`, args: [id] });
  const row = result.rows[0];
  return row ? toStored(row) : undefined;
}

/** The number of comments each post's thread shows, placeholders included (as Blogger counts). */
export async function countComments(db: Database, postIds: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(postIds.map((id) => [id, 0]));
  if (postIds.length === 0) return counts;
  const result = await db.execute({
    sql: `SELECT post_id, count(*) AS n FROM comments WHERE post_id IN (${postIds.map(() => '?').join(', ')})
          AND status IN ('published', 'hidden', 'removed_by_author', 'removed_by_moderator') GROUP BY post_id`,
    args: [...postIds],
  });
  for (const row of result.rows) counts[String(row['post_id'])] = Number(row['n']);
  return counts;
}

export function newRemovalKey(): { key: string; hash: string } {
  const key = randomBytes(24).toString('base64url');
  return { key, hash: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The comment, if `removalKey` is its key (compared in constant time) and its author may do
 * `action` to it now; otherwise the refusal, with nothing changed.
 */
export async function byItsAuthor(db: Database, id: number, removalKey: string, action: ActionOf<'author'>): Promise<{ postId: string; status: CommentStatus }> {
  const row = (await db.execute({ sql: 'SELECT post_id, status, removal_key_hash FROM comments WHERE id = ?', args: [id] })).rows[0];
  if (!row) throw refusal('new', action, 'author')!;
  const expected = Buffer.from(String(row['removal_key_hash']), 'hex');
  const given = Buffer.from(hashKey(removalKey), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ApiError('wrong_removal_key', 'This removal key does not belong to this comment.', { field: 'removalKey' });
  }
  const status = String(row['status']) as CommentStatus;
  const refused = refusal(status, action, 'author');
  if (refused) throw refused;
  return { postId: String(row['post_id']), status };
}

/** The table's refusal for a comment in `status`, as the API answers it (undefined: allowed). */
function refusal<A extends Actor>(status: Status, action: ActionOf<A>, actor: A): ApiError | undefined {
  const refused = refusalAt(status, action, actor);
  return refused && refusalError(refused);
}

export interface CommentWriter {
  /** Stores the comment only while every limit has room, and then counts it against each. */
  insert(comment: NewComment, limits?: readonly Limit[]): Promise<StoredComment>;
}

/**
 * Stores comments through the write queue (so a burst shares its disk flushes). A reply is stored
 * only if its parent is a published comment of the same post at that instant (checked inside the
 * insert, so a parent removed meanwhile refuses it). The limits are checked and counted in the
 * same transaction: a comment refused for any reason counts against none of them.
 */
export function createCommentWriter(writes: WriteQueue): CommentWriter {
  return {
    async insert(comment, limits = []) {
      // A comment refused inside the insert leaves the thread, its version and the counters as they were.
      // A flag right after the insert inserts exactly when it did, so what follows sees the same change.
      const flag = comment.flaggedReason ? [flagInsertedComment({ id: randomBytes(12).toString('base64url'), reason: comment.flaggedReason, now: comment.now })] : [];
      const statements = [insertComment(comment, withinLimits(limits, comment.now)), ...flag, ...countIfChanged(limits, comment.now), bumpVersion({ postId: comment.postId, ifChanged: true })];
      return toStored(await limitedWrite(writes, limits, comment.now, statements, () => refusalError(refusalOf('reply', 'author'))));
    },
  };
}

/**
 * Removal by the author with their key: the text is erased for good, with the notes of reports
 * that quote it, from the rows and from the file. Wrong key: nothing changes.
 */
export async function removeByAuthor(db: Database, writes: WriteQueue, id: number, removalKey: string, now: number): Promise<void> {
  const { postId } = await byItsAuthor(db, id, removalKey, 'remove');
  await writes.write([moveComment(id, 'remove', 'author', now), eraseReportNotes(id), bumpVersion({ postId })], { erases: true });
}

export interface ReportInput {
  commentId: number;
  reason: ReportReason;
  note: string | null;
  /** The reader's key for this comment today: one reader counts once toward hiding it. */
  sourceKey: string;
  /** The reader's source's tag today, for the moderators' queue. */
  sourceTag?: string | null;
  /** From a source moderators hold for the day: kept for them, counted toward nothing. */
  sourceHeld?: boolean;
  threshold: number;
  /** Limits on the reader's reports: checked and counted in the same write as the report. */
  limits?: readonly Limit[];
  now: number;
}

export interface PublicReport {
  id: string;
  status: 'open' | 'upheld' | 'dismissed';
}

/**
 * Records a reader's report, with a reference of its own. A source that has reported the comment
 * already (the same reader again, or a colleague behind the same address) counts once: its later
 * reports are kept for the moderators, and count toward nothing. At the threshold of distinct open
 * reports the comment is hidden, unless moderators have already decided reports on it: from then
 * on reports alone never hide it again (they still reach the moderators' queue). `hiddenByReports`:
 * this report hid it.
 */
export async function reportComment(db: Database, writes: WriteQueue, input: ReportInput): Promise<{ report: PublicReport; counted: boolean; hiddenByReports: boolean }> {
  const comment = await getComment(db, input.commentId);
  const refused = refusal(comment?.status ?? 'new', 'report', 'reader');
  if (refused) throw refused;
  const limits = input.limits ?? [];
  const report = { ...input, sourceTag: input.sourceTag ?? null, sourceHeld: input.sourceHeld ?? false, id: randomBytes(12).toString('base64url'), unlinkedKey: randomBytes(24).toString('base64url') };
  const statements: InStatement[] = [
    insertReport(report, withinLimits(limits, input.now)),
    ...countIfChanged(limits, input.now),
    hideIfReported(input.commentId, input.threshold, input.now),
    bumpVersion({ postId: comment!.postId, ifChanged: true }),
  ];
  const row = await limitedWrite(writes, limits, input.now, statements, () => refusalError(refusalOf('report', 'reader')));
  const counted = Number(row['counted']) === 1;
  // Shown before, hidden after a counted report: the readers' reports hid it (no one else hides a comment).
  const hiddenByReports = counted && comment!.status === 'published' && (await getComment(db, input.commentId))?.status === 'hidden';
  return { report: { id: String(row['id']), status: 'open' }, counted, hiddenByReports };
}

export async function getReport(db: Database, id: string): Promise<PublicReport> {
  const result = await db.execute({ sql: 'SELECT id, status FROM reports WHERE id = ?', args: [id] });
  const row = result.rows[0];
  if (!row) throw new ApiError('report_not_found', 'There is no report with this reference.');
  return { id: String(row['id']), status: String(row['status']) as PublicReport['status'] };
}

export interface PublicRemovalRequest {
  id: string;
  status: 'open' | 'granted' | 'declined';
}

export async function getRemovalRequest(db: Database, id: string): Promise<PublicRemovalRequest> {
  const row = (await db.execute({ sql: 'SELECT id, status FROM removal_requests WHERE id = ?', args: [id] })).rows[0];
  if (!row) throw new ApiError('request_not_found', 'There is no removal request with this reference.');
  return { id: String(row['id']), status: String(row['status']) as PublicRemovalRequest['status'] };
}

export async function requestRemoval(db: Database, writes: WriteQueue, input: { commentId: number; note: string; now: number; limits?: readonly Limit[] }): Promise<{ id: string; status: 'open' }> {
  const comment = await getComment(db, input.commentId);
  const refused = refusal(comment?.status ?? 'new', 'request_removal', 'reader');
  if (refused) throw refused;
  const id = randomBytes(12).toString('base64url');
  const limits = input.limits ?? [];
  const statements = [insertRemovalRequest({ ...input, id }, withinLimits(limits, input.now)), ...countIfChanged(limits, input.now)];
  await limitedWrite(writes, limits, input.now, statements, () => refusalError(refusalOf('request_removal', 'reader')));
  return { id, status: 'open' };
}

/** The newest published comments across the blog, for the recent comments feed. */
export async function recentComments(db: Database, limit: number): Promise<StoredComment[]> {
  const result = await db.execute({ sql: `SELECT ${commentColumns} FROM comments WHERE status = 'published' ORDER BY created_at DESC, id DESC LIMIT ?`, args: [limit] });
  return result.rows.map(toStored);
}
