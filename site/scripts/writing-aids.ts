// What helps a writer before and just after sending: a preview drawn by the board itself (the
// same pipeline as the comment), the warning that something could identify them with the choice
// to send it anyway, the change of a comment in its first minutes, and a private address to
// follow replies to it. Each asks the board, and sanitises what comes back like the thread.
import { editText, followText } from '../lib/comment-labels.ts';
import type { WrittenComment } from '../lib/comments.ts';
import { apiUrl } from './api-url.ts';
import { editComment, errorText, followComment, previewComment, type ApiErrorBody } from './comment-client.ts';
import { h } from './dom.ts';
import { sanitisedHtml, sanitiserReady } from './purifier.ts';

/** "Preview" beside the form's button, and the box the preview shows in. */
export function previewControl(postId: string, body: HTMLTextAreaElement): { button: HTMLButtonElement; box: HTMLElement } {
  const box = h('div', { class: 'comment-preview', role: 'status', hidden: '' });
  const button = h('button', { type: 'button', class: 'secondary', text: 'Preview' });
  button.addEventListener('click', async () => {
    const { status, data, retryAfter } = await previewComment(postId, body.value);
    box.hidden = false;
    if (status !== 200) return void box.replaceChildren(h('p', { class: 'small', text: status === 0 ? 'Could not reach the server.' : errorText(status, data, retryAfter) }));
    await sanitiserReady;
    const rendered = h('div', { class: 'comment-body' });
    rendered.innerHTML = sanitisedHtml(data.preview.html);
    const found = data.preview.identifying.map((d) => d.text).join(', ');
    box.replaceChildren(h('p', { class: 'small' }, h('strong', { text: 'Preview' }), ': how your comment will look. Nothing is sent until you publish it.'), rendered);
    if (found) box.append(h('p', { class: 'small notice-error', text: `This could identify you or a colleague: ${found}.` }));
  });
  return { button, box };
}

/** The choice to send it anyway, shown after the board's warning that something could identify someone. */
export function identifyingConfirm(id: string): { field: HTMLElement; checkbox: HTMLInputElement; show(error: ApiErrorBody['error']): void; reset(): void } {
  const checkbox = h('input', { type: 'checkbox', id: `confirm-identifying-${id}`, name: 'confirmIdentifying' });
  // Empty until the warning: a hidden box and label would still be counted as a form field.
  const field = h('div', { class: 'field identifying-confirm', hidden: '' });
  return {
    field,
    checkbox,
    show(error) {
      if (error?.code !== 'identifying_detail') return;
      const found = (error.details ?? []).map((d) => d.text).join(', ');
      const choice = error.ifSentAnyway === 'published' ? 'Send it anyway: it is published at once' : 'Send it anyway: a moderator reads it first';
      field.replaceChildren(h('p', { class: 'small', text: `Found: ${found}.` }), h('div', { class: 'field-check' }, h('label', { for: checkbox.id }, checkbox, ` ${choice}`)));
      field.hidden = false;
    },
    reset() {
      checkbox.checked = false;
      field.hidden = true;
      field.replaceChildren();
    },
  };
}

/** The form that changes one's own comment, its text in it. */
export function editForm(written: { comment: WrittenComment; removalKey: string; source: string }, changed: (comment: WrittenComment, source: string) => Promise<void>): HTMLFormElement {
  const id = written.comment.id;
  const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
  const body = h('textarea', { id: `edit-body-${id}`, name: 'body', rows: '5', maxlength: '8000', required: '' });
  body.value = written.source;
  const confirm = identifyingConfirm(`edit-${id}`);
  const form = h(
    'form',
    { class: 'comment-form', 'data-edit-form': String(id) },
    error,
    h('div', { class: 'field' }, h('label', { for: body.id, text: editText.label }), body, h('p', { class: 'small', text: editText.help })),
    confirm.field,
    h('button', { type: 'submit', text: editText.button }),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { status, data, retryAfter } = await editComment(id, { removalKey: written.removalKey, body: body.value, ...(confirm.checkbox.checked ? { confirmIdentifying: true } : {}) });
    if (status === 200) return changed(data.comment, body.value);
    error.textContent = status === 0 ? 'Could not reach the server. Your text is still here: try again.' : errorText(status, data, retryAfter);
    error.hidden = false;
    confirm.show(data.error);
    body.focus();
  });
  return form;
}

/** "Follow replies to this comment": asks the board for a private address, and shows it once. */
export function followControl(commentId: number, removalKey: string): HTMLElement {
  const button = h('button', { type: 'button', text: followText.button });
  const slot = h('div', { class: 'follow-form' }, h('p', { class: 'small', text: followText.offer }), button);
  button.addEventListener('click', async () => {
    const { status, data, retryAfter } = await followComment(commentId, removalKey);
    if (status !== 201) return void slot.append(h('p', { class: 'small', text: status === 0 ? 'Could not reach the server.' : errorText(status, data, retryAfter) }));
    const page = apiUrl(data.follow.page);
    slot.replaceChildren(
      h('p', {}, `${followText.addressIntro} `, h('a', { href: page, rel: 'noreferrer', text: new URL(page, location.href).href })),
      h('p', { class: 'small' }, `${followText.feedIntro} `, h('code', { text: new URL(apiUrl(data.follow.feed), location.href).href })),
      h('p', { class: 'small', text: followText.keepPrivate }),
      h('p', { class: 'small', text: followText.stopAnyTime }),
    );
  });
  return slot;
}
