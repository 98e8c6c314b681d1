// The only code that writes the comment tables: comments, reports and thread_versions here, and
// removal_requests and redactions in store/ (re-exported here). Each function returns statements
// for the domain functions to put in one write batch with whatever else a decision needs
// (counters, the audit record), so a decision stays one transaction. Every guard on a comment's status, and every status it goes to, comes from the
// life-cycle table; a statement's guard makes a change that came too late change nothing.
import type { InStatement, InValue } from '@libsql/client';
import type { PlainResult } from '../db/write-queue.ts';
import type { Within } from '../limits/rate-limits.ts';
import { movesOf, type ActionOf, type Actor, type Move } from './life-cycle.ts';
import type { AuthorKind, CommentStatus, NewComment } from './types.ts';
import { toMinute } from './thread.ts';

export { decideRemovalRequests, insertRemovalRequest } from './store/removal-requests.ts';
export { eraseRedactedOriginals, redactComment } from './store/redactions.ts';

/** A condition in SQL with its arguments, added to a statement's guard. */
export type Condition = { sql: string; args: InValue[] };

/** The columns a stored comment is read back with. */
export const commentColumns = 'id, post_id, parent_id, author_name, author_kind, body_html, status, created_at, edited_at, redacted_at';

// Statuses come from the table (constants, never input): written into the SQL as they are.
const list = (statuses: readonly string[]) => statuses.map((status) => `'${status}'`).join(', ');
const fromIn = (moves: readonly [CommentStatus, Move][], column = 'status') => `${column} IN (${list(moves.map(([from]) => from))})`;

/** `status IN (…)`: the statuses `actor` doing `action` applies to. */
export function statusGuard<A extends Actor>(action: ActionOf<A>, actor: A, column = 'status'): string {
  return fromIn(movesOf(action, actor), column);
}

/** The status it goes to: the one, or a CASE on the status it leaves. */
function nextStatus(moves: readonly [CommentStatus, Move][]): string {
  const targets = [...new Set(moves.map(([, move]) => move.to))];
  if (targets.length === 1) return `'${targets[0]}'`;
  return `CASE status ${moves.map(([from, move]) => `WHEN '${from}' THEN '${move.to}'`).join(' ')} END`;
}

/**
 * An author's new text for their comment, while it may still be changed: its status one an edit
 * keeps, written no earlier than `writtenSince`, changed fewer than `maxEdits` times. The old text
 * is overwritten (the write that carries this erases it from the file); RETURNING: no row, too late.
 */
export function reviseComment(change: { id: number; bodySource: string; bodyHtml: string; heldReason?: string | undefined; now: number; writtenSince: number; maxEdits: number }): InStatement {
  const held = change.heldReason === undefined ? '' : ', held_reason = ?';
  return {
    sql: `UPDATE comments SET body_source = ?, body_html = ?${held}, edited_at = ?, updated_at = ?, edit_count = edit_count + 1
          WHERE id = ? AND ${statusGuard('edit', 'author')} AND body_html IS NOT NULL AND redacted_at IS NULL AND created_at >= ? AND edit_count < ?
          RETURNING ${commentColumns}`,
    args: [change.bodySource, change.bodyHtml, ...(change.heldReason === undefined ? [] : [change.heldReason]), change.now, change.now, change.id, change.writtenSince, change.maxEdits],
  };
}


// ---------------------------------------------------------------------------------------------
// thread_versions

/**
 * Bumps a thread's version in the same transaction as the write that changed it, so every process
 * re-reads it: the post's (`ifChanged`: only if the statement just before changed a row), the
 * thread of a comment, or several posts' at once (an import).
 */
export function bumpVersion(of: { postId: string; ifChanged?: boolean } | { commentId: number } | { postIds: readonly string[] }): InStatement {
  const [rows, args]: [string, InValue[]] =
    'commentId' in of
      ? ['SELECT post_id, 1 FROM comments WHERE id = ?', [of.commentId]]
      : 'postIds' in of
        ? [`VALUES ${of.postIds.map(() => '(?, 1)').join(', ')}`, [...of.postIds]]
        : [of.ifChanged ? 'SELECT ?, 1 WHERE changes() > 0' : 'VALUES (?, 1)', [of.postId]];
  return { sql: `INSERT INTO thread_versions (post_id, version) ${rows} ON CONFLICT (post_id) DO UPDATE SET version = version + 1`, args };
}

// ---------------------------------------------------------------------------------------------
// comments

