// The statements that write removal_requests, re-exported by store.ts (the only code that writes
// the comment tables): an author's request to erase a comment whose key is lost, and its decision.
import type { InStatement } from '@libsql/client';
import type { Within } from '../../limits/rate-limits.ts';
import { statusGuard } from '../store.ts';

/** A request to remove a comment that may still be removed, while every limit has room; RETURNING its id. */
export function insertRemovalRequest(request: { id: string; commentId: number; note: string; now: number }, within: Within): InStatement {
  return {
    sql: `INSERT INTO removal_requests (id, comment_id, note, status, created_at)
          SELECT ?, id, ?, 'open', ? FROM comments WHERE id = ? AND ${statusGuard('request_removal', 'reader')} AND ${within.sql}
          RETURNING id`,
    args: [request.id, request.note, request.now, request.commentId, ...within.args],
  };
}

/**
 * Decides open removal requests, their notes erased: granting answers every open request on the
 * comment; declining, the one.
 */
export function decideRemovalRequests(target: { grant: number } | { decline: string }, decidedBy: string, now: number): InStatement {
  return 'grant' in target
    ? { sql: "UPDATE removal_requests SET status = 'granted', note = NULL, decided_at = ?, decided_by = ? WHERE comment_id = ? AND status = 'open'", args: [now, decidedBy, target.grant] }
    : { sql: "UPDATE removal_requests SET status = 'declined', note = NULL, decided_at = ?, decided_by = ? WHERE id = ? AND status = 'open'", args: [now, decidedBy, target.decline] };
}
