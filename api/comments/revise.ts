// A comment before it goes out and just after: the preview its writer asks for (rendered by the
// same pipeline as the comment itself, references and warnings included, nothing stored), and the
// change its author may make with the removal key for a short while after writing it. A change
// overwrites the text, and the write that carries it erases the old text from the file; it never
// takes a shown comment out of the thread (a change a moderator would have to read first is
// refused, with the reason).
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { ApiError } from '../errors.ts';
import { findIdentifyingDetails, type IdentifyingDetail } from './identifying.ts';
import * as model from './model.ts';
import { bumpVersion, eraseReportNotes, reviseComment } from './store.ts';
import { decisionOn, identifyingRefusal, renderBody, withReferences, wordRefusal, writtenView, type SubmitDeps } from './submit.ts';
import { editWindowMs, type WrittenComment } from './types.ts';

export { editWindowMs };
/** How many times: enough for second thoughts, too few to turn a comment into a chat. */
export const maxEdits = 10;

/** The comment's HTML as it would be stored now, with its references linked. */
async function commentHtml(deps: SubmitDeps, post: PostsManifestEntry, body: string, now: number, self?: number): Promise<string> {
  return withReferences(deps, post, await renderBody(deps.renderer, body), now, self);
}

export interface Preview {
  html: string;
  /** What could identify someone: the writer is told before sending. */
  identifying: IdentifyingDetail[];
}

export async function previewComment(deps: SubmitDeps, post: PostsManifestEntry, body: string, now: number): Promise<Preview> {
  const settings = await deps.settings();
  const html = await commentHtml(deps, post, body, now);
  return { html, identifying: findIdentifyingDetails(body, html, settings.identifyingWords) };
}

export interface Revision {
  id: number;
  removalKey: string;
  body: string;
  confirmIdentifying: boolean;
  now: number;
}

/** Changes a comment's text with its removal key, within editWindowMs of writing it. */
export async function editComment(deps: SubmitDeps, posts: ReadonlyMap<string, PostsManifestEntry>, revision: Revision): Promise<WrittenComment> {
  const { id, now } = revision;
  const { postId, status } = await model.byItsAuthor(deps.db, id, revision.removalKey, 'edit');
  const comment = (await model.getComment(deps.db, id))!;
  const post = posts.get(postId);
  if (!post) throw new ApiError('comment_not_found', 'There is no such comment.');
  if (now - comment.createdAt > editWindowMs) throw windowClosed();
  if (comment.redactedAt !== null) throw editedByModerator();
  const settings = await deps.settings();
  const html = await commentHtml(deps, post, revision.body, now, id);
  const decision = decisionOn(post, settings, { body: revision.body, html }, { confirmedIdentifying: revision.confirmIdentifying, isStaff: comment.authorKind === 'staff', now });
  if (decision.action === 'confirm') throw identifyingRefusal(decision.details, settings);
  if (decision.action === 'refuse') throw wordRefusal(decision.words);
  // A flagged word is not let in by an edit either: flags are made when a comment is written.
  if (decision.action === 'publish' && decision.flagged) {
    throw new ApiError('edit_needs_moderation', `A moderator would have to read this change (${decision.flagged}), so it was not made: your comment stays as it was.`, { field: 'body' });
  }
  if (decision.action === 'hold' && status === 'published') {
    throw new ApiError('edit_needs_moderation', `A moderator would have to read this change before it appears (${decision.reason}), so it was not made: your comment stays as it was. Change it less, or remove it and write it again.`, { field: 'body' });
  }
  const heldReason = status === 'pending' && decision.action === 'hold' ? decision.reason : undefined;
  const results = await deps.writes.write(
    [reviseComment({ id, bodySource: revision.body, bodyHtml: html, heldReason, now, writtenSince: now - editWindowMs, maxEdits }), eraseReportNotes(id), bumpVersion({ postId })],
    { erases: true },
  );
  const row = results[0]?.rows[0];
  if (!row) {
    // Between the look and the write: the window closed, the comment went, or the changes ran out.
    const current = await model.getComment(deps.db, id);
    if (!current || (current.status !== 'published' && current.status !== 'pending')) throw new ApiError('not_editable', 'Only a comment that is shown, or waiting for a moderator, can be changed.');
    if (now - current.createdAt > editWindowMs) throw windowClosed();
    if (current.redactedAt !== null) throw editedByModerator();
    throw new ApiError('not_editable', `A comment can be changed ${maxEdits} times at most: this one cannot be changed again. You can still remove it with its key.`);
  }
  return writtenView((await model.getComment(deps.db, id))!);
}

/** A moderator's edit is not undone by its author: the writer may still remove the comment. */
function editedByModerator(): ApiError {
  return new ApiError('not_editable', 'A moderator has edited this comment, so it can no longer be changed. You can still remove it with its key.');
}

function windowClosed(): ApiError {
  return new ApiError('edit_window_closed', `A comment can be changed for ${editWindowMs / 60_000} minutes after it is written; this one can no longer be. You can still remove it with its key.`);
}
