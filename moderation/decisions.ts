// Moderators' decisions as moderation takes them: the comment domain's decision (api/comments/
// decisions.ts), with the audit record of who took it written in the same batch.
import * as domain from '../api/comments/decisions.ts';
import type { CommentAction, RemovalDecision, ReportDecision } from '../api/comments/decisions.ts';
import type { Database } from '../api/db/database.ts';
import type { WriteQueue } from '../api/db/write-queue.ts';
import { auditStatement, type Actor } from './queue.ts';
import { undoMs } from './undo.ts';

/** The account that decides, and when. */
interface Decision {
  actor: Actor;
  reason?: string | undefined;
  /** The reason the writer is shown, from publicReasons. */
  publicReason?: string | undefined;
  now: number;
}

/** What the retention erasure is recorded as: no account takes it. */
const befriend: Actor = { id: null, name: 'Befriend' };

const taken = ({ actor, reason, publicReason, now }: Decision) => ({ by: actor.name, reason, publicReason, now, audit: (fact: domain.AuditFact) => auditStatement(actor, fact, now) });

export function decideComment(db: Database, writes: WriteQueue, input: Decision & { id: number; action: CommentAction }): Promise<{ auditId: number | undefined }> {
  return domain.decideComment(db, writes, { ...taken(input), id: input.id, action: input.action });
}

export function decideReports(db: Database, writes: WriteQueue, input: Decision & { reportId: string; decision: ReportDecision }): Promise<{ commentId: number; closed: number; auditId: number | undefined }> {
  return domain.decideReports(db, writes, { ...taken(input), reportId: input.reportId, decision: input.decision });
}

export function decideRemovalRequest(db: Database, writes: WriteQueue, input: Decision & { requestId: string; decision: RemovalDecision }): Promise<{ commentId: number }> {
  return domain.decideRemovalRequest(db, writes, { ...taken(input), requestId: input.requestId, decision: input.decision });
}

/** Erases the text of removed comments past the retention window; returns how many. */
export function eraseExpiredText(writes: WriteQueue, now: number, retentionDays: number): Promise<number> {
  return domain.eraseExpiredText(writes, { now, retentionDays, audit: (fact) => auditStatement(befriend, fact, now) });
}

/**
 * Erases the notes of reports decided before the undo window (undoMs) began: they were kept only so
 * that undoing an upheld report or a removal opens the reports again as they were. Returns how many.
 */
export function eraseDecidedNotes(db: Database, writes: WriteQueue, now: number): Promise<number> {
  return domain.eraseDecidedNotes(db, writes, now - undoMs);
}
