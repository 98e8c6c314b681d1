// Redact, then approve: a moderator edits a held or reported comment (an office's name taken out,
// say) and may approve it in the same write. The new text goes through the writers' own pipeline
// (the renderer, references to earlier comments); the thread marks the comment "edited by a
// moderator"; the writer's own text is kept aside for moderators until the retention window is
// over (decisions.ts eraseExpiredText), and goes at once with the comment's text. The author may
// no longer change it (revise.ts), only remove it.
import type { InStatement } from '@libsql/client';
import type { Database } from '../db/database.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import type { Audit } from './decisions.ts';
import { refusalAt, refusalError, refusalOf } from './life-cycle.ts';
import { getThread } from './model.ts';
import { linkReferences } from './references.ts';
import { bumpVersion, moveComment, redactComment as redactStatements } from './store.ts';
import { renderBody, type Renderer } from './submit.ts';
import type { CommentStatus } from './types.ts';

export interface Redaction {
  id: number;
  /** The new Markdown text. */
  body: string;
  /** Approve a held comment in the same write. */
  approve: boolean;
  /** The moderator's name, kept with the writer's text while it is kept. */
  by: string;
  reason?: string | undefined;
  now: number;
  audit: Audit;
  /** For the references the new text makes: the blog's clocks, and the thread's depth. */
  timeZone: string;
  maxDepth: number;
}

/** The comment as a moderator edits it: its Markdown text, its status, the writer's own text if set aside. */
export interface Redactable {
  id: number;
  postId: string;
  status: CommentStatus;
  bodySource: string;
  createdAt: number;
  /** The writer's own text, when a moderator has edited it already and it is still kept. */
  original: { html: string; by: string; at: number } | null;
}

export async function redactable(db: Database, id: number): Promise<Redactable> {
  const row = (
    await db.execute({
      sql: `SELECT c.id, c.post_id, c.status, c.body_source, c.created_at, r.body_html AS original_html, r.redacted_by, r.redacted_at
            FROM comments c LEFT JOIN redactions r ON r.comment_id = c.id WHERE c.id = ?`,
      args: [id],
    })
  ).rows[0];
  if (!row) throw refusalError(refusalAt('new', 'redact', 'moderator')!);
  const status = String(row['status']) as CommentStatus;
  if (refusalAt(status, 'redact', 'moderator') || row['body_source'] === null) throw refusalError(refusalOf('redact', 'moderator'));
  return {
    id,
    postId: String(row['post_id']),
    status,
    bodySource: String(row['body_source']),
    createdAt: Number(row['created_at']),
    original: row['original_html'] === null ? null : { html: String(row['original_html']), by: String(row['redacted_by']), at: Number(row['redacted_at']) },
  };
}

export async function redactComment(db: Database, writes: WriteQueue, renderer: Renderer, input: Redaction): Promise<{ approved: boolean }> {
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (body === '') throw new ApiError('validation_failed', 'The comment needs some text: to take all of it down, reject or remove it instead.', { field: 'body' });
  const comment = await redactable(db, input.id);
  if (body === comment.bodySource.trim()) throw new ApiError('validation_failed', 'The text is as it was: change it, or go back and decide on it as it is.', { field: 'body' });
  if (input.approve && comment.status !== 'pending') throw new ApiError('validation_failed', 'Only a held comment can be approved.', { field: 'approve' });
  const thread = await getThread(db, comment.postId, { maxDepth: input.maxDepth, timeZone: input.timeZone });
  // References resolve as they would have when the comment was written: to the comments before it.
  const html = linkReferences(await renderBody(renderer, body), thread, { now: comment.createdAt, timeZone: input.timeZone, self: input.id });
  const reason = input.reason?.trim() || null;
  const statements: InStatement[] = [
    ...redactStatements({ id: input.id, was: comment.bodySource, bodySource: body, bodyHtml: html, by: input.by, now: input.now }),
    input.audit({ action: 'comment.redact', targetType: 'comment', targetId: input.id, reason, detail: { post: comment.postId, from: comment.status } }),
  ];
  if (input.approve) {
    statements.push(
      moveComment(input.id, 'approve', 'moderator', input.now, { reason }),
      input.audit({ action: 'comment.approve', targetType: 'comment', targetId: input.id, reason, detail: { post: comment.postId, from: comment.status } }),
    );
  }
  statements.push(bumpVersion({ commentId: input.id }));
  // The old text leaves the comment's row from the file's bytes too: it lives on only where it is kept aside.
  const results = await writes.write(statements, { erases: true });
  if ((results[1]?.rowsAffected ?? 0) === 0) throw new ApiError('state_changed', 'This comment changed while you edited it (its writer changed it, or another moderator decided): nothing was saved. Look at it again.');
  return { approved: input.approve };
}