/**
 * A new comment, stored only while its parent (if any) is shown on the same post at that instant
 * and every limit has room; read back with RETURNING (no row: refused). Stored to the minute, as it
 * is published: within a minute the id keeps the order.
 */
export function insertComment(comment: NewComment, within: Within): InStatement {
  const at = toMinute(comment.now);
  return {
    sql: `INSERT INTO comments (post_id, parent_id, author_name, author_kind, body_source, body_html, status, held_reason, removal_key_hash, created_at, updated_at, source_tag)
          SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
          WHERE (? IS NULL OR EXISTS (SELECT 1 FROM comments WHERE id = ? AND post_id = ? AND ${statusGuard('reply', 'author')})) AND ${within.sql}
          RETURNING ${commentColumns}`,
    args: [
      ...[comment.postId, comment.parentId, comment.authorName, comment.authorKind, comment.bodySource, comment.bodyHtml, comment.status, comment.heldReason, comment.removalKeyHash, at, at, comment.sourceTag ?? null],
      ...[comment.parentId, comment.parentId, comment.postId, ...within.args],
    ],
  };
}

/**
 * Moves one comment as the table says `actor` doing `action` does: its status, its text erased when
 * the move erases it, the held reason it is left with. `moderation` stamps a moderator's decision
 * (when, and why; a comment back in a status no moderator's rejection or removal explains carries
 * none). `onlyIf`: a further guard.
 */
export function moveComment<A extends Actor>(id: number, action: ActionOf<A>, actor: A, now: number, moderation?: { reason: string | null; publicReason?: string | null | undefined }, onlyIf?: Condition): InStatement {
  const moves = movesOf(action, actor);
  // Whatever the move, the comment leaves the queue (or was never in it): its source's tag goes.
  const sets = [`status = ${nextStatus(moves)}`, 'source_tag = NULL'];
  const args: InValue[] = [];
  // An erased comment is followed no more: its private address stops with its text.
  if (moves.some(([, move]) => move.erasesText)) sets.push('body_source = NULL, body_html = NULL, author_name = NULL, follow_hash = NULL');
  const noted = moves.filter(([, move]) => move.heldReason);
  if (noted.length > 0) {
    sets.push(`held_reason = CASE ${noted.map(([from]) => `WHEN status = '${from}' THEN ?`).join(' ')} ELSE held_reason END`);
    args.push(...noted.map(([, move]) => move.heldReason!));
  }
  const decided = moves.some(([, move]) => move.to === 'rejected' || move.to === 'removed_by_moderator');
  if (moderation && !decided) sets.push('moderated_at = NULL, moderation_reason = NULL, public_reason = NULL');
  else if (moderation) (sets.push('moderated_at = ?, moderation_reason = ?, public_reason = ?'), args.push(now, moderation.reason, moderation.publicReason ?? null));
  const needsText = moves.some(([, move]) => move.needsText) ? ' AND body_html IS NOT NULL' : '';
  const guard = onlyIf ? ` AND (${onlyIf.sql})` : '';
  return { sql: `UPDATE comments SET ${sets.join(', ')}, updated_at = ? WHERE id = ? AND ${fromIn(moves)}${needsText}${guard}`, args: [...args, now, id, ...(onlyIf?.args ?? [])] };
}

/**
 * Hides a comment whose distinct open reports reached the threshold, if the statement just before
 * (the report) changed a row, unless moderators have already decided reports on it: from then on
 * reports alone never hide it again.
 */
export function hideIfReported(commentId: number, threshold: number, now: number): InStatement {
  const moves = movesOf('hide', 'readers');
  return {
    sql: `UPDATE comments SET status = ${nextStatus(moves)}, updated_at = ?
          WHERE id = ? AND ${fromIn(moves)} AND changes() > 0
            AND NOT EXISTS (SELECT 1 FROM reports WHERE comment_id = ? AND status <> 'open')
            AND (SELECT count(*) FROM reports WHERE comment_id = ? AND status = 'open' AND counted = 1) >= ?`,
    args: [now, commentId, commentId, commentId, threshold],
  };
}

/** Erases the text of comments moderators removed or rejected at or before `before` (a staff name is kept). */
export function eraseExpiredText(before: number): InStatement {
  return {
    sql: `UPDATE comments SET body_source = NULL, body_html = NULL, author_name = CASE WHEN author_kind = 'staff' THEN author_name ELSE NULL END, follow_hash = NULL
          WHERE ${statusGuard('erase', 'retention')} AND moderated_at <= ? AND (body_source IS NOT NULL OR body_html IS NOT NULL)`,
    args: [before],
  };
}

