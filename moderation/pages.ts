// The moderation app's pages: server-rendered, escaped by hono/html, inside the site's own shell,
// and usable without JavaScript (the keyboard shortcuts are the only script, and optional).
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { placeholderText, reportReasonLabels } from '../site/lib/comment-labels.ts';
import type { Settings } from '../api/settings.ts';
import type { Account } from './auth/accounts.ts';
import type { AuditEntry, AuditFilter, QueueComment, QueueCounts, RemovalRequest, ReportGroup } from './queue.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageContext {
  account: Account;
  counts: QueueCounts;
  posts: ReadonlyMap<string, PostsManifestEntry>;
  timeZone: string;
  /** A one-line outcome of the last action, from the redirect. */
  notice?: string | undefined;
  error?: string | undefined;
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

/** The frame of every signed-in page: navigation with counts, who is signed in, sign out. */
export function frame(ctx: PageContext, current: string, title: string, body: Html): Html {
  return html`<div class="mod">
<nav class="mod-nav" aria-label="Moderation">
<ul>${navItems(ctx.counts, ctx.account).map(
    (item) =>
      html`<li><a href="${item.href}"${item.href === current ? raw(' aria-current="page"') : ''}>${item.label}${item.count ? html` <span class="mod-count">${item.count}</span>` : ''}</a></li>`,
  )}</ul>
<form method="post" action="/moderation/logout" class="mod-signout"><span>Signed in as <strong>${ctx.account.name}</strong> (${ctx.account.role})</span> <button type="submit" class="mod-link-button">Sign out</button></form>
</nav>
<h1>${title}</h1>
${ctx.notice ? html`<p class="notice" role="status">${ctx.notice}</p>` : ''}
${ctx.error ? html`<p class="notice notice-error" role="alert">${ctx.error}</p>` : ''}
${body}
</div>
<script type="module" src="/moderation/assets/keys.js"></script>`;
}

const shortcutsLegend = (keys: string) => html`<p class="mod-shortcuts" id="shortcuts">Keyboard: <kbd>j</kbd> / <kbd>k</kbd> next / previous, ${raw(keys)}.</p>`;

function postLink(posts: ReadonlyMap<string, PostsManifestEntry>, postId: string, commentId?: number): Html {
  const post = posts.get(postId);
  if (!post) return html`<span>${postId}</span>`;
  return html`<a href="${post.url}${commentId ? `#c${commentId}` : ''}">${post.title}</a>`;
}

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
function inContext(ctx: PageContext, comment: QueueComment, parents: ReadonlyMap<number, QueueComment>): Html {
  const parent = comment.parentId === null ? undefined : parents.get(comment.parentId);
  return html`<p class="comment-meta">On ${postLink(ctx.posts, comment.postId, comment.parentId ?? undefined)} · ${author(comment)} · <time datetime="${new Date(comment.createdAt).toISOString()}">${formatTime(comment.createdAt, ctx.timeZone)}</time></p>
${parent ? html`<blockquote class="mod-parent"><p class="comment-meta">In reply to ${author(parent)}</p>${commentBody(parent)}</blockquote>` : ''}
${commentBody(comment)}`;
}

/** A form with one button; `key` is its keyboard shortcut. */
function actionButton(action: string, label: string, options: { key?: string; back: string; reason?: boolean; danger?: boolean }): Html {
  return html`<form method="post" action="${action}" class="mod-action">
<input type="hidden" name="back" value="${options.back}">
${options.reason ? html`<label class="visually-hidden" for="reason-${action}">Reason</label><input id="reason-${action}" name="reason" maxlength="500" placeholder="Reason (optional)" class="mod-reason">` : ''}
<button type="submit"${options.key ? raw(` data-key="${options.key}" aria-keyshortcuts="${options.key}"`) : ''}${options.danger ? raw(' class="mod-danger"') : ''}>${label}</button>
</form>`;
}

