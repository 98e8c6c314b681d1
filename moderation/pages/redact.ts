// A moderator's edit of a held or reported comment: the comment in its context, its text to change,
// and what the edit does (marked "edited by a moderator", the writer's own text kept for moderators
// until the retention window is over). A refused edit comes back here with the text as it was typed.
import { html } from 'hono/html';
import type { QueueComment } from '../queue.ts';
import { claimedByOther, frame, inContext, type Html, type PageContext } from './frame.ts';

export interface RedactForm {
  comment: QueueComment;
  parents: ReadonlyMap<number, QueueComment>;
  /** The text in the box: the comment's, or what the moderator typed. */
  body: string;
  reason: string;
  back: string;
  /** Why the last try was refused. */
  problem?: string | undefined;
}

export function redactPage(ctx: PageContext, form: RedactForm): Html {
  const { comment } = form;
  const held = comment.status === 'pending';
  const other = claimedByOther(ctx, `comment:${comment.id}`);
  const confirm = other ? `${other.accountName} is on this item. Save your edit anyway?` : undefined;
  return frame(
    ctx,
    form.back,
    'Edit a comment',
    html`${form.problem ? html`<p class="notice notice-error" role="alert" id="edit-problem">${form.problem}</p>` : ''}
<p>Take out what should not be there (a name, a workplace, an insult) and leave the rest as its writer put it. The thread marks the comment “edited by a moderator”. The writer’s own text is kept for moderators for ${ctx.retentionDays} days (a setting), then erased; its writer can no longer change the comment, only remove it.</p>
<div class="mod-item">${inContext(ctx, comment, form.parents)}</div>
<form method="post" action="/moderation/comments/${comment.id}/edit" class="mod-edit">
<input type="hidden" name="back" value="${form.back}">
${other ? html`<input type="hidden" name="confirmClaim" value="1"><p class="mod-claim mod-claim-other" role="note"><strong>${other.accountName}</strong> is on this item.</p>` : ''}
<div class="field"><label for="edit-body">Text (Markdown, as its writer wrote it)</label>
<textarea id="edit-body" name="body" rows="12" maxlength="8000" required${form.problem ? html` aria-describedby="edit-problem"` : ''}>${form.body}</textarea></div>
<div class="field"><label for="edit-reason">Reason, for the audit log (optional)</label> <input id="edit-reason" name="reason" maxlength="500" value="${form.reason}" class="mod-reason"></div>
<div class="mod-actions">${held ? html`<button type="submit" name="approve" value="1"${confirm ? html` data-confirm="${confirm}"` : ''}>Save and approve</button> ` : ''}<button type="submit"${confirm ? html` data-confirm="${confirm}"` : ''}>Save${held ? ', still held' : ''}</button> <a href="${form.back}">Cancel</a></div>
</form>`,
  );
}

/** The "Edit" button of a queue item (key e), a plain link without JavaScript. */
export function editButton(comment: QueueComment, back: string): Html {
  return html`<form method="get" action="/moderation/comments/${comment.id}/edit" class="mod-action"><input type="hidden" name="back" value="${back}"><button type="submit" data-key="e" aria-keyshortcuts="e">Edit</button></form>`;
}
