// The thread as a server-rendered page, for readers without JavaScript: every comment, and plain
// HTML forms to comment, reply, report, and remove one's own comment.
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { commentTime, localMinute } from '../../site/lib/dates.ts';
import { editText, followText, reportReasonLabels, writingHelp, writtenText } from '../../site/lib/comment-labels.ts';
import type { PublicComment, WrittenComment } from '../../site/lib/comments.ts';
import { escapeHtml as e } from '../../site/lib/html.ts';
import { groupHtml, threadGroups, type CommentMarkup, type ThreadGroup } from '../../site/lib/thread-markup.ts';

export interface ThreadPageState {
  /** What just happened, from the redirect after a form post. */
  notice?: { kind: 'removed' | 'reported' | 'requested' | 'edited'; reportId?: string } | undefined;
  /** The comment this page answers the post of, with its key (and its text, to change it): shown beside it, to its writer only. */
  written?: { comment: WrittenComment; removalKey: string; source?: string | undefined } | undefined;
  /** The comment as it would look, before it is sent (nothing stored). */
  preview?: { html: string; identifying: readonly { kind: string; text: string }[] } | undefined;
  /** A refused form post; for identifying_detail, what was found and what sending it anyway does. */
  error?: { message: string; field?: string | undefined; code?: string | undefined; details?: readonly { kind: string; text: string }[] | undefined; ifSentAnyway?: 'held' | 'published' | undefined } | undefined;
  /** What the reader wrote, kept when a form post is refused (a reply stays a reply). */
  values?: { body?: string; name?: string; parentId?: number } | undefined;
  replyTo?: PublicComment | undefined;
  reportOf?: PublicComment | undefined;
  formToken?: string | undefined;
  /** The signed-in staff member's name: they comment under it. */
  staffName?: string | undefined;
  /** A removal request refused: what was written, and for which comment. */
  requestNote?: string | undefined;
  requestFor?: number | undefined;
  /** The page of a long thread asked for (1: the first). */
  page?: number | undefined;
  /** The time now, for the comments' compact times. */
  now?: number | undefined;
}

/** Comments on one page without JavaScript: a thread longer than this is paged, a comment and its replies kept together. */
export const commentsPerPage = 150;

/** The thread's groups cut into pages. */
export function threadPages(comments: readonly PublicComment[]): ThreadGroup[][] {
  const pages: ThreadGroup[][] = [[]];
  let onPage = 0;
  for (const group of threadGroups(comments)) {
    const size = 1 + group.shown.length + group.folded.length;
    if (onPage > 0 && onPage + size > commentsPerPage) (pages.push([]), (onPage = 0));
    pages.at(-1)!.push(group);
    onPage += size;
  }
  return pages;
}

/** The links to a paged thread's pages. */
function pagerHtml(postId: string, pages: number, current: number): string {
  if (pages < 2) return '';
  const links = Array.from({ length: pages }, (_, i) =>
    i + 1 === current ? `<li><span aria-current="page">${i + 1}</span></li>` : `<li><a href="/posts/${e(postId)}/comments?page=${i + 1}">${i + 1}</a></li>`,
  );
  return `<nav class="pager comment-pages" aria-label="Pages of comments"><ol role="list">${links.join('')}</ol></nav>`;
}

/** A comment's actions without JavaScript: links to the forms at the foot of the page. */
function actionLinks(postId: string, open: boolean, page: number): (comment: PublicComment) => string {
  const at = (param: string, id: number, form: string) => `/posts/${e(postId)}/comments?${param}=${id}${page > 1 ? `&amp;page=${page}` : ''}#${form}`;
  return (comment) =>
    `<p class="comment-actions">${open ? `<a href="${at('reply', comment.id, 'comment-form')}">Reply</a> ` : ''}<a href="${at('report', comment.id, 'report-form')}">Report</a></p>`;
}

/** Changing the comment just written, while it may be changed: its text in a form, with its key. */
function editFormHtml(comment: WrittenComment, removalKey: string, source: string | undefined): string {
  if (source === undefined) return '';
  return `<details class="edit-own"><summary>${e(editText.offer)}</summary><form class="comment-form" method="post" action="/api/comments/${comment.id}/edit">
<input type="hidden" name="removalKey" value="${e(removalKey)}">
<div class="field"><label for="edit-body-${comment.id}">${e(editText.label)}</label><textarea id="edit-body-${comment.id}" name="body" rows="5" maxlength="8000" required>${e(source)}</textarea>
<p class="small">${e(editText.help)}</p></div>
<button type="submit">${e(editText.button)}</button></form></details>`;
}

