// Drawing a post's thread in the page: each public comment (a placeholder for one not shown), its
// Reply / Report / Remove controls, and the held comments their writer alone sees. Every piece of
// HTML from the server is sanitised again with DOMPurify before it is inserted.
import DOMPurify from 'dompurify';
import { placeholderText, writtenText } from '../lib/comment-labels.ts';
import type { PublicComment, WrittenComment } from '../lib/comments.ts';
import { commentTime } from '../lib/dates.ts';
import type { Thread } from './comment-client.ts';
import { commentForm, deleteButton, removeForm, reportForm, type Board } from './comment-forms.ts';
import { h } from './dom.ts';
import { keptKeys, keyBox } from './removal-keys.ts';

/** A comment written on this page, with its key: shown to its writer until they leave. */
export interface Written {
  comment: WrittenComment;
  removalKey: string;
  kept: boolean;
}

/** What the drawing needs besides the thread: the page's state and the forms' board. */
export interface ThreadView {
  board: Board;
  timeZone: string;
  written: ReadonlyMap<number, Written>;
  /** The comment written last: its key box also says what became of it. */
  latest: number | undefined;
}

/** Where the thread is drawn in the comments section. */
export interface ThreadSlots {
  heading: HTMLElement;
  list: HTMLOListElement;
  /** Held comments on the post itself, just above the form they were written in. */
  held: HTMLElement;
}

// rel is not a URL: without ADD_URI_SAFE_ATTR DOMPurify checks it as one and drops it.
const allowed = { ALLOWED_TAGS: ['p', 'br', 'hr', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'], ALLOWED_ATTR: ['href', 'rel'], ADD_URI_SAFE_ATTR: ['rel'], ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#c\d+$)/i };

function sanitisedBody(html: string | null): HTMLElement {
  const body = h('div', { class: 'comment-body' });
  body.innerHTML = DOMPurify.sanitize(html ?? '', allowed);
  return body;
}

function writtenKeyBox(view: ThreadView, entry: Written): HTMLElement {
  return keyBox(entry.comment.id, entry.removalKey, { status: entry.comment.id === view.latest ? entry.comment.status : undefined, kept: entry.kept });
}

function renderComment(view: ThreadView, open: boolean, comment: PublicComment): HTMLLIElement {
  const { board } = view;
  const item = h('li', { class: `depth-${comment.depth}` });
  const article = h('article', { class: comment.status === 'published' ? 'comment' : 'comment comment-placeholder', id: `c${comment.id}`, 'data-comment-id': String(comment.id) });
  const time = h('a', { class: 'comment-permalink', href: `#c${comment.id}` }, h('time', { datetime: comment.createdAt, text: commentTime(comment.createdAt, view.timeZone) }));
  const meta = h('p', { class: 'comment-meta' }, h('span', { class: 'comment-number', text: comment.number }), ' ');
  if (comment.status !== 'published' || !comment.author) {
    meta.append(time);
    article.append(meta, h('p', { class: 'comment-removed', text: placeholderText[comment.status as Exclude<PublicComment['status'], 'published'>] }));
    item.append(article);
    return item;
  }
  meta.append(h('span', { class: 'comment-author', text: comment.author.name }), comment.author.kind === 'staff' ? ' ' : '', comment.author.kind === 'staff' ? h('span', { class: 'badge', text: 'Staff' }) : '', ' ', time);
  const actions = h('p', { class: 'comment-actions' });
  const slot = h('div');
  const toggle = (label: string, make: () => HTMLElement) => {
    const button = h('button', { type: 'button', text: label, 'aria-expanded': 'false' });
    button.addEventListener('click', () => {
      const wasOpen = button.getAttribute('aria-expanded') === 'true';
      slot.replaceChildren();
      actions.querySelectorAll('button[aria-expanded]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
      if (!wasOpen) {
        const el = make();
        slot.append(el);
        button.setAttribute('aria-expanded', 'true');
        el.querySelector<HTMLElement>('textarea, select, input')?.focus();
      }
    });
    return button;
  };
  if (open) actions.append(toggle('Reply', () => commentForm(board, comment)));
  actions.append(toggle('Report', () => reportForm(board, comment, () => slot.replaceChildren())));
  const mine = view.written.get(comment.id);
  const key = mine?.removalKey ?? keptKeys.get(comment.id);
  if (key) actions.append(deleteButton(board, comment.id, key, comment.number));
  else actions.append(toggle('Remove mine', () => removeForm(board, comment, () => slot.replaceChildren())));
  article.append(meta, sanitisedBody(comment.html), actions, slot);
  item.append(article);
  if (mine) item.append(writtenKeyBox(view, mine));
  return item;
}

/** A held comment, to its writer alone: under the comment it answers, or above the form. */
function renderHeld(view: ThreadView, entry: Written): HTMLElement {
  const { comment } = entry;
  const meta = h('p', { class: 'comment-meta' }, h('span', { class: 'comment-author', text: comment.author.name }), comment.author.kind === 'staff' ? ' ' : '', comment.author.kind === 'staff' ? h('span', { class: 'badge', text: 'Staff' }) : '', ' ', h('span', { class: 'comment-waiting', text: writtenText.waiting }));
  const actions = h('p', { class: 'comment-actions' }, deleteButton(view.board, comment.id, entry.removalKey));
  return h('div', { class: 'comment-held-mine' }, h('article', { class: 'comment comment-held', 'data-held-id': String(comment.id) }, meta, sanitisedBody(comment.html), actions), writtenKeyBox(view, entry));
}

/** Draws the count, every comment, and the writer's held ones, replacing what was there. */
export function drawThread(slots: ThreadSlots, view: ThreadView, thread: Thread): void {
  const { heading, list, held } = slots;
  const open = thread.post.commentPolicy !== 'closed';
  heading.textContent = `${thread.count} ${thread.count === 1 ? 'comment' : 'comments'}`;
  list.replaceChildren(...thread.comments.map((comment) => renderComment(view, open, comment)));
  // role="list" keeps list semantics under list-style: none; on an empty list it is an error.
  if (thread.comments.length > 0) list.setAttribute('role', 'list');
  else list.removeAttribute('role');
  held.replaceChildren();
  const shown = new Set(thread.comments.map((c) => c.id));
  for (const entry of view.written.values()) {
    if (entry.comment.status !== 'pending' || shown.has(entry.comment.id)) continue;
    const parent = entry.comment.parentId === null ? null : document.getElementById(`c${entry.comment.parentId}`);
    (parent?.closest('li') ?? held).append(renderHeld(view, entry));
  }
}
