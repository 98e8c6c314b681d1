// What the thread's buttons and links do, answered by one handler on the list (a thread of
// hundreds of comments gets no listener per comment): Reply, Report and Remove open their form
// under the comment; Quote puts the chosen words into the comment form; Delete erases one's own
// comment; a reference ("#12", "Anon 10:46") shows the comment it points to when pointed at or
// focused, and following it (or an address with a comment in it) opens the fold it sits in.
import type { PublicComment, WrittenComment } from '../lib/comments.ts';
import { fullLocalTime } from '../lib/local-time.ts';
import { placeholderText } from '../lib/comment-labels.ts';
import { commentForm, confirmAndDelete, removeForm, reportForm, type Board } from './comment-forms.ts';
import { h } from './dom.ts';
import { keptKeys } from './removal-keys.ts';
import { editable, type Written } from './thread-view.ts';
import { editForm } from './writing-aids.ts';

export interface ThreadActions {
  board: Board;
  /** The thread as last drawn, by id. */
  comment(id: number): PublicComment | undefined;
  /** The key of a comment written on this page or kept by this browser. */
  keyOf(id: number): string | undefined;
  /** The comment form at the foot of the thread, where quotes go. */
  mainBody(): HTMLTextAreaElement | null;
  /** A comment written on this page, with its key and text. */
  written(id: number): Written | undefined;
  /** Its writer changed it. */
  changed(comment: WrittenComment, source: string): Promise<void>;
}

export function wireThread(list: HTMLElement, actions: ThreadActions): void {
  list.addEventListener('click', (event) => {
    const target = event.target as Element;
    const button = target.closest<HTMLButtonElement>('button[data-action]');
    if (button) return act(button, actions);
    const link = target.closest<HTMLAnchorElement>('a[href^="#"]');
    if (link) reveal(decodeURIComponent(link.hash.slice(1)));
  });
  wirePreviews(list, actions);
  addEventListener('hashchange', () => reveal(decodeURIComponent(location.hash.slice(1))));
}

function act(button: HTMLButtonElement, actions: ThreadActions): void {
  const article = button.closest<HTMLElement>('article[data-comment-id]');
  const comment = article && actions.comment(Number(article.dataset['commentId']));
  if (!article || !comment) return;
  const slot = article.querySelector<HTMLElement>('.comment-slot')!;
  const done = () => close(article, slot);
  const action = button.dataset['action'];
  if (action === 'quote') return quote(article, comment, actions);
  if (action === 'delete') {
    const key = actions.keyOf(comment.id);
    if (key) void confirmAndDelete(actions.board, comment.id, key, comment.number);
    return;
  }
  const wasOpen = button.getAttribute('aria-expanded') === 'true';
  close(article, slot);
  if (wasOpen) return;
  const mine = actions.written(comment.id);
  const form = action === 'edit' && editable(mine) ? editForm(mine, actions.changed) : action === 'reply' ? commentForm(actions.board, comment) : action === 'report' ? reportForm(actions.board, comment, done) : removeForm(actions.board, comment, done);
  slot.append(form);
  button.setAttribute('aria-expanded', 'true');
  form.querySelector<HTMLElement>('textarea, select, input')?.focus();
}

function close(article: HTMLElement, slot: HTMLElement): void {
  slot.replaceChildren();
  article.querySelectorAll('.comment-actions button[aria-expanded]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
}

/** The words quoted: the reader's selection inside the comment, or its opening. */
function quotedText(article: HTMLElement): string {
  const body = article.querySelector('.comment-body')!;
  const selection = getSelection();
  if (selection && !selection.isCollapsed && body.contains(selection.anchorNode) && body.contains(selection.focusNode)) return selection.toString().trim();
  const text = (body as HTMLElement).innerText.trim();
  if (text.length <= 200) return text;
  return `${text.slice(0, 200).replace(/\s+\S*$/, '')}…`;
}

/** Puts "#12.1:" and the words as a Markdown quote into the comment form, ready to answer. */
function quote(article: HTMLElement, comment: PublicComment, actions: ThreadActions): void {
  const body = actions.mainBody();
  if (!body) return;
  const quoted = quotedText(article)
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
  const before = body.value.trimEnd();
  body.value = `${before ? `${before}\n\n` : ''}#${comment.number}:\n${quoted}\n\n`;
  body.focus();
  body.setSelectionRange(body.value.length, body.value.length);
  body.scrollIntoView({ block: 'center' });
}

/** Shows the comment an address names ("c194" or "12.1"): opens the folds around it and marks it. */
export function reveal(id: string): void {
  if (!id) return;
  const element = document.getElementById(id);
  const article = element?.matches('article') ? element : element?.querySelector('article');
  if (!article) return;
  for (let fold = article.closest('details'); fold; fold = fold.parentElement?.closest('details') ?? null) fold.open = true;
  document.querySelectorAll('.comment-highlight').forEach((c) => c.classList.remove('comment-highlight'));
  article.classList.add('comment-highlight');
  article.scrollIntoView({ block: 'start' });
}

/** The comment a reference points to, in a line: number, author, time and opening words. */
function previewText(comment: PublicComment): string {
  const who = comment.author ? `${comment.author.name}, ` : '';
  const head = `${comment.number} · ${who}${fullLocalTime(comment.localTime)}`;
  if (comment.status !== 'published') return `${head}: ${placeholderText[comment.status]}`;
  const words = new DOMParser().parseFromString(comment.html ?? '', 'text/html').body.textContent?.trim().replace(/\s+/g, ' ') ?? '';
  return `${head}: ${words.length > 160 ? `${words.slice(0, 160).replace(/\s+\S*$/, '')}…` : words}`;
}

function wirePreviews(list: HTMLElement, actions: ThreadActions): void {
  const tip = h('div', { class: 'ref-preview', role: 'tooltip', id: 'ref-preview', hidden: '' });
  document.body.append(tip);
  let shownFor: HTMLAnchorElement | undefined;
  const hide = () => {
    tip.hidden = true;
    shownFor?.removeAttribute('aria-describedby');
    shownFor = undefined;
  };
  const show = (event: Event) => {
    const link = (event.target as Element).closest?.<HTMLAnchorElement>('.comment-body a[href^="#c"]');
    if (!link || link === shownFor) return;
    const comment = actions.comment(Number(link.hash.slice(2)));
    if (!comment) return;
    tip.replaceChildren(h('p', { text: previewText(comment) }));
    const box = link.getBoundingClientRect();
    tip.style.left = `${Math.max(8, Math.min(box.left + scrollX, scrollX + innerWidth - 8 - Math.min(448, innerWidth * 0.9)))}px`;
    tip.style.top = `${box.bottom + scrollY + 6}px`;
    tip.hidden = false;
    link.setAttribute('aria-describedby', tip.id);
    shownFor = link;
  };
  list.addEventListener('mouseover', show);
  list.addEventListener('focusin', show);
  list.addEventListener('mouseout', (event) => {
    if (shownFor && !shownFor.contains(event.relatedTarget as Node)) hide();
  });
  list.addEventListener('focusout', hide);
  addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
}

/** The key this page or browser has for a comment. */
export function keyFor(written: ReadonlyMap<number, { removalKey: string }>, id: number): string | undefined {
  return written.get(id)?.removalKey ?? keptKeys.get(id);
}