/** The new comment's removal key, beside it (focused, so the browser shows it): the same words as the script's. */
function keyBoxHtml({ comment, removalKey, source }: { comment: WrittenComment; removalKey: string; source?: string | undefined }): string {
  const held = comment.status === 'pending' ? ` ${e(writtenText.heldSeenBy)}` : '';
  return `<div class="key-box" id="new-comment-key" data-key-for="${comment.id}" tabindex="-1" autofocus>
<p class="key-box-status"><strong>${e(comment.status === 'published' ? writtenText.published : writtenText.held)}</strong>${held}</p>
<p>${e(writtenText.key)} <code class="removal-key">${e(removalKey)}</code></p>
<p class="small">${e(writtenText.keyHelp)}</p>
${editFormHtml(comment, removalKey, source)}
<form class="follow-form" method="post" action="/api/comments/${comment.id}/follow"><input type="hidden" name="removalKey" value="${e(removalKey)}">
<p class="small">${e(followText.offer)}</p><button type="submit">${e(followText.button)}</button></form><span id="new-comment-key-end"></span></div>`;
}

/** A held comment, as its writer sees it on the page that answered their post (nobody else ever does). */
function heldHtml(written: { comment: WrittenComment; removalKey: string }): string {
  const { comment } = written;
  const badge = comment.author.kind === 'staff' ? ' <span class="badge">Staff</span>' : '';
  return `<div class="comment-held-mine"><article class="comment comment-held" data-held-id="${comment.id}">
<p class="comment-meta"><span class="comment-author">${e(comment.author.name)}</span>${badge} <span class="comment-waiting">${e(writtenText.waiting)}</span></p>
<div class="comment-body">${comment.html ?? ''}</div></article>${keyBoxHtml(written)}</div>`;
}

/** The comment as it would look, and what in it could identify someone. */
function previewHtml(preview: ThreadPageState['preview']): string {
  if (!preview) return '';
  const found = preview.identifying.map((d) => `<mark>${e(d.text)}</mark>`).join(', ');
  return `<div class="comment-preview" role="status"><p class="small"><strong>Preview</strong>: how your comment will look. Nothing is sent until you publish it.</p><div class="comment-body">${preview.html}</div>${found ? `<p class="small notice-error">This could identify you or a colleague: ${found}.</p>` : ''}</div>`;
}

