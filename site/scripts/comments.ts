// The comment thread on a post page: fetched from the API and rendered in place, with forms to
// comment, reply, report and delete one's own comments. No framework; every piece of HTML from
// the server is sanitised again with DOMPurify before it is inserted. What a writer wrote on this
// page (its key, a held comment) stays in the page's memory alone, and goes when they leave it.
import DOMPurify from 'dompurify';
import { keepKeyText, placeholderText, writtenText } from '../../api/comments/labels.ts';
import type { PublicComment, WrittenComment } from '../../api/comments/types.ts';
import { commentForm, deleteButton, removeForm, reportForm, type Board } from './comment-forms.ts';
import { api, apiOrOffline, h } from './dom.ts';
import { forgetKeysControl, keptKeys, keyBox } from './removal-keys.ts';

interface Thread {
  post: { id: string; commentPolicy: 'open' | 'moderated' | 'closed' };
  count: number;
  comments: PublicComment[];
}

/** A comment written on this page, with its key: shown to its writer until they leave. */
interface Written {
  comment: WrittenComment;
  removalKey: string;
  kept: boolean;
}

// rel is not a URL: without ADD_URI_SAFE_ATTR DOMPurify checks it as one and drops it.
const allowed = { ALLOWED_TAGS: ['p', 'br', 'hr', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'], ALLOWED_ATTR: ['href', 'rel'], ADD_URI_SAFE_ATTR: ['rel'], ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i };

function commentTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['day']} ${parts['month']} ${parts['year']} ${parts['hour']}:${parts['minute']}`;
}

function sanitisedBody(html: string | null): HTMLElement {
  const body = h('div', { class: 'comment-body' });
  body.innerHTML = DOMPurify.sanitize(html ?? '', allowed);
  return body;
}

export function startComments(section: HTMLElement): void {
  const postId = section.dataset['postId']!;
  const timeZone = section.dataset['timeZone'] ?? 'Europe/London';
  const heading = section.querySelector<HTMLElement>('#comments-heading')!;
  const status = h('div', { class: 'comments-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'comment-list' });
  /** Held comments on the post itself, just above the form they were written in. */
  const heldSlot = h('div', { class: 'held-comments' });
  const formSlot = h('div');
  const forgetSlot = h('div');
  section.querySelector('[data-comments-fallback]')?.remove();
  section.append(status, list, heldSlot, formSlot, forgetSlot);
  let thread: Thread | undefined;
  /** Signed when the thread was fetched: comments sent within seconds of it are refused. */
  let formToken = '';
  /** A moderator signed in on this site comments under their account's name (asked only when the sign-in left its hint). */
  const staff: Promise<string | undefined> = /(?:^|;\s*)befriend_staff=/.test(document.cookie)
    ? api<{ account: { name: string } }>('/moderation/me')
        .then(({ status: code, data }) => (code === 200 ? data.account.name : undefined))
        .catch(() => undefined)
    : Promise.resolve(undefined);
  let staffName: string | undefined;
  const written = new Map<number, Written>();
  /** The comment written last: its key box also says what became of it. */
  let latest: number | undefined;

  const say = (text: string, extra?: Node) => {
    status.replaceChildren(h('p', { class: 'notice', text }));
    if (extra) status.append(extra);
  };

  const board: Board = {
    postId,
    formToken: () => formToken,
    staffName: () => staffName,
    say,
    load: () => load(),
    async wrote(comment, removalKey, keep) {
      if (keep) keptKeys.set(comment.id, removalKey);
      written.set(comment.id, { comment, removalKey, kept: keep });
      latest = comment.id;
      status.replaceChildren();
      await load();
      // The key where the writer is looking: beside their comment, however long the thread.
      const box = section.querySelector<HTMLElement>(`[data-key-for="${comment.id}"]`);
      box?.scrollIntoView({ block: 'center' });
      box?.focus({ preventScroll: true });
    },
    removed(id) {
      keptKeys.delete(id);
      written.delete(id);
    },
  };

  const writtenKeyBox = (entry: Written) => keyBox(entry.comment.id, entry.removalKey, { status: entry.comment.id === latest ? entry.comment.status : undefined, kept: entry.kept });

  function renderComment(comment: PublicComment): HTMLLIElement {
    const item = h('li', { class: `depth-${comment.depth}` });
    const article = h('article', { class: comment.status === 'published' ? 'comment' : 'comment comment-placeholder', id: `c${comment.id}`, 'data-comment-id': String(comment.id) });
    const time = h('a', { class: 'comment-permalink', href: `#c${comment.id}` }, h('time', { datetime: comment.createdAt, text: commentTime(comment.createdAt, timeZone) }));
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
        const open = button.getAttribute('aria-expanded') === 'true';
        slot.replaceChildren();
        actions.querySelectorAll('button[aria-expanded]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
        if (!open) {
          const el = make();
          slot.append(el);
          button.setAttribute('aria-expanded', 'true');
          el.querySelector<HTMLElement>('textarea, select, input')?.focus();
        }
      });
      return button;
    };
    if (thread?.post.commentPolicy !== 'closed') actions.append(toggle('Reply', () => commentForm(board, comment)));
    actions.append(toggle('Report', () => reportForm(board, comment, () => slot.replaceChildren())));
    const mine = written.get(comment.id);
    const key = mine?.removalKey ?? keptKeys.get(comment.id);
    if (key) actions.append(deleteButton(board, comment.id, key, comment.number));
    else actions.append(toggle('Remove mine', () => removeForm(board, comment, () => slot.replaceChildren())));
    article.append(meta, sanitisedBody(comment.html), actions, slot);
    item.append(article);
    if (mine) item.append(writtenKeyBox(mine));
    return item;
  }

  /** A held comment, to its writer alone: under the comment it answers, or above the form. */
  function renderHeld(entry: Written): HTMLElement {
    const { comment } = entry;
    const meta = h('p', { class: 'comment-meta' }, h('span', { class: 'comment-author', text: comment.author.name }), comment.author.kind === 'staff' ? ' ' : '', comment.author.kind === 'staff' ? h('span', { class: 'badge', text: 'Staff' }) : '', ' ', h('span', { class: 'comment-waiting', text: writtenText.waiting }));
    const actions = h('p', { class: 'comment-actions' }, deleteButton(board, comment.id, entry.removalKey));
    return h('div', { class: 'comment-held-mine' }, h('article', { class: 'comment comment-held', 'data-held-id': String(comment.id) }, meta, sanitisedBody(comment.html), actions), writtenKeyBox(entry));
  }

  function draw(): void {
    if (!thread) return;
    heading.textContent = `${thread.count} ${thread.count === 1 ? 'comment' : 'comments'}`;
    list.replaceChildren(...thread.comments.map(renderComment));
    // role="list" keeps list semantics under list-style: none; on an empty list it is an error.
    if (thread.comments.length > 0) list.setAttribute('role', 'list');
    else list.removeAttribute('role');
    heldSlot.replaceChildren();
    const shown = new Set(thread.comments.map((c) => c.id));
    for (const entry of written.values()) {
      if (entry.comment.status !== 'pending' || shown.has(entry.comment.id)) continue;
      const parent = entry.comment.parentId === null ? null : document.getElementById(`c${entry.comment.parentId}`);
      (parent?.closest('li') ?? heldSlot).append(renderHeld(entry));
    }
    forgetSlot.replaceChildren(forgetKeysControl(() => {
      say(keepKeyText.forgotten);
      draw();
    }) ?? '');
    // The page already says when comments are closed; an open form keeps what the reader typed.
    if (thread.post.commentPolicy !== 'closed' && !formSlot.querySelector('form')) formSlot.replaceChildren(commentForm(board));
  }

  async function load(): Promise<void> {
    const { status: code, data, formToken: token } = await apiOrOffline<Thread>(`/api/posts/${encodeURIComponent(postId)}/comments`);
    if (token) formToken = token;
    if (code !== 200) {
      say('Comments could not be loaded just now.');
      return;
    }
    thread = data;
    staffName = await staff;
    draw();
  }

  // Leaving the page forgets what was written on it, even if the browser keeps the page to come back to.
  addEventListener('pagehide', () => {
    written.clear();
    draw();
  });

  void load().then(() => {
    if (location.hash.startsWith('#c')) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  });
}

const section = document.querySelector<HTMLElement>('#comments[data-post-id]');
if (section) startComments(section);
