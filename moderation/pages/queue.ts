// The queue's pages: the overview, held comments, reports, removal requests, removed comments and
// the audit log. Every decision is a one-button form, with a keyboard shortcut where it helps.
import { html, raw } from 'hono/html';
import { reportReasonLabels } from '../../site/lib/comment-labels.ts';
import type { AuditEntry, AuditFilter, QueueComment, RemovalRequest, ReportGroup } from '../queue.ts';
import { auditSentence } from './audit-sentence.ts';
import { editButton } from './redact.ts';
import { actionButton, ageAgainstTarget, claimedByOther, claimLine, formatTime, frame, inContext, publicReasonSelect, shortcutsLegend, waited, type Html, type PageContext } from './frame.ts';
import { heldSourcesSection, sourceLines, sourcePanel, sourcePath } from './sources.ts';

export function overviewPage(ctx: PageContext): Html {
  const { counts } = ctx;
  const cards = [
    { href: '/moderation/reports', label: 'Reported comments', n: counts.reports, note: counts.severeReports ? `${counts.severeReports} for racism or abuse` : '', oldest: counts.oldest.severeReports ?? counts.oldest.reports, severe: counts.oldest.severeReports !== null },
    { href: '/moderation/held', label: 'Held comments', n: counts.held, note: '', oldest: counts.oldest.held, severe: false },
    { href: '/moderation/removal-requests', label: 'Removal requests', n: counts.removalRequests, note: '', oldest: counts.oldest.removalRequests, severe: false },
    { href: '/moderation/removed', label: 'Removed, restorable', n: counts.removed, note: '', oldest: null, severe: false },
  ];
  return frame(
    ctx,
    '/moderation',
    'Moderation',
    html`<ul class="mod-cards">${cards.map(
      (card) =>
        html`<li><a href="${card.href}"><span class="mod-card-n">${card.n}</span> ${card.label}</a>${card.note ? html`<br><span class="mod-severe">${card.note}</span>` : ''}${
          card.oldest === null ? '' : html`<br><span class="small">Oldest: ${card.severe ? ageAgainstTarget(ctx, card.oldest) : html`waiting ${waited(card.oldest, ctx.now)}`}</span>`
        }</li>`,
    )}</ul>
${heldSourcesSection(ctx)}`,
  );
}

/** `source`: the list narrowed to the comments of one source today, each selected to act on together. */
export function heldPage(ctx: PageContext, comments: readonly QueueComment[], parents: ReadonlyMap<number, QueueComment>, source?: string): Html {
  const back = source ? sourcePath('held', source) : '/moderation/held';
  return frame(
    ctx,
    '/moderation/held',
    'Held comments',
    html`${source ? sourcePanel(ctx, source, 'held') : ''}${
      comments.length === 0
        ? html`<p>${source ? 'No comment from this source is held now.' : 'Nothing is waiting. Comments held by the settings appear here before anyone sees them.'}</p>`
        : html`${shortcutsLegend(ctx, '<kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>e</kbd> edit, <kbd>c</kbd> I’m on it, <kbd>x</kbd> select')}
<form method="post" action="/moderation/comments/bulk" id="bulk" class="mod-bulk">
<input type="hidden" name="back" value="${back}">
<label class="visually-hidden" for="bulk-reason">Reason for the selected</label><input id="bulk-reason" name="reason" maxlength="500" placeholder="Reason (optional)" class="mod-reason"> ${publicReasonSelect('bulk-public-reason')}
<button type="submit" name="action" value="approve">Approve selected</button> <button type="submit" name="action" value="reject" class="mod-danger" data-confirm="Reject every selected comment? Their writers are not shown them.">Reject selected</button>
</form>
<ol class="mod-list">${comments.map(
          (comment) => html`<li class="mod-item" data-comment-id="${comment.id}" tabindex="-1">
<p class="mod-select"><input type="checkbox" form="bulk" name="ids" value="${comment.id}" id="select-${comment.id}"${source ? raw(' checked') : ''}> <label for="select-${comment.id}">Select</label> · <span class="mod-why">${comment.heldReason ?? 'Held'}</span></p>
${sourceLines(ctx, comment.id, 'held')}
${inContext(ctx, comment, parents)}
${claimLine(ctx, `comment:${comment.id}`, back)}
<div class="mod-actions">${actionButton(`/moderation/comments/${comment.id}/approve`, 'Approve', { key: 'a', back, claimedBy: claimedByOther(ctx, `comment:${comment.id}`)?.accountName })}${actionButton(`/moderation/comments/${comment.id}/reject`, 'Reject', { key: 'r', back, reason: true, publicReason: true, danger: true, confirm: 'Reject this comment? It will not be published.', claimedBy: claimedByOther(ctx, `comment:${comment.id}`)?.accountName })}${editButton(comment, back)}</div>
</li>`,
        )}</ol>`
    }`,
  );
}