export function overviewPage(ctx: PageContext): Html {
  const { counts } = ctx;
  const cards = [
    { href: '/moderation/reports', label: 'Reported comments', n: counts.reports, note: counts.severeReports ? `${counts.severeReports} for racism or abuse` : '' },
    { href: '/moderation/held', label: 'Held comments', n: counts.held, note: '' },
    { href: '/moderation/removal-requests', label: 'Removal requests', n: counts.removalRequests, note: '' },
    { href: '/moderation/removed', label: 'Removed, restorable', n: counts.removed, note: '' },
  ];
  return frame(
    ctx,
    '/moderation',
    'Moderation',
    html`<ul class="mod-cards">${cards.map(
      (card) => html`<li><a href="${card.href}"><span class="mod-card-n">${card.n}</span> ${card.label}</a>${card.note ? html`<br><span class="mod-severe">${card.note}</span>` : ''}</li>`,
    )}</ul>`,
  );
}

export function heldPage(ctx: PageContext, comments: readonly QueueComment[], parents: ReadonlyMap<number, QueueComment>): Html {
  const back = '/moderation/held';
  return frame(
    ctx,
    back,
    'Held comments',
    comments.length === 0
      ? html`<p>Nothing is waiting. Comments held by the settings appear here before anyone sees them.</p>`
      : html`${shortcutsLegend('<kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>x</kbd> select')}
<form method="post" action="/moderation/comments/bulk" id="bulk" class="mod-bulk">
<input type="hidden" name="back" value="${back}">
<button type="submit" name="action" value="approve">Approve selected</button> <button type="submit" name="action" value="reject" class="mod-danger">Reject selected</button>
</form>
<ol class="mod-list">${comments.map(
          (comment) => html`<li class="mod-item" data-comment-id="${comment.id}" tabindex="-1">
<p class="mod-select"><input type="checkbox" form="bulk" name="ids" value="${comment.id}" id="select-${comment.id}"> <label for="select-${comment.id}">Select</label> · <span class="mod-why">${comment.heldReason ?? 'Held'}</span></p>
${inContext(ctx, comment, parents)}
<div class="mod-actions">${actionButton(`/moderation/comments/${comment.id}/approve`, 'Approve', { key: 'a', back })}${actionButton(`/moderation/comments/${comment.id}/reject`, 'Reject', { key: 'r', back, reason: true, danger: true })}</div>
</li>`,
        )}</ol>`,
  );
}

export function reportsPage(ctx: PageContext, groups: readonly ReportGroup[], parents: ReadonlyMap<number, QueueComment>): Html {
  const back = '/moderation/reports';
  return frame(
    ctx,
    back,
    'Reported comments',
    groups.length === 0
      ? html`<p>No open reports.</p>`
      : html`${shortcutsLegend('<kbd>r</kbd> uphold (remove the comment), <kbd>d</kbd> dismiss')}
<ol class="mod-list">${groups.map((group) => {
          const reasons = new Map<string, number>();
          for (const report of group.reports) reasons.set(report.reason, (reasons.get(report.reason) ?? 0) + 1);
          return html`<li class="mod-item${group.severe ? ' mod-item-severe' : ''}" data-report-id="${group.reportId}" data-comment-id="${group.comment.id}" tabindex="-1">
<p class="mod-why">${group.count === 1 ? 'One report' : `${group.count} reports`}: ${[...reasons].map(([reason, n], i) => html`${i ? ', ' : ''}<strong>${reportReasonLabels[reason as keyof typeof reportReasonLabels] ?? reason}</strong>${n > 1 ? ` (${n})` : ''}`)}${group.comment.status === 'hidden' ? html` · <span class="mod-severe">hidden until you decide</span>` : ''}</p>
${inContext(ctx, group.comment, parents)}
${group.reports.some((r) => r.note) ? html`<ul class="mod-notes">${group.reports.filter((r) => r.note).map((r) => html`<li>“${r.note}” <span class="comment-meta">(${reportReasonLabels[r.reason] ?? r.reason})</span></li>`)}</ul>` : ''}
<div class="mod-actions">${actionButton(`/moderation/reports/${group.reportId}/uphold`, 'Uphold: remove the comment', { key: 'r', back, reason: true, danger: true })}${actionButton(`/moderation/reports/${group.reportId}/dismiss`, 'Dismiss', { key: 'd', back })}</div>
</li>`;
        })}</ol>`,
  );
}

