// The statements that write redactions, re-exported by store.ts (the only code that writes the
// comment tables): a moderator's text for a comment, the writer's own set aside, and its erasure.
import type { InStatement } from '@libsql/client';
import { statusGuard } from '../store.ts';

/**
 * A moderator's text for a comment (life-cycle `redact`) while its text is still the one edited
 * (`was`): the writer's own is set aside (the first time only), then replaced; one guard, both or neither.
 */
export function redactComment(change: { id: number; was: string; bodySource: string; bodyHtml: string; by: string; now: number }): InStatement[] {
  const guard = `id = ? AND ${statusGuard('redact', 'moderator')} AND body_html IS NOT NULL AND body_source = ?`;
  const setAside = `INSERT INTO redactions (comment_id, body_source, body_html, redacted_at, redacted_by) SELECT id, body_source, body_html, ?, ? FROM comments WHERE ${guard} AND redacted_at IS NULL`;
  return [
    { sql: setAside, args: [change.now, change.by, change.id, change.was] },
    { sql: `UPDATE comments SET body_source = ?, body_html = ?, redacted_at = ?, updated_at = ? WHERE ${guard}`, args: [change.bodySource, change.bodyHtml, change.now, change.now, change.id, change.was] },
  ];
}

/** The writers' own text of comments moderators edited longer ago than `before`: erased for good. */
export const eraseRedactedOriginals = (before: number): InStatement => ({ sql: 'DELETE FROM redactions WHERE redacted_at <= ?', args: [before] });