/**
 * Gives a comment its follow token's hash (replacing any before), while the table lets its author
 * follow it. `updated_at` stays as it is: a time written here would tie together the comments one
 * writer follows at once.
 */
export function setFollowHash(id: number, followHash: string): InStatement {
  return { sql: `UPDATE comments SET follow_hash = ? WHERE id = ? AND ${statusGuard('follow', 'author')} AND body_html IS NOT NULL`, args: [followHash, id] };
}

/** Stops the follow tokens with these hashes: their addresses lead nowhere from now on. */
export function clearFollowHashes(followHashes: readonly string[]): InStatement {
  return { sql: `UPDATE comments SET follow_hash = NULL WHERE follow_hash IN (${followHashes.map(() => '?').join(', ')})`, args: [...followHashes] };
}

/** A comment brought in from elsewhere (a Blogger export, a bench's seed), as it was there. */
export interface ImportedComment {
  /** Its id here, when the seed chooses it; otherwise the next free one. */
  id?: number;
  postId: string;
  /** The comment it answers: by its id here, or by the source id of a comment imported before it. */
  parent: { id: number } | { sourceId: string } | null;
  /** Where it comes from (`blogger:<id>`): a comment already imported from there is skipped. */
  sourceId?: string;
  authorName: string | null;
  authorKind: AuthorKind;
  bodySource: string | null;
  bodyHtml: string | null;
  status: CommentStatus;
  removalKeyHash: string;
  createdAt: number;
  updatedAt: number;
}

/** Rows per statement when no row's parent is looked up by its source id (a lookup must see the rows before it). */
const rowsPerInsert = 500;

/**
 * Stores whole threads as they were elsewhere, each thread's version bumped once. `added` reads,
 * from the batch's results, how many comments were new (the others had been imported before).
 */
export function importThreads(threads: readonly { postId: string; comments: readonly ImportedComment[] }[]): { statements: InStatement[]; added: (results: readonly PlainResult[]) => number } {
  const rows = threads.flatMap((thread) => thread.comments);
  const perStatement = rows.some((row) => row.parent && 'sourceId' in row.parent) ? 1 : rowsPerInsert;
  const statements: InStatement[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const values = chunk.map((row) => `(?, ?, ${row.parent && 'sourceId' in row.parent ? '(SELECT id FROM comments WHERE source_id = ?)' : '?'}, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`);
    const args = chunk.flatMap((row) => [
      ...[row.id ?? null, row.postId, row.parent ? ('id' in row.parent ? row.parent.id : row.parent.sourceId) : null, row.authorName, row.authorKind],
      ...[row.bodySource, row.bodyHtml, row.status, row.removalKeyHash, row.createdAt, row.updatedAt, row.sourceId ?? null],
    ]);
    statements.push({
      sql: `INSERT INTO comments (id, post_id, parent_id, author_name, author_kind, body_source, body_html, status, held_reason, removal_key_hash, created_at, updated_at, source_id)
            VALUES ${values.join(', ')} ON CONFLICT (source_id) WHERE source_id IS NOT NULL DO NOTHING`,
      args,
    });
  }
  const inserts = statements.length;
  const postIds = [...new Set(threads.map((thread) => thread.postId))];
  for (let i = 0; i < postIds.length; i += rowsPerInsert) statements.push(bumpVersion({ postIds: postIds.slice(i, i + rowsPerInsert) }));
  return { statements, added: (results) => results.slice(0, inserts).reduce((n, result) => n + result.rowsAffected, 0) };
}

// ---------------------------------------------------------------------------------------------
// reports

export interface NewReport {
  id: string;
  commentId: number;
  reason: string;
  note: string | null;
  /** The reader's key for this comment today, and a random one for a report that does not count. */
  sourceKey: string;
  unlinkedKey: string;
  /** The reader's source's tag today, for the moderators' queue. */
  sourceTag: string | null;
  /** From a source moderators hold: kept for them, counted toward nothing (and so with the random key). */
  sourceHeld: boolean;
  now: number;
}

/**
 * A reader's report on a comment they may report, while every limit has room; RETURNING its id and
 * whether it counts. A source that reported the comment already counts once: its later reports
 * carry a random key that links to nothing, as do a held source's, which count for nothing.
 */
