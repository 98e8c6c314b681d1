// Undo, for a few minutes: the moderator who rejected a held comment, removed a shown one or upheld
// the reports on one may take it back, once, while nothing else has been decided on the comment.
// A decision is named by its audit record, which says what the comment was before and which
// reports it closed; the undo is the comment domain's (api/comments/decisions.ts), with its own record.
import * as domain from '../api/comments/decisions.ts';
import { undoneStatuses, type UndoneStatus } from '../api/comments/decisions.ts';
import type { Database } from '../api/db/database.ts';
import type { WriteQueue } from '../api/db/write-queue.ts';
import { ApiError } from '../api/errors.ts';
import { auditStatement, type Actor } from './queue.ts';

/** How long the moderator who took a decision may undo it. */
export const undoMs = 5 * 60_000;

/** The decisions that can be undone; a granted removal request erases the text, and cannot. */
export const undoableActions = ['comment.reject', 'comment.remove', 'reports.uphold'] as const;

/** What the Undo after a decision offers: its records, and until when. */
export interface UndoOffer {
  auditIds: number[];
  until: number;
}

interface Decision {
  auditId: number;
  at: number;
  accountId: number | null;
  action: string;
  commentId: number;
  post: unknown;
  from: UndoneStatus | undefined;
  reports: string[];
}

// The latest record about a comment: while it is the decision, nothing was decided on it since
// (another moderator restoring it, its reports decided again) and it was not undone.
const latestOn = "(SELECT max(id) FROM audit_log WHERE target_type = 'comment' AND target_id = ?)";
const selectDecision = `SELECT a.id, a.at, a.account_id, a.action, a.target_id, a.detail,
  a.id = (SELECT max(id) FROM audit_log b WHERE b.target_type = 'comment' AND b.target_id = a.target_id) AS latest
  FROM audit_log a WHERE a.target_type = 'comment'`;

function toDecision(row: Record<string, unknown>): Decision & { latest: boolean } {
  const detail = (row['detail'] === null ? {} : JSON.parse(String(row['detail']))) as Record<string, unknown>;
  const from = undoneStatuses.find((status) => status === detail['from']);
  const reports = Array.isArray(detail['reports']) ? detail['reports'].map(String) : [];
  const accountId = row['account_id'] === null ? null : Number(row['account_id']);
  return { auditId: Number(row['id']), at: Number(row['at']), accountId, action: String(row['action']), commentId: Number(row['target_id']), post: detail['post'], from, reports, latest: Number(row['latest']) === 1 };
}

const canUndo = (decision: Decision) => (undoableActions as readonly string[]).includes(decision.action) && decision.from !== undefined;

/** What a decision answers a script when it can be undone: its record, and until when. */
export function undoFor(action: string, auditId: number | undefined, now: number): { auditId: number; until: number } | undefined {
  return auditId !== undefined && (undoableActions as readonly string[]).includes(action) ? { auditId, until: now + undoMs } : undefined;
}

/** The decisions among `auditIds` that this account may still undo, and until when; none: undefined. */
export async function undoOffer(db: Database, auditIds: readonly number[], accountId: number, now: number): Promise<UndoOffer | undefined> {
  if (auditIds.length === 0) return undefined;
  const rows = (await db.execute({ sql: `${selectDecision} AND a.id IN (${auditIds.map(() => '?').join(', ')}) AND a.account_id = ? AND a.at > ?`, args: [...auditIds, accountId, now - undoMs] })).rows;
  const open = rows.map(toDecision).filter((decision) => decision.latest && canUndo(decision));
  if (open.length === 0) return undefined;
  return { auditIds: open.map((decision) => decision.auditId), until: Math.min(...open.map((decision) => decision.at)) + undoMs };
}

/**
 * Undoes the decision the audit record `auditId` holds: refused when it is not one that can be
 * undone, another account's, older than undoMs, or when anything was decided on the comment since
 * (undone already among them): `state_changed`, and nothing changes.
 */
export async function undoDecision(db: Database, writes: WriteQueue, input: { auditId: number; actor: Actor; now: number }): Promise<{ commentId: number }> {
  const { auditId, actor, now } = input;
  const row = (await db.execute({ sql: `${selectDecision} AND a.id = ?`, args: [auditId] })).rows[0];
  if (!row) throw new ApiError('not_found', 'There is no such decision.');
  const decision = toDecision(row);
  if (!canUndo(decision)) throw new ApiError('validation_failed', 'Only a rejection, a removal or upheld reports can be undone.', { field: 'auditId' });
  if (decision.accountId !== actor.id) throw new ApiError('forbidden', 'Only the moderator who took a decision can undo it.');
  if (now - decision.at >= undoMs) throw new ApiError('undo_expired', 'The few minutes to undo this decision are over.');
  const { commentId } = decision;
  await domain.undoDecision(writes, {
    commentId,
    from: decision.from!,
    reports: decision.reports,
    now,
    audit: (fact) => auditStatement(actor, fact, now),
    detail: { post: decision.post, undoes: auditId, action: decision.action },
    undoable: { sql: `${latestOn} = ?`, args: [String(commentId), auditId] },
    undone: { sql: `(SELECT json_extract(detail, '$.undoes') FROM audit_log WHERE id = ${latestOn} AND action = 'undo') = ?`, args: [String(commentId), auditId] },
  });
  return { commentId };
}
