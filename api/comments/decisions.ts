// Moderators' decisions on comments, readers' reports and authors' removal requests, and the
// erasure of removed comments' text once their retention window is over. Every decision is one
// write batch: the change (guarded by the state it expects, so two moderators never decide the same
// thing twice), the audit record the caller makes of it (moderation keeps the audit log), and the
// thread version that tells every process to re-read the thread.
import type { InStatement } from '@libsql/client';
import type { Database } from '../db/database.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import { refusalAt, refusalError, refusalOf } from './life-cycle.ts';
import { bumpVersion, closeReports, decideRemovalRequests, eraseExpiredText as eraseText, eraseRedactedOriginals, eraseReportNotes, moveComment } from './store.ts';
import type { CommentStatus } from './types.ts';

/** What a decision did, for the audit log. */
export interface AuditFact {
  action: string;
  targetType: string;
  targetId: string | number;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** The statement recording a fact; put right after the change, it records only a change made. */
export type Audit = (fact: AuditFact) => InStatement;

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

/**
 * Approve or reject a held comment, remove a shown one, or restore a removed or rejected one.
 * Removing closes the comment's open reports as upheld (their notes erased); restoring dismisses nothing.
 */
export async function decideComment(db: Database, writes: WriteQueue, input: Decider & { id: number; action: CommentAction }): Promise<void> {
  const { id, action, by, now } = input;
  const row = (await db.execute({ sql: 'SELECT post_id, status FROM comments WHERE id = ?', args: [id] })).rows[0];
  if (!row) throw refusalError(refusalAt('new', action, 'moderator')!);
  const from = String(row['status']) as CommentStatus;
  const statements: InStatement[] = [
    moveComment(id, action, 'moderator', now, { reason: input.reason?.trim() || null, publicReason: input.publicReason }),
    input.audit({ action: `comment.${action}`, targetType: 'comment', targetId: id, reason: input.reason ?? null, detail: { post: String(row['post_id']), from } }),
  ];
  if (action === 'remove') statements.push(closeReports(id, 'upheld', by, now, true));
  statements.push(bumpVersion({ commentId: id }));
  const [changed] = await writes.write(statements, { erases: action === 'remove' });
  if (!changed || changed.rowsAffected === 0) throw refusalError(refusalOf(action, 'moderator'));
}

export const reportDecisions = ['uphold', 'dismiss'] as const;
export type ReportDecision = (typeof reportDecisions)[number];

/**
 * Decides every open report on the comment the given report is about. Uphold: the comment is
 * removed by a moderator. Dismiss: a comment hidden by reports comes back. Either way the readers'
 * notes are erased: they served the decision, and moderators see only open reports' notes.
 */
export async function decideReports(db: Database, writes: WriteQueue, input: Decider & { reportId: string; decision: ReportDecision }): Promise<{ commentId: number; closed: number }> {
  const { reportId, decision, by, now } = input;
  const row = (await db.execute({ sql: 'SELECT comment_id, status FROM reports WHERE id = ?', args: [reportId] })).rows[0];
  if (!row) throw new ApiError('report_not_found', 'There is no report with this reference.');
  if (String(row['status']) !== 'open') throw new ApiError('state_changed', 'These reports have already been decided.');
  const commentId = Number(row['comment_id']);
  const results = await writes.write(
    [
      closeReports(commentId, decision === 'uphold' ? 'upheld' : 'dismissed', by, now, true),
      input.audit({ action: `reports.${decision}`, targetType: 'comment', targetId: commentId, reason: input.reason ?? null, detail: { report: reportId } }),
      decision === 'uphold' ? moveComment(commentId, 'uphold_reports', 'moderator', now, { reason: input.reason?.trim() || 'Upheld reports', publicReason: input.publicReason }) : moveComment(commentId, 'dismiss_reports', 'moderator', now),
      bumpVersion({ commentId }),
    ],
    { erases: true },
  );
  const closed = results[0]?.rowsAffected ?? 0;
  if (closed === 0) throw new ApiError('state_changed', 'These reports have already been decided.');
  return { commentId, closed };
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
          closeReports(commentId, 'upheld', by, now, false),
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
