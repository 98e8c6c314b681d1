// The comment thread on a post page: fetched from the API and drawn in place, with forms to
// comment, reply, report and delete one's own comments. No framework. What a writer wrote on this
// page (its key, a held comment) stays in the page's memory alone, and goes when they leave it.
import { keepKeyText } from '../lib/comment-labels.ts';
import { fetchThread, staffName as signedInStaffName, type Thread } from './comment-client.ts';
import { commentForm, type Board } from './comment-forms.ts';
import { h } from './dom.ts';
import { forgetKeysControl, keptKeys } from './removal-keys.ts';
import { drawThread, type ThreadView, type Written } from './thread-view.ts';

function startComments(section: HTMLElement): void {
  const postId = section.dataset['postId']!;
  const heading = section.querySelector<HTMLElement>('#comments-heading')!;
  const status = h('div', { class: 'comments-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'comment-list' });
  const heldSlot = h('div', { class: 'held-comments' });
  const formSlot = h('div');
  const forgetSlot = h('div');
  section.querySelector('[data-comments-fallback]')?.remove();
  section.append(status, list, heldSlot, formSlot, forgetSlot);
  let thread: Thread | undefined;
  /** Signed when the thread was fetched: comments sent within seconds of it are refused. */
  let formToken = '';
  const staff = signedInStaffName();
  let staffName: string | undefined;
  const written = new Map<number, Written>();

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
      view.latest = comment.id;
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
  const view: ThreadView = { board, timeZone: section.dataset['timeZone'] ?? 'Europe/London', written, latest: undefined };

  function draw(): void {
    if (!thread) return;
    drawThread({ heading, list, held: heldSlot }, view, thread);
    forgetSlot.replaceChildren(forgetKeysControl(() => {
      say(keepKeyText.forgotten);
      draw();
    }) ?? '');
    // The page already says when comments are closed; an open form keeps what the reader typed.
    if (thread.post.commentPolicy !== 'closed' && !formSlot.querySelector('form')) formSlot.replaceChildren(commentForm(board));
  }

  async function load(): Promise<void> {
    const { status: code, data, formToken: token } = await fetchThread(postId);
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
