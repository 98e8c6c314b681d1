// Drawing a post's thread in the page: the same markup as the page without JavaScript
// (site/lib/thread-markup.ts), with buttons for the actions, inserted a chunk at a time so that a
// thread of hundreds of comments never holds the page still; then the writer's key boxes and
// held comments. Every piece of HTML from the server is sanitised again (purifier.ts).
import { editText, writtenText } from '../lib/comment-labels.ts';
import { editWindowMs, type PublicComment, type WrittenComment } from '../lib/comments.ts';
import { escapeHtml as e } from '../lib/html.ts';
import { localNow } from '../lib/local-time.ts';
import { groupHtml, threadGroups, type CommentMarkup } from '../lib/thread-markup.ts';
import type { Thread } from './comment-client.ts';
import { deleteButton, type Board } from './comment-forms.ts';
import { h } from './dom.ts';
import { sanitisedHtml, sanitiserReady } from './purifier.ts';
import { followControl } from './writing-aids.ts';
import { keptKeys, keyBox } from './removal-keys.ts';

/** A comment written on this page, with its key: shown to its writer until they leave. */
export interface Written {
  comment: WrittenComment;
  removalKey: string;
  kept: boolean;
  /** What its writer typed, to change it in its first minutes. */
  source: string;
}

/** A comment written on this page that may still be changed. */
export function editable(entry: Written | undefined): entry is Written {
  return entry !== undefined && Date.now() - Date.parse(entry.comment.createdAt) < editWindowMs;
}

/** What the drawing needs besides the thread: the page's state and the forms' board. */
export interface ThreadView {
  board: Board;
  written: ReadonlyMap<number, Written>;
  /** The comment written last: its key box also says what became of it. */
  latest: number | undefined;
  /** Comments this browser has not shown its reader before (only when they asked it to remember). */
  isNew?: ((comment: PublicComment) => boolean) | undefined;
}

/** Where the thread is drawn in the comments section. */
export interface ThreadSlots {
  heading: HTMLElement;
  list: HTMLOListElement;
  /** Held comments on the post itself, just above the form they were written in. */
  held: HTMLElement;
}

/** The actions of a comment, as buttons the thread's one click handler answers (thread-actions.ts). */
function actionButtons(open: boolean, mine: (id: number) => boolean, canEdit: (id: number) => boolean): (comment: PublicComment) => string {
  const button = (action: string, label: string, toggles = true) => `<button type="button" data-action="${action}"${toggles ? ' aria-expanded="false"' : ''}>${label}</button>`;
  return (comment) =>
    `<p class="comment-actions">${open ? button('reply', 'Reply') + button('quote', 'Quote', false) : ''}${button('report', 'Report')}${canEdit(comment.id) ? button('edit', editText.edit) : ''}${mine(comment.id) ? button('delete', 'Delete', false) : button('remove', 'Remove mine')}</p><div class="comment-slot"></div>`;
}

/**
 * Gives the page back to the browser between chunks, in a task of its own (not scheduler.yield,
 * whose continuation goes before the browser's rendering: the style and layout of every chunk
 * then piled up into one long frame at the end).
 */
