// The comment thread on a post page: fetched from the API and rendered in place, with forms to
// comment, reply, report and delete one's own comments. No framework; every piece of HTML from
// the server is sanitised again with DOMPurify before it is inserted.
import DOMPurify from 'dompurify';
import { placeholderText, reportReasonLabels } from '../../api/comments/labels.ts';
import { apiUrl } from './api-url.ts';

type Status = 'published' | 'hidden' | 'removed_by_author' | 'removed_by_moderator';
interface Comment {
  id: number;
  parentId: number | null;
  depth: number;
  number: string;
  author: { name: string; kind: 'anonymous' | 'named' | 'staff' } | null;
  html: string | null;
  createdAt: string;
  status: Status;
}
interface Thread {
  post: { id: string; commentPolicy: 'open' | 'moderated' | 'closed' };
  count: number;
  comments: Comment[];
}
interface ApiErrorBody {
  error?: { code: string; message: string; field?: string };
}

const reasons = Object.entries(reportReasonLabels);

// rel is not a URL: without ADD_URI_SAFE_ATTR DOMPurify checks it as one and drops it.
const allowed = { ALLOWED_TAGS: ['p', 'br', 'hr', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'], ALLOWED_ATTR: ['href', 'rel'], ADD_URI_SAFE_ATTR: ['rel'], ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i };

/** Removal keys of the comments written from this browser: { [commentId]: key }. */
const keyStore = {
  name: 'befriend:removal-keys',
  all(): Record<string, string> {
    try {
      return JSON.parse(localStorage.getItem(this.name) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  },
  get(id: number): string | undefined {
    return this.all()[String(id)];
  },
  set(id: number, key: string): void {
    try {
      localStorage.setItem(this.name, JSON.stringify({ ...this.all(), [String(id)]: key }));
    } catch {
      // Private mode or storage full: the key is still shown once to be kept by hand.
    }
  },
  delete(id: number): void {
    const all = this.all();
    delete all[String(id)];
    try {
      localStorage.setItem(this.name, JSON.stringify(all));
    } catch {
      /* nothing to do */
    }
  },
};

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

function commentTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['day']} ${parts['month']} ${parts['year']} ${parts['hour']}:${parts['minute']}`;
}

async function api<T>(path: string, init?: RequestInit): Promise<{ status: number; data: T & ApiErrorBody; retryAfter: string | null; formToken: string | null }> {
  const res = await fetch(apiUrl(path), { ...init, headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) } });
  const data = (res.status === 204 ? {} : await res.json().catch(() => ({}))) as T & ApiErrorBody;
  return { status: res.status, data, retryAfter: res.headers.get('Retry-After'), formToken: res.headers.get('Form-Token') };
}

function errorText(status: number, data: ApiErrorBody, retryAfter: string | null): string {
  const message = data.error?.message ?? 'Something went wrong. Please try again.';
  return status === 429 && retryAfter ? `${message} (Try again in ${retryAfter} s.)` : message;
}

export function startComments(section: HTMLElement): void {
  const postId = section.dataset['postId']!;
  const timeZone = section.dataset['timeZone'] ?? 'Europe/London';
  const heading = section.querySelector<HTMLElement>('#comments-heading')!;
  const status = h('div', { class: 'comments-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'comment-list' });
  const formSlot = h('div');
  section.querySelector('[data-comments-fallback]')?.remove();
  section.append(status, list, formSlot);
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

  const say = (text: string, extra?: Node) => {
    status.replaceChildren(h('p', { class: 'notice', text }));
    if (extra) status.append(extra);
  };

  function commentForm(parent?: Comment): HTMLFormElement {
    const id = parent ? `reply-${parent.id}` : 'new';
    const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
    const name = h('input', { id: `name-${id}`, name: 'name', maxlength: '60', autocomplete: 'off' });
    const body = h('textarea', { id: `body-${id}`, name: 'body', rows: parent ? '4' : '6', maxlength: '8000', required: '' });
    const website = h('input', { id: `website-${id}`, name: 'website', tabindex: '-1', autocomplete: 'off' });
    const form = h(
      'form',
      { class: 'comment-form', 'data-comment-form': parent ? String(parent.id) : 'new' },
      parent ? null : h('h3', { text: 'Post a comment' }),
      error,
      staffName
        ? h('p', { class: 'small staff-note' }, 'Commenting as ', h('strong', { text: staffName }), ' ', h('span', { class: 'badge', text: 'Staff' }), ' (you are signed in to moderate).')
        : h('div', { class: 'field' }, h('label', { for: `name-${id}`, text: 'Name (optional: leave empty to post as Anonymous)' }), name),
      h('div', { class: 'field' }, h('label', { for: `body-${id}`, text: parent ? `Reply to ${parent.number}` : 'Comment' }), body, h('p', { class: 'small', text: 'Markdown works: *emphasis*, **strong**, > quote, lists, links.' })),
      h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: `website-${id}`, text: 'Leave this empty' }), website),
      h('button', { type: 'submit', text: parent ? 'Reply' : 'Publish' }),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button')!;
      button.disabled = true;
      error.hidden = true;
      const payload: Record<string, unknown> = { body: body.value, formToken };
      if (name.value.trim() && !staffName) payload['name'] = name.value;
      if (website.value) payload['website'] = website.value;
      if (parent) payload['parentId'] = parent.id;
      const { status: code, data, retryAfter } = await api<{ comment: { id: number; status: string }; removalKey: string }>(`/api/posts/${encodeURIComponent(postId)}/comments`, {
        method: 'POST',
        body: JSON.stringify(payload),
      }).catch(() => ({ status: 0, data: {} as ApiErrorBody & { comment: { id: number; status: string }; removalKey: string }, retryAfter: null, formToken: null }));
      button.disabled = false;
      if (code === 201 || code === 202) {
        keyStore.set(data.comment.id, data.removalKey);
        body.value = '';
        const keyNote = h(
          'div',
          { class: 'notice' },
          h('p', {}, 'Your removal key: ', h('code', { class: 'removal-key', text: data.removalKey })),
          h('p', { class: 'small', text: 'Keep this to remove your comment from another device. This browser remembers it, but it is shown only once.' }),
        );
        say(code === 201 ? 'Your comment is published.' : 'Thank you: your comment is held until a moderator has read it.', keyNote);
        await load(code === 201 ? data.comment.id : undefined);
      } else {
        error.textContent = code === 0 ? 'Could not reach the server. Your text is still here: try again.' : errorText(code, data, retryAfter);
        error.hidden = false;
        const field = data.error?.field;
        if (field === 'name') name.focus();
        else if (field === 'body') body.focus();
        else error.focus();
        if (data.error?.field === 'formToken') await load();
      }
    });
    return form;
  }

  function reportForm(comment: Comment, done: () => void): HTMLFormElement {
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
      const { status: code, data, retryAfter } = await api<{ report: { id: string } }>(`/api/comments/${comment.id}/reports`, {
        method: 'POST',
        body: JSON.stringify(note.value.trim() ? { reason: reason.value, note: note.value } : { reason: reason.value }),
      });
      if (code === 201) {
        const check = h('a', { href: apiUrl(`/reports/${encodeURIComponent(data.report.id)}`) }, 'Check its outcome');
        say(`Thank you: moderators will look at your report. Its reference is ${data.report.id}.`, h('p', { class: 'small' }, check, ' at any time.'));
        done();
        await load();
      } else say(errorText(code, data, retryAfter));
    });
    return form;
  }

  /** Removes a comment with its key (already removed counts as done): says so and reloads the thread, or returns why not. */
  async function removeWithKey(comment: Comment, removalKey: string): Promise<string | undefined> {
    const { status: code, data, retryAfter } = await api(`/api/comments/${comment.id}`, { method: 'DELETE', body: JSON.stringify({ removalKey }) });
    if (code !== 200 && code !== 409) return errorText(code, data, retryAfter);
    keyStore.delete(comment.id);
    say('Your comment has been removed.');
    await load();
    return undefined;
  }

  /** One's own comment from another device: with its removal key, or, the key lost, by asking the moderators. */
  function removeForm(comment: Comment, done: () => void): HTMLElement {
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
      const refused = await removeWithKey(comment, key.value.trim());
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
      const { status: code, data, retryAfter } = await api<{ removalRequest: { id: string } }>(`/api/comments/${comment.id}/removal-requests`, { method: 'POST', body: JSON.stringify({ note: note.value }) });
      if (code === 201) {
        const check = h('a', { href: apiUrl(`/reports/${encodeURIComponent(data.removalRequest.id)}`) }, 'Check its outcome');
        say(`Your request has been sent to the moderators. Its reference is ${data.removalRequest.id}.`, h('p', { class: 'small' }, check, ' at any time.'));
        done();
      } else {
        requestError.textContent = errorText(code, data, retryAfter);
        requestError.hidden = false;
        note.focus();
      }
    });
    return h('div', {}, withKey, lostKey);
  }

  function renderComment(comment: Comment): HTMLLIElement {
    const item = h('li', { class: `depth-${comment.depth}` });
    const article = h('article', { class: comment.status === 'published' ? 'comment' : 'comment comment-placeholder', id: `c${comment.id}`, 'data-comment-id': String(comment.id) });
    const time = h('a', { class: 'comment-permalink', href: `#c${comment.id}` }, h('time', { datetime: comment.createdAt, text: commentTime(comment.createdAt, timeZone) }));
    const meta = h('p', { class: 'comment-meta' }, h('span', { class: 'comment-number', text: comment.number }), ' ');
    if (comment.status !== 'published' || !comment.author) {
      meta.append(time);
      article.append(meta, h('p', { class: 'comment-removed', text: placeholderText[comment.status as Exclude<Status, 'published'>] }));
      item.append(article);
      return item;
    }
    meta.append(h('span', { class: 'comment-author', text: comment.author.name }), comment.author.kind === 'staff' ? ' ' : '', comment.author.kind === 'staff' ? h('span', { class: 'badge', text: 'Staff' }) : '', ' ', time);
    const body = h('div', { class: 'comment-body' });
    body.innerHTML = DOMPurify.sanitize(comment.html ?? '', allowed);
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
    if (thread?.post.commentPolicy !== 'closed') actions.append(toggle('Reply', () => commentForm(comment)));
    actions.append(toggle('Report', () => reportForm(comment, () => slot.replaceChildren())));
    const key = keyStore.get(comment.id);
    if (key) {
      const del = h('button', { type: 'button', text: 'Delete' });
      del.addEventListener('click', async () => {
        if (!confirm(`Delete your comment ${comment.number}? Its text will be erased for good.`)) return;
        const refused = await removeWithKey(comment, key);
        if (refused) say(refused);
      });
      actions.append(del);
    } else actions.append(toggle('Remove mine', () => removeForm(comment, () => slot.replaceChildren())));
    article.append(meta, body, actions, slot);
    item.append(article);
    return item;
  }

  async function load(focusId?: number): Promise<void> {
    const { status: code, data, formToken: token } = await api<Thread>(`/api/posts/${encodeURIComponent(postId)}/comments`).catch(() => ({ status: 0, data: {} as Thread & ApiErrorBody, retryAfter: null, formToken: null }));
    if (token) formToken = token;
    if (code !== 200) {
      say('Comments could not be loaded just now.');
      return;
    }
    thread = data;
    staffName = await staff;
    heading.textContent = `${data.count} ${data.count === 1 ? 'comment' : 'comments'}`;
    list.replaceChildren(...data.comments.map(renderComment));
    // role="list" keeps list semantics under list-style: none; on an empty list it is an error.
    if (data.comments.length > 0) list.setAttribute('role', 'list');
    else list.removeAttribute('role');
    // The page already says when comments are closed; an open form keeps what the reader typed.
    if (data.post.commentPolicy !== 'closed' && !formSlot.querySelector('form')) formSlot.replaceChildren(commentForm());
    if (focusId !== undefined) document.getElementById(`c${focusId}`)?.scrollIntoView({ block: 'center' });
    else if (location.hash.startsWith('#c')) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }

  void load();
}

const section = document.querySelector<HTMLElement>('#comments[data-post-id]');
if (section) startComments(section);
