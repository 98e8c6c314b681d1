// The frame of every signed-in moderation page (navigation with counts, who is signed in, the
// outcome of the last action) and the pieces the queue pages share: a comment in its context, a
// one-button form. Server-rendered, escaped by hono/html, usable without JavaScript.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { placeholderText, publicReasons } from '../../site/lib/comment-labels.ts';
import type { Account } from '../auth/accounts.ts';
import type { Claim } from '../claims.ts';
import type { QueueComment, QueueCounts } from '../queue.ts';
import type { UndoOffer } from '../undo.ts';
import type { QueueSources } from '../sources.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageContext {
  account: Account;
  counts: QueueCounts;
  posts: ReadonlyMap<string, PostsManifestEntry>;
  timeZone: string;
  /** Now, for how long items have waited. */
  now: number;
  /** The response target for reports of racism and abuse, in hours. */
  responseTargetHours: number;
  /** How long moderators' removed text, and writers' own text of edited comments, is kept. */
  retentionDays: number;
  /** Who is on which item now ("I'm on it"). */
  claims: ReadonlyMap<string, Claim>;
  /** The queue's sources today, on the pages that show them. */
  sources?: QueueSources | undefined;
  /** A one-line outcome of the last action, from the redirect. */
  notice?: string | undefined;
  error?: string | undefined;
  /** The last decision, when this account may still undo it. */
  undo?: UndoOffer | undefined;
}

export function formatTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(ms));
}

const navItems = (counts: QueueCounts, account: Account) => [
  { href: '/moderation', label: 'Overview' },
  { href: '/moderation/held', label: 'Held', count: counts.held },
  { href: '/moderation/reports', label: 'Reports', count: counts.reports },
  { href: '/moderation/removal-requests', label: 'Removal requests', count: counts.removalRequests },
  { href: '/moderation/removed', label: 'Removed' },
  { href: '/moderation/audit', label: 'Audit' },
  { href: '/moderation/settings', label: 'Settings' },
  ...(account.role === 'editor' ? [{ href: '/moderation/accounts', label: 'Accounts' }] : []),
];

/**
 * The staff's navigation (moderation's, the desk's): the links, the current one marked, a count
 * beside those that have one, who is signed in and the sign-out button.
 */
export function staffNav(label: string, items: readonly { href: string; label: string; count?: number | undefined }[], current: string, account: Account): Html {
  return html`<nav class="mod-nav" aria-label="${label}">
<ul>${items.map(
    (item) =>
      html`<li><a href="${item.href}"${item.href === current ? raw(' aria-current="page"') : ''}>${item.label}${item.count ? html` <span class="mod-count">${item.count}</span>` : ''}</a></li>`,
  )}</ul>
<form method="post" action="/moderation/logout" class="mod-signout"><span>Signed in as <strong>${account.name}</strong> (${account.role})</span> <button type="submit" class="mod-link-button">Sign out</button></form>
</nav>`;
}

/** The outcome of the last action, from the redirect's notice or error. */
export const outcome = (ctx: { notice?: string | undefined; error?: string | undefined }): Html =>
  html`${ctx.notice ? html`<p class="notice" role="status">${ctx.notice}</p>` : ''}
${ctx.error ? html`<p class="notice notice-error" role="alert">${ctx.error}</p>` : ''}`;

/** The time of day of an instant, in the blog's time zone ("10:05"). */
const timeOfDay = (ms: number, timeZone: string) => html`<time datetime="${new Date(ms).toISOString()}">${formatTime(ms, timeZone).split(', ').at(-1)}</time>`;

/** After a decision that can be undone: the one button that undoes it (u, from anywhere on the page), back to this page. */
function undoForm(ctx: PageContext, back: string): Html {
  if (!ctx.undo) return html``;
  return html`<form method="post" action="/moderation/undo" class="mod-undo">
<input type="hidden" name="back" value="${back}">${ctx.undo.auditIds.map((id) => html`<input type="hidden" name="auditId" value="${id}">`)}
<button type="submit" data-key="u" aria-keyshortcuts="u">Undo</button> <span class="small">until ${timeOfDay(ctx.undo.until, ctx.timeZone)}</span>
</form>`;
}

/** The frame of every signed-in page: navigation with counts, who is signed in, sign out. */
export function frame(ctx: PageContext, current: string, title: string, body: Html): Html {
  return html`<div class="mod">
${staffNav('Moderation', navItems(ctx.counts, ctx.account), current, ctx.account)}
<h1>${title}</h1>
${outcome(ctx)}
${undoForm(ctx, current)}
${body}
</div>
<script type="module" src="/moderation/assets/keys.js"></script>`;
}

export const shortcutsLegend = (ctx: PageContext, keys: string) =>
  html`<p class="mod-shortcuts" id="shortcuts">Keyboard: <kbd>j</kbd> / <kbd>k</kbd> next / previous, ${raw(keys)}${ctx.undo ? raw(', <kbd>u</kbd> undo') : ''}.</p>`;

function postLink(posts: ReadonlyMap<string, PostsManifestEntry>, postId: string, commentId?: number): Html {
  const post = posts.get(postId);
  if (!post) return html`<span>${postId}</span>`;
  return html`<a href="${post.url}${commentId ? `#c${commentId}` : ''}">${post.title}</a>`;
}

/** Whether the comment stands in its thread (shown, or a placeholder there), so a link can lead to it. */
const inThread = (comment: QueueComment) => comment.status === 'published' || comment.status === 'hidden';

function author(comment: QueueComment): Html {
  const name = comment.authorName ?? 'Anonymous';
  return html`<span class="comment-author">${name}</span>${comment.authorKind === 'staff' ? html` <span class="badge">Staff</span>` : ''}`;
}

