// A thread's markup, the same from the server's page without JavaScript and from the browser
// script: each comment with its number (the permalink readers quote, "#12.1"), author and compact
// time, and long runs of replies folded under "Show N more replies" (a <details>, which opens
// without JavaScript). Plain strings, no DOM: the server writes them into its page, the script
// inserts them a chunk at a time. Every body given here is sanitised HTML already.
import { placeholderText } from './comment-labels.ts';
import type { PublicComment } from './comments.ts';
import { compactLocalTime, fullLocalTime } from './local-time.ts';
import { escapeHtml as e } from './html.ts';

/** Replies shown under a comment before the rest fold away. */
export const repliesShown = 3;

/** A comment on the post and the replies under it, in display order: the first shown, the rest folded. */
export interface ThreadGroup {
  root: PublicComment;
  shown: PublicComment[];
  folded: PublicComment[];
}

/** The thread (in display order) cut into its groups. */
export function threadGroups(comments: readonly PublicComment[]): ThreadGroup[] {
  const groups: ThreadGroup[] = [];
  for (const comment of comments) {
    const group = groups.at(-1);
    if (comment.depth === 0 || !group) groups.push({ root: comment, shown: [], folded: [] });
    else if (group.shown.length < repliesShown) group.shown.push(comment);
    else group.folded.push(comment);
  }
  return groups;
}

/** How one comment is drawn: its body (sanitised), its actions, whether it is new to this reader. */
export interface CommentMarkup {
  /** The minute now on the blog's clocks ("2026-12-06T21:30"), for the compact times. */
  today: string;
  body(comment: PublicComment): string;
  /** The actions' HTML: links on the page without JavaScript, buttons in the script. */
  actions(comment: PublicComment): string;
  isNew?: ((comment: PublicComment) => boolean) | undefined;
  /** What follows the comment in its item: the new comment's key, a held reply to it. */
  after?(comment: PublicComment): string;
}

/** The word for a comment's placeholder, or its author's name with the staff badge. */
function authorHtml(comment: PublicComment): string {
  const author = comment.author;
  if (!author) return '';
  return `<span class="comment-author">${e(author.name)}</span>${author.kind === 'staff' ? ' <span class="badge">Staff</span>' : ''} `;
}

export function commentItemHtml(comment: PublicComment, markup: CommentMarkup): string {
  const shown = comment.status === 'published' && comment.author !== null;
  const fresh = markup.isNew?.(comment) ? ' <span class="badge badge-new">New</span>' : '';
  const time = `<a class="comment-permalink" href="#c${comment.id}"><time datetime="${e(comment.createdAt)}" title="${e(fullLocalTime(comment.localTime))}">${e(compactLocalTime(comment.localTime, markup.today))}</time></a>`;
  const edited = comment.editedByModerator ? ' <span class="comment-edited">edited by a moderator</span>' : comment.edited ? ' <span class="comment-edited">edited</span>' : '';
  const meta = `<p class="comment-meta"><a class="comment-number" href="#${e(comment.number)}" aria-label="Comment ${e(comment.number)}">${e(comment.number)}</a> ${authorHtml(comment)}${time}${edited}${fresh}</p>`;
  const classes = ['comment', shown ? '' : 'comment-placeholder', fresh ? 'comment-new' : ''].filter(Boolean).join(' ');
  const inner = shown
    ? `${meta}<div class="comment-body">${markup.body(comment)}</div>${markup.actions(comment)}`
    : `${meta}<p class="comment-removed">${e(placeholderText[comment.status as Exclude<PublicComment['status'], 'published'>])}</p>`;
  return `<li class="depth-${comment.depth}" id="${e(comment.number)}"><article class="${classes}" id="c${comment.id}" data-comment-id="${comment.id}" data-depth="${comment.depth}">${inner}</article>${markup.after?.(comment) ?? ''}</li>`;
}

/** "Show 7 more replies (2 new)". */
export function foldedSummary(folded: readonly PublicComment[], markup: CommentMarkup): string {
  const fresh = markup.isNew ? folded.filter((c) => markup.isNew!(c)).length : 0;
  return `Show ${folded.length} more ${folded.length === 1 ? 'reply' : 'replies'}${fresh > 0 ? ` (${fresh} new)` : ''}`;
}

/** A group's items: the comment, its first replies, and the rest folded (open when `open`). */
export function groupHtml(group: ThreadGroup, markup: CommentMarkup, open = false): string {
  const items = [group.root, ...group.shown].map((c) => commentItemHtml(c, markup));
  if (group.folded.length > 0) {
    items.push(
      `<li class="comment-more"><details${open ? ' open' : ''}><summary>${e(foldedSummary(group.folded, markup))}</summary><ol class="comment-list" role="list">${group.folded.map((c) => commentItemHtml(c, markup)).join('')}</ol></details></li>`,
    );
  }
  return items.join('');
}