function yieldToMain(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Work between yields, in ms: well under the 50 ms a task may take before the page feels stuck. */
const chunkMs = 8;
/**
 * Comments inserted at once, each insertion in a task of its own: its parsing, and the style and
 * layout the browser does after it, stay a few ms on a phone.
 */
const commentsPerInsert = 6;

/** Each drawing's number: a drawing that a newer one overtook stops where it is. */
let drawings = 0;

/**
 * Draws the count and every comment, then the writer's key boxes and held comments. The first
 * drawing fills the list as it goes; a redraw builds the new list aside and swaps it in whole, so
 * the page does not jump while it is made.
 */
export async function drawThread(slots: ThreadSlots, view: ThreadView, thread: Thread): Promise<void> {
  const drawing = ++drawings;
  const { heading, list } = slots;
  // Assistive technology (and the tests) wait for the whole thread before reading it.
  list.setAttribute('aria-busy', 'true');
  const open = thread.post.commentPolicy !== 'closed';
  const fresh = view.isNew ? thread.comments.filter(view.isNew).length : 0;
  heading.textContent = `${thread.count} ${thread.count === 1 ? 'comment' : 'comments'}${fresh > 0 ? ` · ${fresh} new` : ''}`;
  const kept = keptKeys.all();
  const mine = (id: number) => view.written.has(id) || String(id) in kept;
  await sanitiserReady;
  let started = performance.now();
  /** True when this drawing may go on: after a pause once its share of time is spent. */
  const pause = async () => {
    await yieldToMain();
    started = performance.now();
    return drawing === drawings;
  };
  const goOn = async () => performance.now() - started < chunkMs || pause();
  // The task that read the thread ends here: its parsing is enough for one task on a phone.
  if (!(await pause())) return;
  // Sanitising is most of the work: done first, a few comments at a time.
  const bodies = new Map<number, string>();
  for (const comment of thread.comments) {
    if (comment.html) bodies.set(comment.id, sanitisedHtml(comment.html));
    if (!(await goOn())) return;
  }
  const markup: CommentMarkup = { today: localNow(thread.comments), body: (c) => bodies.get(c.id) ?? '', actions: actionButtons(open, mine, (id) => editable(view.written.get(id))), isNew: view.isNew };
  const writtenIds = new Set([...view.written.keys(), ...[...view.written.values()].map((w) => w.comment.parentId)]);
  const target = list.childElementCount === 0 ? list : h('ol', { class: 'comment-list' });
  target.replaceChildren();
  let html = '';
  let inHtml = 0;
  for (const group of threadGroups(thread.comments)) {
    html += groupHtml(group, markup, group.folded.some((c) => writtenIds.has(c.id)));
    inHtml += 1 + group.shown.length + group.folded.length;
    // Parsing the HTML costs more than writing it: a few comments at a time.
    if (inHtml < commentsPerInsert) continue;
    target.insertAdjacentHTML('beforeend', html);
    html = '';
    inHtml = 0;
    if (!(await pause())) return;
  }
  target.insertAdjacentHTML('beforeend', html);
  if (target !== list) list.replaceChildren(...target.childNodes);
  list.removeAttribute('aria-busy');
  // role="list" keeps list semantics under list-style: none; on an empty list it is an error.
  if (thread.comments.length > 0) list.setAttribute('role', 'list');
  else list.removeAttribute('role');
  placeWritten(slots, view, new Set(thread.comments.map((c) => c.id)));
}

/** The writer's key box beside each comment written on this page, and their held comments. */
function placeWritten(slots: ThreadSlots, view: ThreadView, shown: ReadonlySet<number>): void {
  slots.held.replaceChildren();
  for (const entry of view.written.values()) {
    const { comment } = entry;
    if (shown.has(comment.id)) {
      document.getElementById(`c${comment.id}`)?.after(writtenKeyBox(view, entry));
      continue;
    }
    if (comment.status !== 'pending') continue;
    const parent = comment.parentId === null ? null : document.getElementById(`c${comment.parentId}`);
    (parent?.closest('li') ?? slots.held).append(renderHeld(view, entry));
  }
}

function writtenKeyBox(view: ThreadView, entry: Written): HTMLElement {
  const box = keyBox(entry.comment.id, entry.removalKey, { status: entry.comment.id === view.latest ? entry.comment.status : undefined, kept: entry.kept });
  box.append(followControl(entry.comment.id, entry.removalKey));
  return box;
}

/** A held comment, to its writer alone: under the comment it answers, or above the form. */
function renderHeld(view: ThreadView, entry: Written): HTMLElement {
  const { comment } = entry;
  const article = h('article', { class: 'comment comment-held', 'data-held-id': String(comment.id) });
  article.innerHTML = `<p class="comment-meta"><span class="comment-author">${e(comment.author.name)}</span>${comment.author.kind === 'staff' ? ' <span class="badge">Staff</span>' : ''} <span class="comment-waiting">${e(writtenText.waiting)}</span></p><div class="comment-body">${sanitisedHtml(comment.html)}</div>`;
  article.append(h('p', { class: 'comment-actions' }, deleteButton(view.board, comment.id, entry.removalKey)));
  return h('div', { class: 'comment-held-mine' }, article, writtenKeyBox(view, entry));
}