export function threadPageMain(post: PostsManifestEntry, comments: PublicComment[], timeZone: string, state: ThreadPageState): string {
  const open = post.comments !== 'closed';
  const parts: string[] = [];
  parts.push(`<p class="small"><a href="${e(post.url)}">← Back to “${e(post.title)}”</a></p>`);
  parts.push(`<h1>Comments on “${e(post.title)}”</h1>`);
  const notice = state.notice;
  if (notice) {
    const text = {
      removed: 'Your comment has been removed.',
      reported: 'Thank you: moderators will look at your report.',
      requested: 'Your request has been sent to the moderators.',
      edited: 'Your comment has been changed: the old text is gone.',
    }[notice.kind];
    parts.push(`<div class="notice" role="status"><p>${e(text)}</p>${notice.reportId ? `<p class="small">Your ${notice.kind === 'requested' ? 'request' : 'report'}’s reference: <code>${e(notice.reportId)}</code>. <a href="/reports/${encodeURIComponent(notice.reportId)}">Check its outcome</a> at any time.</p>` : ''}</div>`);
  }
  const written = state.written;
  // Browsers that do not focus the key box on their own still find it from here.
  if (written) parts.push('<p class="notice"><a href="#new-comment-key">Your removal key is beside your comment</a></p>');
  if (state.error) parts.push(`<div class="notice notice-error" role="alert"><p>${e(state.error.message)}</p></div>`);
  // A comment named by the form or the redirect is on the page shown, whatever page was asked for.
  const pages = threadPages(comments);
  const wanted = state.written?.comment.id ?? state.replyTo?.id ?? state.reportOf?.id;
  const holding = pages.findIndex((groups) => groups.some((g) => [g.root, ...g.shown, ...g.folded].some((c) => c.id === wanted || c.id === state.written?.comment.parentId)));
  const page = holding >= 0 ? holding + 1 : Math.min(Math.max(1, state.page ?? 1), pages.length);
  parts.push(`<div class="comments-top"><p class="comment-count">${comments.length} ${comments.length === 1 ? 'comment' : 'comments'}</p>
<p class="small">${open ? '<a href="#comment-form">Write a comment</a> · ' : ''}<a href="/api/posts/${e(post.id)}/comments.atom">Follow this thread (feed)</a></p></div>`);
  if (comments.length > 0) {
    // The new comment's key beside it; a held reply under the comment it answers.
    const besides = (id: number) => (written?.comment.id === id ? keyBoxHtml(written) : written?.comment.status === 'pending' && written.comment.parentId === id ? heldHtml(written) : '');
    const markup: CommentMarkup = { today: localMinute(new Date(state.now ?? Date.now()), timeZone), body: (c) => c.html ?? '', actions: actionLinks(post.id, open, page), after: (c) => besides(c.id) };
    const groups = pages[page - 1]!;
    const list = groups.map((g) => groupHtml(g, markup, [...g.folded].some((c) => c.id === wanted || c.id === written?.comment.parentId)));
    parts.push(pagerHtml(post.id, pages.length, page));
    parts.push(`<ol class="comment-list" role="list">${list.join('\n')}</ol>`);
    parts.push(pagerHtml(post.id, pages.length, page));
  }
  // A held comment on the post itself (or under a comment no longer shown): just above the form.
  if (written?.comment.status === 'pending' && !comments.some((c) => c.id === written.comment.parentId)) parts.push(heldHtml(written));

  if (!open) {
    parts.push('<p class="comments-note">Comments are closed on this post.</p>');
  } else {
    const replyTo = state.replyTo;
    // After a warning that the comment could identify someone: what was found, and the choice to send it anyway.
    const error = state.error?.code === 'identifying_detail' ? state.error : undefined;
    const found = (error?.details ?? []).map((d) => `<mark>${e(d.text)}</mark>`).join(', ');
    const identifyingConfirm = error
      ? `<div class="field identifying-confirm">${found ? `<p class="small">Found: ${found}.</p>` : ''}
<input type="checkbox" id="comment-confirm-identifying" name="confirmIdentifying" value="on"> <label for="comment-confirm-identifying">${error.ifSentAnyway === 'published' ? 'Send it anyway: it is published at once' : 'Send it anyway: a moderator reads it first'}</label></div>`
      : '';
    parts.push(`<section id="comment-form" aria-labelledby="comment-form-heading">
<h2 id="comment-form-heading">${replyTo ? `Reply to comment ${e(replyTo.number)}` : 'Post a comment'}</h2>
${post.comments === 'moderated' ? '<p class="comments-note">Comments on this post are read by a moderator before they appear.</p>' : ''}
<form class="comment-form" method="post" action="/api/posts/${e(post.id)}/comments">
${replyTo ? `<input type="hidden" name="parentId" value="${replyTo.id}"><p class="small">Replying to ${e(replyTo.author?.name ?? 'a comment')} (${e(replyTo.number)}). <a href="/posts/${e(post.id)}/comments#comment-form">Comment on the post instead</a></p>` : ''}
<input type="hidden" name="formToken" value="${e(state.formToken ?? '')}">
${
      state.staffName
        ? `<p class="small staff-note">Commenting as <strong>${e(state.staffName)}</strong> <span class="badge">Staff</span> (you are signed in to moderate).</p>`
        : `<div class="field"><label for="comment-name">Name <span class="small">(optional: leave empty to post as Anonymous)</span></label>
<input id="comment-name" name="name" maxlength="60" autocomplete="off" value="${e(state.values?.name ?? '')}"${state.error?.field === 'name' ? ' aria-invalid="true"' : ''}></div>`
    }
<div class="field"><label for="comment-body">Comment</label>
<textarea id="comment-body" name="body" rows="6" maxlength="8000" required${state.error?.field === 'body' ? ' aria-invalid="true"' : ''}>${e(state.values?.body ?? '')}</textarea>
<p class="small">${e(writingHelp)}</p></div>
${previewHtml(state.preview)}
${identifyingConfirm}
<div class="hp" aria-hidden="true"><label for="comment-website">Leave this empty</label><input id="comment-website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">Publish</button> <button type="submit" class="secondary" formaction="/api/posts/${e(post.id)}/comments/preview">Preview</button>
</form></section>`);
  }

  const reportOf = state.reportOf;
  if (reportOf) {
    parts.push(`<section id="report-form" aria-labelledby="report-heading"><h2 id="report-heading">Report comment ${e(reportOf.number)}</h2>
<form method="post" action="/api/comments/${reportOf.id}/reports">
<div class="field"><label for="report-reason">Reason</label><select id="report-reason" name="reason" required>${Object.entries(reportReasonLabels)
      .map(([value, label]) => `<option value="${value}">${e(label)}</option>`)
      .join('')}</select></div>
<div class="field"><label for="report-note">Note <span class="small">(optional)</span></label><textarea id="report-note" name="note" rows="3" maxlength="1000"></textarea></div>
<button type="submit">Send report</button></form></section>`);
  }

  /** The shown comments, to choose one's own from. */
  const commentOptions = (selected?: number) =>
    comments
      .filter((c) => c.status === 'published')
      .map((c) => `<option value="${c.id}"${selected === c.id ? ' selected' : ''}>${e(c.number)} — ${e(c.author?.name ?? '')}, ${e(commentTime(c.createdAt, timeZone))}</option>`)
      .join('');
  parts.push(`<section id="remove-form" aria-labelledby="remove-heading"><h2 id="remove-heading">Remove your own comment</h2>
<form method="post" action="/api/comments/remove">
<div class="field"><label for="remove-id">Comment</label><select id="remove-id" name="commentId">${commentOptions()}</select></div>
<div class="field"><label for="remove-key">Removal key</label><input id="remove-key" name="removalKey" autocomplete="off" required></div>
<button type="submit">Remove it</button></form>
<h3 id="request-heading">Lost the key?</h3>
<form method="post" action="/api/comments/removal-requests" aria-labelledby="request-heading">
<div class="field"><label for="request-id">Comment</label><select id="request-id" name="commentId">${commentOptions(state.requestFor)}</select></div>
<div class="field"><label for="request-note">Why it is yours and should go</label><textarea id="request-note" name="note" rows="3" maxlength="2000" required>${e(state.requestNote ?? '')}</textarea></div>
<p class="small">Moderators cannot tell who wrote a comment: say what would show them it is yours. You get a reference to check the outcome.</p>
<button type="submit">Ask the moderators</button></form></section>`);
  return parts.join('\n');
}