export function removalRequestsPage(ctx: PageContext, requests: readonly RemovalRequest[]): Html {
  const back = '/moderation/removal-requests';
  return frame(
    ctx,
    back,
    'Removal requests',
    requests.length === 0
      ? html`<p>No open requests. Authors who lost their removal key ask here to have a comment erased.</p>`
      : html`${shortcutsLegend('<kbd>a</kbd> grant (erase the comment), <kbd>d</kbd> decline')}
<ol class="mod-list">${requests.map(
          (request) => html`<li class="mod-item" data-request-id="${request.id}" data-comment-id="${request.comment.id}" tabindex="-1">
<p class="mod-why">Asked <time datetime="${new Date(request.createdAt).toISOString()}">${formatTime(request.createdAt, ctx.timeZone)}</time>: “${request.note}”</p>
${inContext(ctx, request.comment, new Map())}
<div class="mod-actions">${actionButton(`/moderation/removal-requests/${request.id}/grant`, 'Grant: erase it', { key: 'a', back, danger: true })}${actionButton(`/moderation/removal-requests/${request.id}/decline`, 'Decline', { key: 'd', back, reason: true })}</div>
</li>`,
        )}</ol>`,
  );
}

export function removedPage(ctx: PageContext, comments: readonly QueueComment[], retentionDays: number): Html {
  const back = '/moderation/removed';
  return frame(
    ctx,
    back,
    'Removed and rejected comments',
    html`<p>Comments removed or rejected by moderators keep their text for ${retentionDays} days (a setting), so a mistake can be undone; then the text is erased for good.</p>
${
  comments.length === 0
    ? html`<p>Nothing removed in that time.</p>`
    : html`<ol class="mod-list">${comments.map(
        (comment) => html`<li class="mod-item" data-comment-id="${comment.id}" tabindex="-1">
<p class="mod-why">${comment.status === 'rejected' ? 'Rejected' : 'Removed'} <time datetime="${new Date(comment.moderatedAt ?? 0).toISOString()}">${formatTime(comment.moderatedAt ?? 0, ctx.timeZone)}</time>${comment.moderationReason ? html`: ${comment.moderationReason}` : ''}</p>
${inContext(ctx, comment, new Map())}
<div class="mod-actions">${actionButton(`/moderation/comments/${comment.id}/restore`, 'Restore', { back })}</div>
</li>`,
      )}</ol>`
}`,
  );
}

export function auditPage(ctx: PageContext, entries: readonly AuditEntry[], filter: AuditFilter, actions: readonly string[]): Html {
  const query = (extra: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ action: filter.action, account: filter.account, target: filter.target, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
    return `/moderation/audit?${params}`;
  };
  return frame(
    ctx,
    '/moderation/audit',
    'Audit log',
    html`<form method="get" action="/moderation/audit" class="mod-filter">
<div class="field"><label for="audit-action">Action</label> <select id="audit-action" name="action"><option value="">Any</option>${actions.map((a) => html`<option value="${a}"${a === filter.action ? raw(' selected') : ''}>${a}</option>`)}</select></div>
<div class="field"><label for="audit-account">Account</label> <input id="audit-account" name="account" value="${filter.account ?? ''}" maxlength="60"></div>
<div class="field"><label for="audit-target">Target id</label> <input id="audit-target" name="target" value="${filter.target ?? ''}" maxlength="64"></div>
<button type="submit">Filter</button>
</form>
${
  entries.length === 0
    ? html`<p>No decisions recorded${filter.action || filter.account || filter.target ? ' for this filter' : ''}.</p>`
    : html`<table class="mod-table"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Reason</th></tr></thead>
<tbody>${entries.map(
        (entry) => html`<tr data-audit-id="${entry.id}"><td><time datetime="${new Date(entry.at).toISOString()}">${formatTime(entry.at, ctx.timeZone)}</time></td><td>${entry.accountName}</td><td>${entry.action}</td><td>${entry.targetType} ${entry.targetId}${entry.detail?.['post'] ? html` (${String(entry.detail['post'])})` : ''}</td><td>${entry.reason ?? ''}</td></tr>`,
      )}</tbody></table>
${entries.length >= 100 ? html`<p><a href="${query({ before: entries.at(-1)!.id })}">Older decisions</a></p>` : ''}`
}`,
  );
}

const lines = (list: readonly string[]) => list.join('\n');

