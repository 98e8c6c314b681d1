// The comment thread on a post page: fetched from the API and drawn in place, with forms to
// comment, reply, report and delete one's own comments. No framework. What a writer wrote on this
// page (its key, a held comment) stays in the page's memory alone, and goes when they leave it.
import { keepKeyText } from '../lib/comment-labels.ts';
import type { PublicComment } from '../lib/comments.ts';
import { apiUrl } from './api-url.ts';
import { fetchThread, staffName as signedInStaffName, type Thread } from './comment-client.ts';
import { commentForm, type Board } from './comment-forms.ts';
import { h } from './dom.ts';
import { forgetKeysControl, keptKeys } from './removal-keys.ts';
import { browserCheck } from './browser-check.ts';
import { seenNote } from './seen.ts';
import { keyFor, reveal, wireThread } from './thread-actions.ts';
import { drawThread, type ThreadView, type Written } from './thread-view.ts';

/** The rest of the work in a task of its own: on a phone, each part takes a good share of 50 ms. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function startComments(section: HTMLElement): Promise<void> {
  // User Timing marks: the span from here to the thread drawn is what must never hold the page.
  performance.mark('befriend:thread-start');
  const postId = section.dataset['postId']!;
  const heading = section.querySelector<HTMLElement>('#comments-heading')!;
  const status = h('div', { class: 'comments-status', role: 'status', 'aria-live': 'polite' });
  const top = h('div', { class: 'comments-top' });
  const list = h('ol', { class: 'comment-list' });
  const heldSlot = h('div', { class: 'held-comments' });
  const formSlot = h('div', { id: 'comment-form' });
  const forgetSlot = h('div');
  section.querySelector('[data-comments-fallback]')?.remove();
  section.append(top, status, list, heldSlot, formSlot, forgetSlot);
  // The thread is asked for at once; what follows waits for the next tasks.
  const first = fetchThread(postId);
  await nextTask();
  let thread: Thread | undefined;
  let byId = new Map<number, PublicComment>();
  /** Signed when the thread was fetched: comments sent within seconds of it are refused. */
  let formToken = '';
  const staff = signedInStaffName();
  let staffName: string | undefined;
  const written = new Map<number, Written>();
  const seen = seenNote(postId);
  const check = browserCheck();
  // What counts as new is fixed for the visit: what the last one saw.
  const lastSeen = seen.lastSeen;
  await nextTask();

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
    async wrote(comment, removalKey, keep, source) {
      if (keep) keptKeys.set(comment.id, removalKey);
      written.set(comment.id, { comment, removalKey, kept: keep, source });
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
    pow: () => check.solution(),
    nextPow: (challenge) => check.set(challenge),
  };
  const view: ThreadView = {
    board,
    written,
    latest: undefined,
    isNew: (c) => seen.remembering() && lastSeen > 0 && c.id > lastSeen && !written.has(c.id),
  };
  wireThread(list, {
    board,
    comment: (id) => byId.get(id),
    keyOf: (id) => keyFor(written, id),
    mainBody: () => formSlot.querySelector<HTMLTextAreaElement>('textarea[name="body"]'),
    written: (id) => written.get(id),
    async changed(comment, source) {
      const entry = written.get(comment.id);
      if (entry) written.set(comment.id, { ...entry, comment, source });
      say('Your comment has been changed: the old text is gone.');
      await load();
    },
  });

  const newestId = () => Math.max(0, ...(thread?.comments ?? []).map((c) => c.id));

  /** Drawn once: redrawing it would take the focus from the checkbox in it. */
  function drawTop(open: boolean): void {
    if (top.childElementCount > 0) return;
    const links = h('p', { class: 'small' });
    if (open) links.append(h('a', { href: '#comment-form', text: 'Write a comment' }), ' · ');
    links.append(h('a', { href: apiUrl(`/api/posts/${encodeURIComponent(postId)}/comments.atom`), text: 'Follow this thread (feed)' }));
    // Turned on, the note starts from what is shown now.
    top.replaceChildren(links, seen.control(() => seen.sawUpTo(newestId())));
  }

  async function draw(): Promise<void> {
    if (!thread) return;
    const open = thread.post.commentPolicy !== 'closed';
    drawTop(open);
    await drawThread({ heading, list, held: heldSlot }, view, thread);
    if (performance.getEntriesByName('befriend:thread-drawn').length === 0) performance.mark('befriend:thread-drawn');
    seen.sawUpTo(newestId());
    forgetSlot.replaceChildren(
      forgetKeysControl(() => {
        say(keepKeyText.forgotten);
        void draw();
      }) ?? '',
    );
    // The page already says when comments are closed; an open form keeps what the reader typed.
    if (open && !formSlot.querySelector('form')) formSlot.replaceChildren(commentForm(board));
  }

  async function load(fetching = fetchThread(postId)): Promise<void> {
    const { status: code, data, formToken: token, powChallenge } = await fetching;
    // Reading a long thread's JSON is a task's worth on a phone: the rest waits for the next.
    await nextTask();
    if (token) formToken = token;
    check.set(powChallenge);
    if (code !== 200) {
      say('Comments could not be loaded just now.');
      return;
    }
    thread = data;
    byId = new Map(data.comments.map((c) => [c.id, c]));
    staffName = await staff;
    await draw();
  }

  // Leaving the page forgets what was written on it, even if the browser keeps the page to come back to.
  addEventListener('pagehide', () => {
    written.clear();
    void draw();
  });

  void load(first).then(() => reveal(decodeURIComponent(location.hash.slice(1))));
}

const section = document.querySelector<HTMLElement>('#comments[data-post-id]');
// Started in a task after the script's own, once the page has been drawn: on a phone, loading the
// script and starting it in one task, or the page's own first style and layout and the start,
// would hold the page for more than 50 ms.
if (section) requestAnimationFrame(() => setTimeout(() => void startComments(section), 0));