/** What a reader learns of their report: its state, never who decided or why. */
export const reportOutcomes: Record<'open' | 'upheld' | 'dismissed', { title: string; text: string }> = {
  open: { title: 'Waiting for a moderator', text: 'Moderators have not decided on this report yet. Reports of racism and abuse are read first.' },
  upheld: { title: 'Upheld', text: 'Moderators agreed with the report: the comment has been removed.' },
  dismissed: { title: 'Dismissed', text: 'Moderators read the comment and left it up.' },
};

/** And of a request to remove their own comment. */
export const requestOutcomes: Record<'open' | 'granted' | 'declined', { title: string; text: string }> = {
  open: { title: 'Waiting for a moderator', text: 'Moderators have not decided on this request yet.' },
  granted: { title: 'Granted', text: 'The comment has been removed, and its text erased for good.' },
  declined: { title: 'Declined', text: 'Moderators left the comment up. If it is yours, you can ask again and tell them more.' },
};

/** The page where a reader checks a report or a removal request by its reference, or finds it with a form. */
export function reportPageMain(state: { report?: { id: string; status: 'open' | 'upheld' | 'dismissed' }; request?: { id: string; status: 'open' | 'granted' | 'declined' }; notFound?: string }): string {
  const parts = ['<h1>Check a report or a request</h1>'];
  if (state.report) {
    const outcome = reportOutcomes[state.report.status];
    parts.push(`<div class="notice" role="status"><p>Report <code>${e(state.report.id)}</code>: <strong>${e(outcome.title)}</strong>.</p><p>${e(outcome.text)}</p></div>`);
  }
  if (state.request) {
    const outcome = requestOutcomes[state.request.status];
    parts.push(`<div class="notice" role="status"><p>Removal request <code>${e(state.request.id)}</code>: <strong>${e(outcome.title)}</strong>.</p><p>${e(outcome.text)}</p></div>`);
  }
  if (state.notFound !== undefined) parts.push(`<div class="notice notice-error" role="alert"><p>There is no report or request with the reference <code>${e(state.notFound)}</code>. Check it against the one you were given.</p></div>`);
  parts.push(`<form method="get" action="/reports">
<div class="field"><label for="report-ref">Your reference</label>
<input id="report-ref" name="ref" required maxlength="64" pattern="[A-Za-z0-9_\\-]+" autocomplete="off" spellcheck="false" value="${e(state.report?.id ?? state.notFound ?? '')}"></div>
<p><button type="submit">Check</button></p>
</form>
<p class="small">Nobody needs an account to send a report or a request, and nothing here says who sent one.</p>`);
  return parts.join('\n');
}
