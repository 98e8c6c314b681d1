// The forms of a post's thread: comment and reply, report, and removing one's own comment (with its
// key, or by asking the moderators when the key is lost). Each sends its JSON and says what happened.
import { reportReasonLabels, writingHelp } from '../lib/comment-labels.ts';
import type { PublicComment, ReportReason, WrittenComment } from '../lib/comments.ts';
import { errorText, outcomeUrl, postComment, removeComment, requestRemoval, sendReport, type NewComment } from './comment-client.ts';
import { h } from './dom.ts';
import { keepKeyField } from './removal-keys.ts';
import { identifyingConfirm, previewControl } from './writing-aids.ts';

/** What the forms need of the thread they sit in. */
export interface Board {
  postId: string;
  /** The newest form token (signed when the thread was fetched). */
  formToken(): string;
  /** A moderator signed in on this site comments under their account's name. */
  staffName(): string | undefined;
  say(text: string, extra?: Node): void;
  load(): Promise<void>;
  /** The API took a new comment: show it to its writer, with its key (and what they typed, to change it). */
  wrote(comment: WrittenComment, removalKey: string, keep: boolean, source: string): Promise<void>;
  /** A comment of the writer's is gone: forget its key wherever it was. */
  removed(id: number): void;
  /** The browser check's solution (worked out once per challenge), and the next challenge when an answer brings one. */
  pow(): Promise<string | undefined>;
  nextPow(challenge: string | null): void;
}

const reasons = Object.entries(reportReasonLabels);

export function commentForm(board: Board, parent?: PublicComment): HTMLFormElement {
  const id = parent ? `reply-${parent.id}` : 'new';
  const staffName = board.staffName();
  const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
  const name = h('input', { id: `name-${id}`, name: 'name', maxlength: '60', autocomplete: 'off' });
  const body = h('textarea', { id: `body-${id}`, name: 'body', rows: parent ? '4' : '6', maxlength: '8000', required: '' });
  const website = h('input', { id: `website-${id}`, name: 'website', tabindex: '-1', autocomplete: 'off' });
  const keep = keepKeyField(id);
  const preview = previewControl(board.postId, body);
  const confirm = identifyingConfirm(id);
  const form = h(
    'form',
    { class: 'comment-form', 'data-comment-form': parent ? String(parent.id) : 'new' },
    parent ? null : h('h3', { text: 'Post a comment' }),
    error,
    staffName
      ? h('p', { class: 'small staff-note' }, 'Commenting as ', h('strong', { text: staffName }), ' ', h('span', { class: 'badge', text: 'Staff' }), ' (you are signed in to moderate).')
      : h('div', { class: 'field' }, h('label', { for: `name-${id}`, text: 'Name (optional: leave empty to post as Anonymous)' }), name),
    h('div', { class: 'field' }, h('label', { for: `body-${id}`, text: parent ? `Reply to ${parent.number}` : 'Comment' }), body, h('p', { class: 'small', text: writingHelp })),
    preview.box,
    confirm.field,
    keep.field,
    h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: `website-${id}`, text: 'Leave this empty' }), website),
    h('p', {}, h('button', { type: 'submit', text: parent ? 'Reply' : 'Publish' }), ' ', preview.button),
  );
  // The browser check is worked out while the reader writes.
  form.addEventListener('focusin', () => void board.pow(), { once: true });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    error.hidden = true;
    const payload: NewComment = { body: body.value, formToken: board.formToken() };
    if (name.value.trim() && !staffName) payload.name = name.value;
    if (website.value) payload.website = website.value;
    if (parent) payload.parentId = parent.id;
    if (confirm.checkbox.checked) payload.confirmIdentifying = true;
    const pow = await board.pow();
    if (pow) payload.pow = pow;
    const { status: code, data, retryAfter, powChallenge } = await postComment(board.postId, payload);
    board.nextPow(powChallenge);
    button.disabled = false;
    if (code === 201 || code === 202) {
      const source = body.value;
      body.value = '';
      preview.box.hidden = true;
      confirm.reset();
      await board.wrote(data.comment, data.removalKey, keep.checkbox.checked, source);
      keep.checkbox.checked = false;
    } else {
      error.textContent = code === 0 ? 'Could not reach the server. Your text is still here: try again.' : errorText(code, data, retryAfter);
      error.hidden = false;
      confirm.show(data.error);
      const field = data.error?.field;
      if (field === 'name') name.focus();
      else if (field === 'body') body.focus();
      else error.focus();
      if (data.error?.field === 'formToken' || data.error?.field === 'pow') await board.load();
    }
  });
  return form;
}