export function insertReport(report: NewReport, within: Within): InStatement {
  return {
    sql: `INSERT INTO reports (id, comment_id, reason, note, source_key, counted, status, created_at, source_tag)
          SELECT ?, c.id, ?, ?, CASE WHEN seen.n > 0 THEN ? ELSE ? END, seen.n = 0, 'open', ?, ?
          FROM comments c, (SELECT count(*) + ? AS n FROM reports WHERE comment_id = ? AND source_key = ?) seen
          WHERE c.id = ? AND ${statusGuard('report', 'reader', 'c.status')} AND ${within.sql}
          RETURNING id, counted`,
    args: [report.id, report.reason, report.note, report.unlinkedKey, report.sourceKey, report.now, report.sourceTag, report.sourceHeld ? 1 : 0, report.commentId, report.sourceKey, report.commentId, ...within.args],
  };
}

/**
 * A report the word lists make on the comment the statement just before inserted (if it did): an
 * open report that names the flagged words, counted towards hiding it by no reader. Moderators
 * find it among the reports, and dismiss it (read, left up) or uphold it (removed).
 */
export function flagInsertedComment(flag: { id: string; reason: string; now: number }): InStatement {
  return {
    sql: `INSERT INTO reports (id, comment_id, reason, note, source_key, counted, status, created_at)
          SELECT ?, last_insert_rowid(), 'other', ?, NULL, 0, 'open', ? WHERE changes() > 0`,
    args: [flag.id, flag.reason, flag.now],
  };
}

const ids = (list: readonly string[]) => list.map(() => '?').join(', ');

/**
 * Closes open reports: every one on a comment, or these; `eraseNotes`: their readers' notes go with
 * the decision (otherwise they go once an undo can no longer open the reports again).
 */
export function closeReports(reports: { commentId: number } | { ids: readonly string[] }, outcome: 'upheld' | 'dismissed', decidedBy: string, now: number, eraseNotes: boolean): InStatement {
  const [which, args]: [string, InValue[]] = 'ids' in reports ? [`id IN (${ids(reports.ids)})`, [...reports.ids]] : ['comment_id = ?', [reports.commentId]];
  return { sql: `UPDATE reports SET status = ?,${eraseNotes ? ' note = NULL,' : ''} source_tag = NULL, decided_at = ?, decided_by = ? WHERE ${which} AND status = 'open'`, args: [outcome, now, decidedBy, ...args] };
}

/** Opens upheld reports again, as an undone decision found them, while `onlyIf` holds. */
export function reopenReports(reports: readonly string[], onlyIf: Condition): InStatement {
  return { sql: `UPDATE reports SET status = 'open', decided_at = NULL, decided_by = NULL WHERE id IN (${ids(reports)}) AND status = 'upheld' AND (${onlyIf.sql})`, args: [...reports, ...onlyIf.args] };
}

/** Erases the notes of reports that quote a comment's text (one comment's, or every comment's whose text is gone), or of every report decided by `decidedBefore`. */
export function eraseReportNotes(of: number | 'text erased' | { decidedBefore: number }): InStatement {
  if (typeof of === 'object') return { sql: "UPDATE reports SET note = NULL WHERE note IS NOT NULL AND status <> 'open' AND decided_at <= ?", args: [of.decidedBefore] };
  return of === 'text erased'
    ? 'UPDATE reports SET note = NULL WHERE note IS NOT NULL AND comment_id IN (SELECT id FROM comments WHERE body_source IS NULL AND body_html IS NULL)'
    : { sql: 'UPDATE reports SET note = NULL WHERE comment_id = ? AND note IS NOT NULL', args: [of] };
}

/** Clears the readers' source keys of reports made before `before`, or of every report. */
export function forgetReportSources(before?: number): InStatement {
  return before === undefined
    ? 'UPDATE reports SET source_key = NULL WHERE source_key IS NOT NULL'
    : { sql: 'UPDATE reports SET source_key = NULL WHERE source_key IS NOT NULL AND created_at < ?', args: [before] };
}

/** Clears the sources' tags of comments and reports made before `before`, or of all of them. */
export function forgetSourceTags(before?: number): InStatement[] {
  return ['comments', 'reports'].map((table) =>
    before === undefined ? `UPDATE ${table} SET source_tag = NULL WHERE source_tag IS NOT NULL` : { sql: `UPDATE ${table} SET source_tag = NULL WHERE source_tag IS NOT NULL AND created_at < ?`, args: [before] },
  );
}
