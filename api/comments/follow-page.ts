// What a follow address shows, as a page and as a feed: per followed comment, its post, its fate
// when that is news, and the replies to it; per reference, its outcome. Never the writer's name or
// text: a page or feed reader open on a work computer may be seen by others.
import { commentTime } from '../../site/lib/dates.ts';
import { fateText, followText, publicReasons, type PublicReason } from '../../site/lib/comment-labels.ts';
import type { PublicComment } from '../../site/lib/comments.ts';
import { escapeHtml as e } from '../../site/lib/html.ts';
import { inThread, type AtomEntry } from './feed.ts';
import { followAddress, type FollowedComment, type FollowedReference, type FollowItem } from './follow.ts';
import { reportOutcomes, requestOutcomes } from './thread-page.ts';
import { publicTime } from './thread.ts';

export interface FollowedCommentView extends FollowedComment {
  /** Its post (the link absolute, on the pages' origin), unless the post is no longer published. */
  post: { title: string; url: string } | undefined;
  /** Its number in the thread, while it is published. */
  number: string | undefined;
  /** The published replies to it, newest first. */
  replies: PublicComment[];
}

export interface FollowView {
  comments: FollowedCommentView[];
  references: FollowedReference[];
  missing: number;
}

const commentItem = (token: string): FollowItem => ({ kind: 'comment', value: token });
const referenceItem = (ref: FollowedReference): FollowItem => ({ kind: ref.kind, value: ref.ref });

/** The comment's fate, when it is news to its writer: held, or not shown. */
function fateOf(comment: FollowedCommentView): string | undefined {
  if (comment.status === 'published') return comment.wasHeld ? fateText.approved : undefined;
  if (comment.status === 'removed_by_author') return undefined;
  const reason = comment.publicReason !== null && Object.hasOwn(publicReasons, comment.publicReason) ? publicReasons[comment.publicReason as PublicReason] : undefined;
  return reason && (comment.status === 'rejected' || comment.status === 'removed_by_moderator') ? `${fateText[comment.status]} The moderators’ reason: ${reason}` : fateText[comment.status];
}

const yourComment = (comment: FollowedCommentView) => (comment.number ? `your comment ${comment.number}` : 'your comment');
const outcomeOf = (ref: FollowedReference) => (ref.kind === 'report' ? reportOutcomes[ref.status as keyof typeof reportOutcomes] : requestOutcomes[ref.status as keyof typeof requestOutcomes]);
const referenceName = (ref: FollowedReference) => (ref.kind === 'report' ? 'Report' : 'Removal request');

function replyHtml(reply: PublicComment, postUrl: string, timeZone: string): string {
  const badge = reply.author?.kind === 'staff' ? ' <span class="badge">Staff</span>' : '';
  return `<li><article class="comment"><p class="comment-meta"><span class="comment-number">${e(reply.number)}</span> <span class="comment-author">${e(reply.author?.name ?? '')}</span>${badge}
<a class="comment-permalink" href="${e(`${postUrl}#c${reply.id}`)}"><time datetime="${e(reply.createdAt)}">${e(commentTime(reply.createdAt, timeZone))}</time></a></p>
<div class="comment-body">${inThread(reply.html ?? '', postUrl, postUrl)}</div></article></li>`;
}

function followedHtml(comment: FollowedCommentView, rest: string, timeZone: string): string {
  const post = comment.post;
  const link = post ? (comment.number ? `${post.url}#c${comment.id}` : post.url) : undefined;
  const heading = post ? `<a href="${e(link!)}">${e(post.title)}</a>` : 'A post no longer published';
  const fate = fateOf(comment);
  const replies =
    comment.replies.length > 0
      ? `<ol class="comment-list" role="list">${comment.replies.map((reply) => replyHtml(reply, post!.url, timeZone)).join('\n')}</ol>`
      : '<p class="small">No replies yet.</p>';
  return `<section class="followed" aria-labelledby="followed-${comment.id}">
<h2 id="followed-${comment.id}">${heading}</h2>
<p>Replies to ${e(yourComment(comment))}: ${comment.replies.length}</p>
${fate ? `<div class="notice" role="status"><p>${e(fate)}</p></div>` : ''}
${replies}
<form method="post" action="/api/follow/revoke"><input type="hidden" name="address" value="c.${e(comment.token)}"><input type="hidden" name="keep" value="${e(rest)}"><button type="submit">${e(followText.stop)}</button></form>
</section>`;
}