export function reportForm(board: Board, comment: PublicComment, done: () => void): HTMLFormElement {
  const reason = h('select', { id: `reason-${comment.id}`, name: 'reason' }, ...reasons.map(([value, label]) => h('option', { value, text: label })));
  const note = h('textarea', { id: `note-${comment.id}`, name: 'note', rows: '2', maxlength: '1000' });
  const form = h(
    'form',
    { class: 'comment-form', 'data-report-form': String(comment.id) },
    h('div', { class: 'field' }, h('label', { for: `reason-${comment.id}`, text: `Report comment ${comment.number} for` }), reason),
    h('div', { class: 'field' }, h('label', { for: `note-${comment.id}`, text: 'Note (optional)' }), note),
    h('button', { type: 'submit', text: 'Send report' }),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { status: code, data, retryAfter, powChallenge } = await sendReport(comment.id, reason.value as ReportReason, note.value, await board.pow());
    board.nextPow(powChallenge);
    if (code === 201) {
      const check = h('a', { href: outcomeUrl(data.report.id) }, 'Check its outcome');
      board.say(`Thank you: moderators will look at your report. Its reference is ${data.report.id}.`, h('p', { class: 'small' }, check, ' at any time.'));
      done();
      await board.load();
    } else board.say(errorText(code, data, retryAfter));
  });
  return form;
}

/** Removes a comment with its key (already removed counts as done): says so and reloads the thread, or returns why not. */
async function removeWithKey(board: Board, commentId: number, removalKey: string): Promise<string | undefined> {
  const { status: code, data, retryAfter } = await removeComment(commentId, removalKey);
  if (code !== 200 && code !== 409) return errorText(code, data, retryAfter);
  board.removed(commentId);
  board.say('Your comment has been removed.');
  await board.load();
  return undefined;
}

/** One's own comment, its key not at hand in this page: with the key typed in, or, the key lost, by asking the moderators. */
export function removeForm(board: Board, comment: PublicComment, done: () => void): HTMLElement {
  const key = h('input', { id: `key-${comment.id}`, name: 'removalKey', autocomplete: 'off', required: '', spellcheck: 'false' });
  const keyError = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
  const withKey = h(
    'form',
    { class: 'comment-form', 'data-remove-form': String(comment.id) },
    keyError,
    h('div', { class: 'field' }, h('label', { for: `key-${comment.id}`, text: `Removal key of comment ${comment.number}` }), key),
    h('button', { type: 'submit', text: 'Remove it' }),
  );
  withKey.addEventListener('submit', async (event) => {
    event.preventDefault();
    const refused = await removeWithKey(board, comment.id, key.value.trim());
    if (!refused) return done();
    keyError.textContent = refused;
    keyError.hidden = false;
    key.focus();
  });
  const note = h('textarea', { id: `request-${comment.id}`, name: 'note', rows: '3', maxlength: '2000', required: '' });
  const requestError = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
  const lostKey = h(
    'form',
    { class: 'comment-form', 'data-request-form': String(comment.id) },
    h('p', { class: 'small', text: 'Lost the key? Moderators cannot tell who wrote a comment: say what would show them it is yours.' }),
    requestError,
    h('div', { class: 'field' }, h('label', { for: `request-${comment.id}`, text: 'Why it is yours and should go' }), note),
    h('button', { type: 'submit', text: 'Ask the moderators' }),
  );
  lostKey.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { status: code, data, retryAfter } = await requestRemoval(comment.id, note.value);
    if (code === 201) {
      const check = h('a', { href: outcomeUrl(data.removalRequest.id) }, 'Check its outcome');
      board.say(`Your request has been sent to the moderators. Its reference is ${data.removalRequest.id}.`, h('p', { class: 'small' }, check, ' at any time.'));
      done();
    } else {
      requestError.textContent = errorText(code, data, retryAfter);
      requestError.hidden = false;
      note.focus();
    }
  });
  return h('div', {}, withKey, lostKey);
}

/** Deletes one's own comment with its key, after asking. */
export async function confirmAndDelete(board: Board, commentId: number, removalKey: string, number?: string): Promise<void> {
  if (!confirm(`Delete your comment${number ? ` ${number}` : ''}? Its text will be erased for good.`)) return;
  const refused = await removeWithKey(board, commentId, removalKey);
  if (refused) board.say(refused);
}

/** "Delete" on a comment whose key this page has: asks first, then erases it. */
export function deleteButton(board: Board, commentId: number, removalKey: string, number?: string): HTMLButtonElement {
  const del = h('button', { type: 'button', text: 'Delete' });
  del.addEventListener('click', () => void confirmAndDelete(board, commentId, removalKey, number));
  return del;
}