export function settingsPage(ctx: PageContext, settings: Settings, feed: { url?: string | undefined }): Html {
  const editor = ctx.account.role === 'editor';
  const disabled = editor ? '' : raw(' disabled');
  const number = (name: keyof Settings, label: string, hint: string, min: number, max: number) =>
    html`<div class="field"><label for="s-${name}">${label}</label> <input id="s-${name}" name="${name}" type="number" min="${min}" max="${max}" value="${String(settings[name])}" aria-describedby="h-${name}"${disabled}><br><small id="h-${name}">${hint}</small></div>`;
  return frame(
    ctx,
    '/moderation/settings',
    'Settings',
    html`<form method="post" action="/moderation/settings" class="mod-settings">
${editor ? '' : html`<p>Only an editor can change these.</p>`}
<fieldset><legend>Which new comments wait for a moderator</legend>
${(
  [
    ['none', 'None: publish at once (links and held words still hold)'],
    ['older_than', 'Those on posts older than the days below'],
    ['all', 'All of them'],
  ] as const
).map(([value, label]) => html`<div><input type="radio" id="hold-${value}" name="holdMode" value="${value}"${settings.holdMode === value ? raw(' checked') : ''}${disabled}> <label for="hold-${value}">${label}</label></div>`)}
${number('holdOlderThanDays', 'Days after which a post’s comments are held', 'Blogger’s usual value is 14.', 1, 36500)}
</fieldset>
<fieldset><legend>What holds a comment</legend>
${number('maxLinks', 'Most links a comment may carry', 'More links than this hold it.', 0, 100)}
<div class="field"><label for="s-heldWords">Held words</label><br><textarea id="s-heldWords" name="heldWords" rows="4" aria-describedby="h-heldWords"${disabled}>${lines(settings.heldWords)}</textarea><br><small id="h-heldWords">One per line; a comment containing one (ignoring case, accents, look-alike letters and invisible characters) waits for a moderator.</small></div>
</fieldset>
<fieldset><legend>Reports and names</legend>
${number('reportThreshold', 'Reports that hide a comment', 'Distinct readers; it stays hidden until a moderator decides. Once moderators have decided reports on a comment, reports alone never hide it again.', 1, 1000)}
<div class="field"><label for="s-reservedNames">Names kept for staff</label><br><textarea id="s-reservedNames" name="reservedNames" rows="4" aria-describedby="h-reservedNames"${disabled}>${lines(settings.reservedNames)}</textarea><br><small id="h-reservedNames">One per line; readers cannot comment under these (nor under staff accounts’ names).</small></div>
${number('removedRetentionDays', 'Days removed comments keep their text', 'For restoring a mistaken removal; then the text is erased.', 1, 3650)}
</fieldset>
<fieldset><legend>Rate limits (per reader, without storing who they are)</legend>
${number('commentsPerMinute', 'Comments a minute', '', 1, 10000)}
${number('commentsPerDay', 'Comments a day', '', 1, 100000)}
${number('reportsPerDay', 'Reports a day', 'Also removal requests.', 1, 100000)}
${number('duplicateWindowMinutes', 'Minutes in which the same text counts as a repeat', '0 switches this off.', 0, 1440)}
${number('minFormSeconds', 'Seconds before a form may be sent', 'Faster senders are refused as robots.', 0, 600)}
</fieldset>
<fieldset><legend>Display</legend>
${number('maxDisplayDepth', 'Deepest reply level shown', 'Deeper replies are shown at this level.', 1, 20)}
<div class="field"><label for="s-timeZone">Time zone</label> <input id="s-timeZone" name="timeZone" value="${settings.timeZone}" maxlength="64"${disabled}> <small>For times in these pages, e.g. Europe/London.</small></div>
</fieldset>
${editor ? html`<button type="submit">Save settings</button>` : ''}
</form>
<h2 id="feed">Your private queue feed</h2>
<p>An Atom feed of new held comments, reports and removal requests, for your feed reader. Its address is a secret: anyone who has it can read the queue.</p>
${feed.url ? html`<p class="notice" role="status">Your feed address (shown once, copy it now): <code class="mod-secret">${feed.url}</code></p>` : ''}
<p>${ctx.account.hasFeed ? 'You have a feed address. Making a new one stops the old one.' : 'You have no feed address yet.'}</p>
<form method="post" action="/moderation/feed" class="mod-action"><button type="submit">${ctx.account.hasFeed ? 'Make a new feed address' : 'Make a feed address'}</button></form>
${ctx.account.hasFeed ? html`<form method="post" action="/moderation/feed/revoke" class="mod-action"><button type="submit" class="mod-danger">Stop my feed</button></form>` : ''}`,
  );
}

