// Moderators' decisions on comments, readers' reports and authors' removal requests, a rejection
// or removal undone, and the erasure of removed comments' text once their retention window is
// over. Every decision is one write batch: the change (guarded by the state it expects, so two
// moderators never decide the same thing twice), the audit record the caller makes of it
// (moderation keeps the audit log), and the thread version that tells every process to re-read the thread.
import type { InStatement } from '@libsql/client';
import type { Database } from '../db/database.ts';
import type { PlainResult, WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import { refusalAt, refusalError, refusalOf } from './life-cycle.ts';
import { bumpVersion, closeReports, decideRemovalRequests, eraseExpiredText as eraseText, eraseRedactedOriginals, eraseReportNotes, moveComment, reopenReports, type Condition } from './store.ts';
import type { CommentStatus } from './types.ts';

export type { Condition } from './store.ts';

/** What a decision did, for the audit log. */
export interface AuditFact {
  action: string;
  targetType: string;
  targetId: string | number;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** The statement recording a fact, RETURNING its id; put right after the change, it records only a change made. */
export type Audit = (fact: AuditFact) => InStatement;

/** The id of the audit record a decision wrote, from its statement's result. */
const recorded = (result: PlainResult | undefined): number | undefined => (result?.rows[0] ? Number(result.rows[0]['id']) : undefined);

/** The reports still open on a comment: the ones a decision closes, by id, so that an undo opens exactly these again. */
async function openReports(db: Database, commentId: number): Promise<string[]> {
  return (await db.execute({ sql: "SELECT id FROM reports WHERE comment_id = ? AND status = 'open' ORDER BY id", args: [commentId] })).rows.map((row) => String(row['id']));
}

/** Who decides (their name is kept on the reports and requests they decide), why, when, and how it is recorded. */
interface Decider {
  by: string;
  reason?: string | undefined;
  /** The reason the writer is shown (a code of publicReasons), for a rejection or removal. */
  publicReason?: string | undefined;
  now: number;
  audit: Audit;
}

export const commentActions = ['approve', 'reject', 'remove', 'restore'] as const;
export type CommentAction = (typeof commentActions)[number];

/** A statement that changes rows only if the statement before it changed one (`changes()`). */
function onlyIfChanged(statement: InStatement): InStatement {
  return typeof statement === 'string' ? `${statement} AND changes() > 0` : { ...statement, sql: `${statement.sql} AND changes() > 0` };
}

/**
 * Approve or reject a held comment, remove a shown one, or restore a removed or rejected one.
 * Removing closes the comment's open reports as upheld; their notes stay while the removal can be
 * undone (see eraseDecidedNotes). Restoring dismisses nothing. The record says the status it was
 * in (`from`: the decision applies only while it still is) and the reports a removal closed.
 */
export async function decideComment(db: Database, writes: WriteQueue, input: Decider & { id: number; action: CommentAction }): Promise<{ auditId: number | undefined }> {
  const { id, action, by, now } = input;
  const row = (await db.execute({ sql: 'SELECT post_id, status FROM comments WHERE id = ?', args: [id] })).rows[0];
  if (!row) throw refusalError(refusalAt('new', action, 'moderator')!);
  const from = String(row['status']) as CommentStatus;
  const reports = action === 'remove' ? await openReports(db, id) : undefined;
  const statements: InStatement[] = [
    moveComment(id, action, 'moderator', now, { reason: input.reason?.trim() || null, publicReason: input.publicReason }, { sql: 'status = ?', args: [from] }),
    input.audit({ action: `comment.${action}`, targetType: 'comment', targetId: id, reason: input.reason ?? null, detail: { post: String(row['post_id']), from, ...(reports ? { reports } : {}) } }),
  ];
  // Right after the audit record, which is written only if the comment moved: a refused removal closes nothing.
  if (reports) statements.push(onlyIfChanged(closeReports({ ids: reports }, 'upheld', by, now, false)));
  statements.push(bumpVersion({ commentId: id }));
  const results = await writes.write(statements);
  if (!results[0] || results[0].rowsAffected === 0) throw refusalError(refusalOf(action, 'moderator'));
  return { auditId: recorded(results[1]) };
}

export const reportDecisions = ['uphold', 'dismiss'] as const;
export type ReportDecision = (typeof reportDecisions)[number];

/**
 * Decides every open report on the comment the given report is about. Uphold: the comment is
 * removed by a moderator; the record says its status before and the reports closed, and their
 * notes stay while it can be undone. Dismiss: a comment hidden by reports comes back, and the
 * readers' notes are erased: they served the decision, and moderators see only open reports' notes.
 */
export async function decideReports(db: Database, writes: WriteQueue, input: Decider & { reportId: string; decision: ReportDecision }): Promise<{ commentId: number; closed: number; auditId: number | undefined }> {
  const { reportId, decision, by, now } = input;
  const row = (await db.execute({ sql: 'SELECT r.comment_id, r.status, c.status AS comment_status FROM reports r JOIN comments c ON c.id = r.comment_id WHERE r.id = ?', args: [reportId] })).rows[0];
  if (!row) throw new ApiError('report_not_found', 'There is no report with this reference.');
  if (String(row['status']) !== 'open') throw new ApiError('state_changed', 'These reports have already been decided.');
  const commentId = Number(row['comment_id']);
  const reports = await openReports(db, commentId);
  const uphold = decision === 'uphold';
  const results = await writes.write(
    [
      closeReports({ ids: reports }, uphold ? 'upheld' : 'dismissed', by, now, !uphold),
      input.audit({ action: `reports.${decision}`, targetType: 'comment', targetId: commentId, reason: input.reason ?? null, detail: { report: reportId, ...(uphold ? { from: String(row['comment_status']), reports } : {}) } }),
      // Only if this decision closed the reports (the audit record before it was written): another
      // moderator's decision that came first is left as it is.
      onlyIfChanged(uphold ? moveComment(commentId, 'uphold_reports', 'moderator', now, { reason: input.reason?.trim() || 'Upheld reports', publicReason: input.publicReason }) : moveComment(commentId, 'dismiss_reports', 'moderator', now)),
      bumpVersion({ commentId }),
    ],
    { erases: !uphold },
  );
  const closed = results[0]?.rowsAffected ?? 0;
  if (closed === 0) throw new ApiError('state_changed', 'These reports have already been decided.');
  return { commentId, closed, auditId: recorded(results[1]) };
}

/** Where undoing a decision takes the comment back to, by the status the decision found it in. */
const undoMoves = { pending: 'undo_reject', published: 'undo_remove', hidden: 'undo_remove_hidden' } as const;
export type UndoneStatus = keyof typeof undoMoves;
export const undoneStatuses = Object.keys(undoMoves) as UndoneStatus[];

/**
 * Undoes a moderator's rejection or removal (of upheld reports too): the comment goes back to the
 * status it was in (`from`: held, shown, or hidden by reports) without the decision's reasons, and
 * the reports the decision closed are open again, with their notes. The move is guarded by the
 * comment's status and `undoable` (the caller's own check: nothing was decided on it since); its
 * record follows it; the reports open only while `undone` (that record is there) holds.
 */
export async function undoDecision(
  writes: WriteQueue,
  input: { commentId: number; from: UndoneStatus; reports: readonly string[]; now: number; audit: Audit; detail: Record<string, unknown>; undoable: Condition; undone: Condition },
): Promise<{ auditId: number | undefined }> {
  const { commentId, now } = input;
  const action = undoMoves[input.from];
  const results = await writes.write([
    moveComment(commentId, action, 'moderator', now, { reason: null }, input.undoable),
    input.audit({ action: 'undo', targetType: 'comment', targetId: commentId, detail: input.detail }),
    reopenReports(input.reports, input.undone),
    bumpVersion({ commentId }),
  ]);
  if (!results[0] || results[0].rowsAffected === 0) throw refusalError(refusalOf(action, 'moderator'));
  return { auditId: recorded(results[1]) };
}

export const removalDecisions = ['grant', 'decline'] as const;
export type RemovalDecision = (typeof removalDecisions)[number];

/**
 * Grant: the comment's text is erased for good, as if its author had removed it, with the notes of
 * the reports on it. Either way the request's note ("what would show it is mine") is erased once
 * decided, from the rows and from the file.
 */
export async function decideRemovalRequest(db: Database, writes: WriteQueue, input: Decider & { requestId: string; decision: RemovalDecision }): Promise<{ commentId: number }> {
  const { requestId, decision, by, now } = input;
  const row = (await db.execute({ sql: 'SELECT comment_id, status FROM removal_requests WHERE id = ?', args: [requestId] })).rows[0];
  if (!row) throw new ApiError('not_found', 'There is no such removal request.');
  if (String(row['status']) !== 'open') throw new ApiError('state_changed', 'This request has already been decided.');
  const commentId = Number(row['comment_id']);
  const audit = input.audit({ action: `removal.${decision}`, targetType: 'comment', targetId: commentId, reason: input.reason ?? null, detail: { request: requestId } });
  const statements: InStatement[] =
    decision === 'grant'
      ? [
          // Every open request on the comment is answered by this one erasure.
          decideRemovalRequests({ grant: commentId }, by, now),
          audit,
          moveComment(commentId, 'grant_removal', 'moderator', now),
          closeReports({ commentId }, 'upheld', by, now, false),
          eraseReportNotes(commentId),
          bumpVersion({ commentId }),
        ]
      : [decideRemovalRequests({ decline: requestId }, by, now), audit];
  const [changed] = await writes.write(statements, { erases: true });
  if (!changed || changed.rowsAffected === 0) throw new ApiError('state_changed', 'This request has already been decided.');
  return { commentId };
}

/**
 * Erases the text of comments moderators removed or rejected longer ago than the retention
 * window, the notes of reports on any comment whose text is gone, and the writers' own text of
 * comments moderators edited that long ago, from the rows and from the file. Returns how many
 * comments were erased.
 */
export async function eraseExpiredText(writes: WriteQueue, input: { now: number; retentionDays: number; audit: Audit }): Promise<number> {
  const [erased] = await writes.write(
    [
      eraseText(input.now - input.retentionDays * 86_400_000),
      input.audit({ action: 'retention.erase', targetType: 'comments', targetId: '*', detail: { retentionDays: input.retentionDays } }),
      eraseReportNotes('text erased'),
      eraseRedactedOriginals(input.now - input.retentionDays * 86_400_000),
    ],
    { erases: true },
  );
  return erased?.rowsAffected ?? 0;
}

/**
 * Erases the notes of reports decided at or before `before` (the end of the undo window), from the
 * rows and from the file. Most of the time there are none: only then is the erasing write made.
 */
export async function eraseDecidedNotes(db: Database, writes: WriteQueue, before: number): Promise<number> {
  const waiting = await db.execute({ sql: "SELECT 1 FROM reports WHERE note IS NOT NULL AND status <> 'open' AND decided_at <= ? LIMIT 1", args: [before] });
  if (waiting.rows.length === 0) return 0;
  const [erased] = await writes.write([eraseReportNotes({ decidedBefore: before })], { erases: true });
  return erased?.rowsAffected ?? 0;
}