/** The page at /follow/<address>. `error`: what went wrong with the reader's last addition. */
export function followPageMain(view: FollowView, address: string, timeZone: string, error?: string): string {
  const all = [...view.comments.map((c) => commentItem(c.token)), ...view.references.map(referenceItem)];
  const without = (item: FollowItem) => followAddress(all.filter((other) => other.kind !== item.kind || other.value !== item.value));
  const parts = ['<h1>Replies to your comments</h1>', `<p class="small">${e(followText.pageHelp)}</p>`];
  if (error) parts.push(`<div class="notice notice-error" role="alert"><p>${e(error)}</p></div>`);
  if (view.missing > 0) parts.push(`<div class="notice notice-error" role="status"><p>${e(followText.someMissing)}</p></div>`);
  parts.push(...view.comments.map((comment) => followedHtml(comment, without(commentItem(comment.token)), timeZone)));
  if (view.references.length > 0) {
    const items = view.references.map((ref) => {
      const outcome = outcomeOf(ref);
      return `<li>${referenceName(ref)} <code>${e(ref.ref)}</code>: <strong>${e(outcome.title)}</strong>. ${e(outcome.text)}</li>`;
    });
    parts.push(`<section aria-labelledby="followed-references"><h2 id="followed-references">Your reports and requests</h2><ul>${items.join('\n')}</ul></section>`);
  }
  parts.push(`<section aria-labelledby="follow-add"><h2 id="follow-add">Follow more here</h2>
<form method="get" action="/follow/${e(address)}">
<div class="field"><label for="follow-add-ref">A report’s or removal request’s reference, or another follow address</label>
<input id="follow-add-ref" name="add" required maxlength="2000" autocomplete="off" spellcheck="false"></div>
<p><button type="submit">Add</button></p></form>
<p class="small">${e(followText.together)}</p>
<p class="small">This page as a feed, for a feed reader: <a href="/api/follow/${e(address)}.atom">/api/follow/${e(address)}.atom</a></p></section>`);
  return parts.join('\n');
}

/** The answer to a writer who asked to follow their comment: the private address, shown once. */
export function followCreatedMain(post: { title: string; url: string }, addresses: { page: string; feed: string }): string {
  return `<h1>${e(followText.button)}</h1>
<div class="notice" role="status"><p>${e(followText.addressIntro)}</p><p><a href="${e(addresses.page)}"><code>${e(addresses.page)}</code></a></p>
<p>${e(followText.feedIntro)} <code>${e(addresses.feed)}</code></p></div>
<p><strong>${e(followText.keepPrivate)}</strong></p>
<p>${e(followText.stopAnyTime)}</p>
<p class="small">${e(followText.together)}</p>
<p class="small"><a href="${e(post.url)}">← Back to “${e(post.title)}”</a></p>`;
}

/** The page when nothing at the address is followed (wrong or stopped: one answer for both), or the address is malformed. */
export function followMissingMain(message: string = followText.notFound): string {
  return `<h1>Replies to your comments</h1><div class="notice notice-error" role="alert"><p>${e(message)}</p></div>`;
}

/** The feed's entries, newest first: replies, decided fates, decided outcomes. */
export function followAtomEntries(view: FollowView, boardOrigin: string): AtomEntry[] {
  const entries: (AtomEntry & { at: number })[] = [];
  for (const comment of view.comments) {
    const post = comment.post;
    if (!post) continue;
    for (const reply of comment.replies) {
      const link = `${post.url}#c${reply.id}`;
      const at = Date.parse(reply.createdAt);
      entries.push({ id: link, title: `A reply to ${yourComment(comment)} on “${post.title}”`, link, authorName: reply.author?.name ?? '', published: reply.createdAt, updated: reply.createdAt, html: inThread(reply.html ?? '', post.url, post.url), at });
    }
    const fate = comment.status === 'pending' ? undefined : fateOf(comment);
    if (fate) {
      const when = publicTime(comment.changedAt);
      const link = comment.number ? `${post.url}#c${comment.id}` : post.url;
      entries.push({ id: `${post.url}#c${comment.id}-${comment.status}`, title: `Your comment on “${post.title}”: ${fate}`, link, authorName: 'Moderators', published: when, updated: when, html: `<p>${e(fate)}</p>`, at: comment.changedAt });
    }
  }
  for (const ref of view.references) {
    if (ref.status === 'open' || ref.decidedAt === null) continue;
    const outcome = outcomeOf(ref);
    const when = publicTime(ref.decidedAt);
    const link = `${boardOrigin}/reports/${ref.ref}`;
    entries.push({ id: link, title: `${referenceName(ref)} ${ref.ref}: ${outcome.title}`, link, authorName: 'Moderators', published: when, updated: when, html: `<p>${e(outcome.text)}</p>`, at: ref.decidedAt });
  }
  return entries.sort((a, b) => b.at - a.at).map(({ at: _, ...entry }) => entry);
}