export function accountsPage(ctx: PageContext, accounts: readonly Account[]): Html {
  return frame(
    ctx,
    '/moderation/accounts',
    'Accounts',
    html`<table class="mod-table"><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead>
<tbody>${accounts.map(
      (account) => html`<tr data-account-id="${account.id}"><td>${account.name}${account.id === ctx.account.id ? ' (you)' : ''}</td><td>${account.role}</td><td>${formatTime(account.createdAt, ctx.timeZone)}</td><td>
<form method="post" action="/moderation/accounts/${account.id}/role" class="mod-action"><label class="visually-hidden" for="role-${account.id}">Role of ${account.name}</label><select id="role-${account.id}" name="role">${(['moderator', 'editor'] as const).map((role) => html`<option value="${role}"${role === account.role ? raw(' selected') : ''}>${role}</option>`)}</select> <button type="submit">Change role</button></form>
<form method="post" action="/moderation/accounts/${account.id}/password" class="mod-action"><label class="visually-hidden" for="password-${account.id}">New password for ${account.name}</label><input id="password-${account.id}" name="password" type="password" minlength="12" maxlength="256" autocomplete="new-password" placeholder="New password" required> <button type="submit">Set password</button></form>
<form method="post" action="/moderation/accounts/${account.id}/remove" class="mod-action"><button type="submit" class="mod-danger">Remove</button></form>
</td></tr>`,
    )}</tbody></table>
<h2>Add an account</h2>
<form method="post" action="/moderation/accounts" class="mod-settings">
<div class="field"><label for="new-name">Name</label> <input id="new-name" name="name" maxlength="60" required autocomplete="off"><br><small>Shown on their comments, with a Staff badge.</small></div>
<div class="field"><label for="new-role">Role</label> <select id="new-role" name="role"><option value="moderator">moderator</option><option value="editor">editor (also accounts and settings)</option></select></div>
<div class="field"><label for="new-password">Password</label> <input id="new-password" name="password" type="password" minlength="12" maxlength="256" autocomplete="new-password" required><br><small>At least 12 characters and hard to guess: four or more words picked at random, or 16 characters from a password manager. Tell it to them in person or over a channel you trust.</small></div>
<button type="submit">Add account</button>
</form>`,
  );
}

export function loginPage(state: { error?: string | undefined; username?: string | undefined; next?: string | undefined; notice?: string | undefined }): Html {
  return html`<div class="mod mod-narrow">
<h1>Sign in to moderate</h1>
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
${state.error ? html`<p class="notice notice-error" role="alert">${state.error}</p>` : ''}
<form method="post" action="/moderation/login" class="mod-settings">
${state.next ? html`<input type="hidden" name="next" value="${state.next}">` : ''}
<div class="field"><label for="username">Name</label><br><input id="username" name="username" autocomplete="username" maxlength="60" required value="${state.username ?? ''}"></div>
<div class="field"><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required></div>
<button type="submit">Sign in</button>
</form>
</div>`;
}

export function setupPage(state: { token: string; usable: boolean; error?: string | undefined; name?: string | undefined }): Html {
  if (!state.usable) {
    return html`<div class="mod mod-narrow"><h1>This setup link no longer works</h1>
<p>It has been used, has expired (it lasts an hour), or an account already exists. Sign in at <a href="/moderation/login">the moderation page</a>, or create an editor from the command line: <code>npm run moderator -- add &lt;name&gt; --role editor</code>. Restarting the server with no account prints a new link.</p></div>`;
  }
  return html`<div class="mod mod-narrow">
<h1>Create the first editor</h1>
<p>The editor moderates, and manages accounts and settings. This link works once.</p>
${state.error ? html`<p class="notice notice-error" role="alert">${state.error}</p>` : ''}
<form method="post" action="/moderation/setup/${state.token}" class="mod-settings">
<div class="field"><label for="setup-name">Your name</label><br><input id="setup-name" name="name" maxlength="60" required autocomplete="username" value="${state.name ?? ''}"><br><small>Shown on your comments, with a Staff badge.</small></div>
<div class="field"><label for="setup-password">Password</label><br><input id="setup-password" name="password" type="password" minlength="12" maxlength="256" required autocomplete="new-password"><br><small>At least 12 characters and hard to guess: four or more words picked at random, or 16 characters from a password manager.</small></div>
<button type="submit">Create and sign in</button>
</form>
</div>`;
}