/** `source`: the list narrowed to the comments one source wrote or reported today. */
export function reportsPage(ctx: PageContext, groups: readonly ReportGroup[], parents: ReadonlyMap<number, QueueComment>, source?: string): Html {
  const back = source ? sourcePath('reports', source) : '/moderation/reports';
  return frame(
    ctx,
    '/moderation/reports',
    'Reported comments',
    html`${source ? sourcePanel(ctx, source, 'reports') : ''}${
      groups.length === 0
        ? html`<p>${source ? 'No comment this source wrote or reported has open reports now.' : 'No open reports.'}</p>`
        : html`${shortcutsLegend(ctx, '<kbd>a</kbd> dismiss (leave the comment up), <kbd>r</kbd> uphold (remove the comment), <kbd>e</kbd> edit, <kbd>c</kbd> I’m on it')}
<ol class="mod-list">${groups.map((group) => {
          const reasons = new Map<string, number>();
          for (const report of group.reports) reasons.set(report.reason, (reasons.get(report.reason) ?? 0) + 1);
          return html`<li class="mod-item${group.severe ? ' mod-item-severe' : ''}" data-report-id="${group.reportId}" data-comment-id="${group.comment.id}" tabindex="-1">
<p class="mod-why">${group.severe ? html`${ageAgainstTarget(ctx, group.firstAt)} · ` : ''}${group.count === 1 ? 'One report' : `${group.count} reports`}: ${[...reasons].map(([reason, n], i) => html`${i ? ', ' : ''}<strong>${reportReasonLabels[reason as keyof typeof reportReasonLabels] ?? reason}</strong>${n > 1 ? ` (${n})` : ''}`)}${group.comment.status === 'hidden' ? html` · <span class="mod-severe">hidden until you decide</span>` : ''}</p>
${sourceLines(ctx, group.comment.id, 'reports')}
${inContext(ctx, group.comment, parents)}
${group.reports.some((r) => r.note) ? html`<ul class="mod-notes">${group.reports.filter((r) => r.note).map((r) => html`<li>“${r.note}” <span class="comment-meta">(${reportReasonLabels[r.reason] ?? r.reason})</span></li>`)}</ul>` : ''}
${claimLine(ctx, `comment:${group.comment.id}`, back)}
<div class="mod-actions">${actionButton(`/moderation/reports/${group.reportId}/dismiss`, 'Dismiss', { key: 'a', back, claimedBy: claimedByOther(ctx, `comment:${group.comment.id}`)?.accountName })}${actionButton(`/moderation/reports/${group.reportId}/uphold`, 'Uphold: remove the comment', { key: 'r', back, reason: true, publicReason: true, danger: true, confirm: 'Remove this comment from its thread?', claimedBy: claimedByOther(ctx, `comment:${group.comment.id}`)?.accountName })}${group.comment.bodyHtml !== null ? editButton(group.comment, back) : ''}</div>
</li>`;
        })}</ol>`
    }`,
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
      : html`${shortcutsLegend(ctx, '<kbd>a</kbd> decline (leave the comment up), <kbd>r</kbd> grant (erase the comment), <kbd>c</kbd> I’m on it')}
<ol class="mod-list">${requests.map(
          (request) => html`<li class="mod-item" data-request-id="${request.id}" data-comment-id="${request.comment.id}" tabindex="-1">
<p class="mod-why">Asked <time datetime="${new Date(request.createdAt).toISOString()}">${formatTime(request.createdAt, ctx.timeZone)}</time>: “${request.note}”</p>
${inContext(ctx, request.comment, new Map())}
${claimLine(ctx, `request:${request.id}`, back)}
<div class="mod-actions">${actionButton(`/moderation/removal-requests/${request.id}/decline`, 'Decline', { key: 'a', back, reason: true, claimedBy: claimedByOther(ctx, `request:${request.id}`)?.accountName })}${actionButton(`/moderation/removal-requests/${request.id}/grant`, 'Grant: erase it', { key: 'r', back, danger: true, confirm: 'Erase this comment for good? This cannot be undone.', claimedBy: claimedByOther(ctx, `request:${request.id}`)?.accountName })}</div>
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
<div class="mod-actions">${actionButton(`/moderation/comments/${comment.id}/restore`, 'Restore', { key: 'a', back })}</div>
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
    : html`<table class="mod-table"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Reason</th></tr></thead>
<tbody>${entries.map(
        (entry) => html`<tr data-audit-id="${entry.id}" data-action="${entry.action}"><td><time datetime="${new Date(entry.at).toISOString()}">${formatTime(entry.at, ctx.timeZone)}</time></td><td><strong>${entry.accountName}</strong> ${auditSentence(entry, ctx.posts)}</td><td>${entry.reason ?? ''}</td></tr>`,
      )}</tbody></table>
${entries.length >= 100 ? html`<p><a href="${query({ before: entries.at(-1)!.id })}">Older decisions</a></p>` : ''}`
}`,
  );
}