function commentBody(comment: QueueComment): Html {
  if (comment.bodyHtml !== null) return html`<div class="comment-body">${raw(comment.bodyHtml)}</div>`;
  const placeholder = (placeholderText as Record<string, string>)[comment.status];
  return html`<p class="comment-removed">${placeholder ?? 'The text of this comment has been erased.'}</p>`;
}

/** A comment with where it was written and what it answers. */
export function inContext(ctx: PageContext, comment: QueueComment, parents: ReadonlyMap<number, QueueComment>): Html {
  const parent = comment.parentId === null ? undefined : parents.get(comment.parentId);
  return html`<p class="comment-meta">On ${postLink(ctx.posts, comment.postId, inThread(comment) ? comment.id : (comment.parentId ?? undefined))} · ${author(comment)} · <time datetime="${new Date(comment.createdAt).toISOString()}">${formatTime(comment.createdAt, ctx.timeZone)}</time></p>
${parent ? html`<blockquote class="mod-parent"><p class="comment-meta">In reply to ${author(parent)}</p>${commentBody(parent)}</blockquote>` : ''}
${commentBody(comment)}
${comment.redacted && comment.bodyHtml !== null ? redactedNote(ctx, comment.redacted) : ''}`;
}

/** A moderator's edit: who made it, and the writer's own text while it is kept. */
function redactedNote(ctx: PageContext, redacted: NonNullable<QueueComment['redacted']>): Html {
  const by = redacted.by ? html` by <strong>${redacted.by}</strong>` : '';
  if (redacted.originalHtml === null) return html`<p class="comment-meta mod-redacted">Edited${by}: the writer’s own text has been erased.</p>`;
  const until = formatTime(redacted.at + ctx.retentionDays * 86_400_000, ctx.timeZone);
  return html`<details class="mod-redacted"><summary>Edited${by}: the writer’s own text (kept for moderators until ${until})</summary><div class="comment-body">${raw(redacted.originalHtml)}</div></details>`;
}

/** The reason the writer is shown on their private follow page: one of a short list, or none. */
export function publicReasonSelect(id: string, form?: string): Html {
  return html`<label class="visually-hidden" for="${id}">Reason the writer sees</label><select id="${id}" name="publicReason" class="mod-reason"${form ? html` form="${form}"` : ''}><option value="">No reason for the writer</option>${Object.entries(publicReasons).map(([code, words]) => html`<option value="${code}">${words}</option>`)}</select>`;
}

/**
 * A form with one button; `key` is its keyboard shortcut: the same key means the same kind of
 * action on every queue (a: let it stand, r: take it down). `confirm`: what the script asks before
 * a destructive action, whether clicked or keyed.
 */
export function actionButton(action: string, label: string, options: { key?: string; back: string; reason?: boolean; publicReason?: boolean; danger?: boolean; confirm?: string; claimedBy?: string | undefined }): Html {
  // Another moderator is on the item: the page says so beside the buttons, and acting asks first.
  const confirm = options.claimedBy ? `${options.claimedBy} is on this item. Act on it anyway?${options.confirm ? ` ${options.confirm}` : ''}` : options.confirm;
  return html`<form method="post" action="${action}" class="mod-action">
<input type="hidden" name="back" value="${options.back}">
${options.reason ? html`<label class="visually-hidden" for="reason-${action}">Reason</label><input id="reason-${action}" name="reason" maxlength="500" placeholder="Reason (optional)" class="mod-reason">` : ''}
${options.publicReason ? publicReasonSelect(`public-${action}`) : ''}
${options.claimedBy ? html`<input type="hidden" name="confirmClaim" value="1">` : ''}
<button type="submit"${options.key ? raw(` data-key="${options.key}" aria-keyshortcuts="${options.key}"`) : ''}${options.danger ? raw(' class="mod-danger"') : ''}${confirm ? html` data-confirm="${confirm}"` : ''}>${label}</button>
</form>`;
}

/** Another moderator's live claim on the item, if any. */
export function claimedByOther(ctx: PageContext, item: string): Claim | undefined {
  const held = ctx.claims.get(item);
  return held && held.accountId !== ctx.account.id ? held : undefined;
}

/** Who is on the item: "I'm on it" (c), or the moderator who is, until when; one's own can be let go. */
export function claimLine(ctx: PageContext, item: string, back: string): Html {
  const held = ctx.claims.get(item);
  const until = (claim: Claim) => timeOfDay(claim.expiresAt, ctx.timeZone);
  if (held && held.accountId !== ctx.account.id) return html`<p class="mod-claim mod-claim-other" role="note"><strong>${held.accountName}</strong> is on it, until ${until(held)}.</p>`;
  if (held) {
    return html`<form method="post" action="/moderation/claims/release" class="mod-claim"><input type="hidden" name="item" value="${item}"><input type="hidden" name="back" value="${back}">You are on it, until ${until(held)}. <button type="submit" class="mod-link-button">Let it go</button></form>`;
  }
  return html`<form method="post" action="/moderation/claims" class="mod-claim"><input type="hidden" name="item" value="${item}"><input type="hidden" name="back" value="${back}"><button type="submit" data-key="c" aria-keyshortcuts="c">I’m on it</button></form>`;
}

/** How long something has waited, in words: "40 min", "3 h", "2 days". */
export function waited(since: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - since) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}

/** A report's age against the response target: "waiting 3 h (target 24 h)", marked once over it. */
export function ageAgainstTarget(ctx: PageContext, since: number): Html {
  const over = ctx.now - since > ctx.responseTargetHours * 3_600_000;
  return html`<span class="mod-age${over ? ' mod-overdue' : ''}">waiting ${waited(since, ctx.now)} (target ${ctx.responseTargetHours} h${over ? ', overdue' : ''})</span>`;
}
