// The desk's pages (hono/html, escaped by default), inside the site's own shell: the posts list, the
// writing page, the history of a post, and the confirmation of a removal at its author's request.
// Every form works without JavaScript; desk.js adds autosave, the live preview and the toolbar.
import { html, raw } from 'hono/html';
import type { BuildStatus } from '../site/lib/build-status.ts';
import { localMinute } from '../site/lib/dates.ts';
import type { Account } from '../moderation/auth/accounts.ts';
import { formatTime, outcome, staffNav, type Html } from '../moderation/pages/frame.ts';
import type { SubsetProblem } from './safe-mdx.ts';
import type { PostVersion } from './history.ts';
import type { FieldProblem, PostFields } from './post-source.ts';
import type { DeskPost, PostState } from './post-folder.ts';

export interface DeskContext {
  account: Account;
  timeZone: string;
  now: number;
  build: BuildStatus | undefined;
  notice?: string | undefined;
  error?: string | undefined;
}

function deskFrame(ctx: DeskContext, current: string, title: string, body: Html): Html {
  const items = [
    { href: '/desk', label: 'Posts' },
    { href: '/desk/new', label: 'New post' },
    { href: '/moderation', label: 'Moderation' },
  ];
  return html`<div class="mod desk">
${staffNav('Desk', items, current, ctx.account)}
${buildLine(ctx)}
<h1>${title}</h1>
${outcome(ctx)}
${body}
</div>
<script type="module" src="/desk/assets/desk.js"></script>`;
}

/** One line on how the site's builds are going: what the desk's "is it live yet" rests on. */
export function buildSentence(build: BuildStatus | undefined, timeZone: string): string {
  if (!build) return 'This server does not build the site (BUILD_ON_START=never): saved posts go live when the site is built and uploaded.';
  if (build.state === 'building') return `Updating the site (${build.reason ?? 'a change'})…${build.queued ? ' Another update is waiting.' : ''}`;
  if (build.state === 'failed') return `The last update failed, so the site is as it was: ${build.error?.message ?? 'see the server’s log'}`;
  const served = build.served ? `The site is up to date (updated ${formatTime(Date.parse(build.served.builtAt), timeZone)}).` : 'The site is up to date.';
  return build.queued ? `${served} An update is waiting.` : served;
}

function buildLine(ctx: DeskContext): Html {
  return html`<p class="desk-build${ctx.build?.state === 'failed' ? ' notice-error' : ''}" id="desk-build" data-state="${ctx.build?.state ?? 'off'}" role="status">${buildSentence(ctx.build, ctx.timeZone)}</p>`;
}

export function stateText(state: PostState, fields: PostFields, timeZone: string): string {
  if (state === 'scheduled') return `Scheduled for ${formatTime(fields.published.getTime(), timeZone)}`;
  return state === 'draft' ? 'Draft' : 'Published';
}

export interface ListView {
  posts: { post: DeskPost; state: PostState | undefined; comments: number; unsaved: boolean }[];
  total: number;
  page: number;
  pages: number;
  filter: { state: string; label: string; q: string };
  labels: string[];
}

export function listPage(ctx: DeskContext, view: ListView): Html {
  const { filter } = view;
  const query = (page: number) => `/desk?${new URLSearchParams({ ...(filter.state ? { state: filter.state } : {}), ...(filter.label ? { label: filter.label } : {}), ...(filter.q ? { q: filter.q } : {}), page: String(page) }).toString()}`;
  const option = (value: string, label: string, selected: string) => html`<option value="${value}"${value === selected ? raw(' selected') : ''}>${label}</option>`;
  return deskFrame(
    ctx,
    '/desk',
    'Posts',
    html`<form method="get" action="/desk" class="mod-filter" role="search">
<div class="field"><label for="f-state">State</label><select id="f-state" name="state">${option('', 'All', filter.state)}${option('published', 'Published', filter.state)}${option('scheduled', 'Scheduled', filter.state)}${option('draft', 'Drafts', filter.state)}</select></div>
<div class="field"><label for="f-label">Label</label><select id="f-label" name="label">${option('', 'Any', filter.label)}${view.labels.map((label) => option(label, label, filter.label))}</select></div>
<div class="field"><label for="f-q">Title contains</label><input id="f-q" name="q" type="search" value="${filter.q}" maxlength="200"></div>
<button type="submit">Show</button>
</form>
<p>${view.total === 1 ? '1 post' : `${view.total} posts`}${view.pages > 1 ? `, page ${view.page} of ${view.pages}` : ''}. <a href="/desk/new">Write a new post</a>.</p>
<div class="desk-table"><table class="mod-table desk-posts">
<thead><tr><th scope="col">Title</th><th scope="col">State</th><th scope="col" class="desk-col-labels">Labels</th><th scope="col">Date</th><th scope="col">Comments</th></tr></thead>
<tbody>${view.posts.map(({ post, state, comments, unsaved }) => {
      const fields = post.fields;
      return html`<tr>
<td><a href="/desk/posts/${post.id}">${fields?.title ?? post.file}</a>${unsaved ? html` <small class="desk-unsaved">(unsaved changes)</small>` : ''}${post.readOnly ? html` <small>(read-only)</small>` : ''}</td>
<td>${fields && state ? stateText(state, fields, ctx.timeZone) : html`<span class="mod-severe">Problem</span>`}</td>
<td class="desk-col-labels">${fields?.labels.join(', ') ?? ''}</td>
<td>${fields ? html`<time datetime="${fields.published.toISOString()}">${formatTime(fields.published.getTime(), ctx.timeZone)}</time>` : ''}</td>
<td>${String(comments)}</td>
</tr>`;
    })}</tbody>
</table></div>
${view.pages > 1 ? html`<nav class="pager" aria-label="Pages of posts"><span>${view.page > 1 ? html`<a href="${query(view.page - 1)}" rel="prev">← Newer</a>` : ''}</span><span></span><span>${view.page < view.pages ? html`<a href="${query(view.page + 1)}" rel="next">Older →</a>` : ''}</span></nav>` : ''}`,
  );
}

export interface EditorView {
  /** Undefined for a new post. */
  post?: DeskPost | undefined;
  state?: PostState | undefined;
  fields: EditorFields;
  baseVersion?: string | undefined;
  draftKey: string;
  labels: string[];
  problems?: FieldProblem[];
  subset?: SubsetProblem[];
  preview?: string | undefined;
  /** A save refused because the file changed: the other version's text, shown beside this one. */
  conflict?: { text: string; version: string } | undefined;
  /** The post is live (or due) at this address. */
  url?: string | undefined;
  savedAt?: number | undefined;
  autosavedAt?: number | undefined;
}

/** The form's fields as typed: text, before they are checked. */
export interface EditorFields {
  title: string;
  labels: string;
  summary: string;
  author: string;
  comments: string;
  at: string;
  body: string;
}

export function editorFieldsOf(fields: PostFields | undefined, timeZone: string, now: number): EditorFields {
  return {
    title: fields?.title ?? '',
    labels: fields?.labels.join(', ') ?? '',
    summary: fields?.summary ?? '',
    author: fields?.author ?? '',
    comments: fields?.comments ?? 'open',
    at: localMinute(new Date(fields && fields.published.getTime() > now ? fields.published.getTime() : now + 60 * 60_000), timeZone),
    body: fields?.body ?? '',
  };
}

const toolbar = html`<div class="desk-toolbar" role="toolbar" aria-label="Insert" hidden>
<button type="button" data-insert="pullquote">Pull quote</button>
<button type="button" data-insert="contribution">Sent in by email</button>
<button type="button" data-insert="removed">Removed at the author’s request</button>
<button type="button" data-insert="bold" aria-label="Bold"><b>B</b></button>
<button type="button" data-insert="italic" aria-label="Italic"><i>I</i></button>
<button type="button" data-insert="link">Link</button>
</div>`;

/** Outside the post's form (forms do not nest); without scripts it opens its answer in a new tab. */
const imageForm = html`<form method="post" action="/desk/images" enctype="multipart/form-data" target="_blank" class="mod-settings desk-images" id="desk-images">
<fieldset><legend>Add a picture</legend>
<div class="field"><label for="d-image">Picture (PNG, JPEG, WebP or GIF, at most 10 MiB)</label><input type="file" id="d-image" name="image" accept="image/png,image/jpeg,image/webp,image/gif" required></div>
<div class="field"><label for="d-alt">What it shows, for readers who cannot see it</label><input id="d-alt" name="alt" maxlength="300" required></div>
<p class="small">Location, camera and time are taken out of the file; it is resized for the page. You can also drop or paste a picture into the text.</p>
<button type="submit">Upload</button> <span id="desk-image-status" role="status"></span>
</fieldset>
</form>`;

function problemList(view: EditorView): Html {
  const all = [...(view.problems ?? []).map((p) => ({ field: p.field, text: `${p.field}: ${p.message}` })), ...(view.subset ?? []).map((p) => ({ field: 'body', text: `Text, line ${p.line}, column ${p.column}: ${p.message}` }))];
  if (all.length === 0) return html``;
  return html`<div class="notice notice-error" role="alert" id="desk-problems"><p>Not saved:</p><ul>${all.map((p) => html`<li><a href="#d-${p.field === 'published' ? 'at' : p.field}">${p.text}</a></li>`)}</ul></div>`;
}

export function editorPage(ctx: DeskContext, view: EditorView): Html {
  const { fields, post, state } = view;
  const readOnly = post?.readOnly;
  const action = post ? `/desk/posts/${post.id}` : '/desk/posts';
  const disabled = readOnly ? raw(' disabled') : '';
  const text = (name: keyof EditorFields, label: string, extra: Html | string = '', hint?: string) =>
    html`<div class="field"><label for="d-${name}">${label}</label><input id="d-${name}" name="${name}" value="${fields[name]}"${raw(String(extra))}${disabled}${hint ? raw(` aria-describedby="h-${name}"`) : ''}>${hint ? html`<small id="h-${name}" class="small">${hint}</small>` : ''}</div>`;
  const policy = (value: string, label: string) => html`<option value="${value}"${fields.comments === value ? raw(' selected') : ''}>${label}</option>`;
  const published = state === 'published';
  return deskFrame(
    ctx,
    post ? '' : '/desk/new',
    post ? `Editing “${post.fields?.title ?? post.id}”` : 'New post',
    html`${problemList(view)}
${readOnly ? html`<p class="notice notice-error" role="alert">The desk shows this post but will not save it: ${readOnly}</p>` : ''}
${post && state ? html`<p class="desk-state" id="desk-state" data-saved-at="${view.savedAt ? String(view.savedAt) : ''}" data-state="${state}">${stateText(state, post.fields!, ctx.timeZone)}${view.url && state !== 'draft' ? html` · <a href="${view.url}">${state === 'published' ? 'view it' : 'its address'}</a>` : ''} · <a href="/desk/posts/${post.id}/history">history</a></p>` : ''}
${view.autosavedAt ? html`<p class="notice" role="status">Your unsaved changes from ${formatTime(view.autosavedAt, ctx.timeZone)} are in the form below. Save them, or <button type="submit" form="desk-discard" class="mod-link-button">go back to the saved version</button>.</p><form method="post" action="/desk/discard" id="desk-discard"><input type="hidden" name="draftKey" value="${view.draftKey}"></form>` : ''}
${view.conflict ? html`<section class="notice notice-error" aria-labelledby="conflict-title"><h2 id="conflict-title">Someone else saved this post first</h2><p>Your text is still in the form below, unsaved. This is the version saved since you opened it: copy what you need from it, then save again to replace it.</p><pre class="desk-source">${view.conflict.text}</pre></section>` : ''}
<form method="post" action="${action}" class="mod-settings desk-editor" id="desk-editor" data-draft-key="${view.draftKey}">
<input type="hidden" name="baseVersion" value="${view.conflict?.version ?? view.baseVersion ?? ''}">
<input type="hidden" name="draftKey" value="${view.draftKey}">
<div class="desk-columns">
<div class="desk-write">
${text('title', 'Title', ' required maxlength="300" autocomplete="off"')}
${text('labels', 'Labels', ' list="desk-labels" autocomplete="off"', 'Separated by commas. New ones are made as you use them.')}
<datalist id="desk-labels">${view.labels.map((label) => html`<option value="${label}">`)}</datalist>
<div class="field"><label for="d-body">Text</label>
${toolbar}
<textarea id="d-body" name="body" rows="20" aria-describedby="h-body"${disabled}>${fields.body}</textarea>
<small id="h-body" class="small">Markdown: *italic*, **bold**, [a link](https://…), "&gt; " for a quote. Also <code>&lt;PullQuote cite="…"&gt;…&lt;/PullQuote&gt;</code>, <code>&lt;Contribution from="…" received="2026-01-31"&gt;…&lt;/Contribution&gt;</code> and <code>&lt;RemovedAtAuthorsRequest /&gt;</code>.</small></div>
<details${fields.summary || fields.author || fields.comments !== 'open' ? raw(' open') : ''}><summary>Summary, author, comments</summary>
<div class="field"><label for="d-summary">Summary</label><textarea id="d-summary" name="summary" rows="2" maxlength="1000" aria-describedby="h-summary"${disabled}>${fields.summary}</textarea><small id="h-summary" class="small">For listings and feeds; the opening words are used if empty.</small></div>
${text('author', 'Author', ' maxlength="120"', 'For a guest post; empty for the blog’s own.')}
<div class="field"><label for="d-comments">Comments</label><select id="d-comments" name="comments"${disabled}>${policy('open', 'Open')}${policy('moderated', 'Each one waits for a moderator')}${policy('closed', 'Closed')}</select></div>
</details>
<div class="field"><label for="d-at">Publish at (for Schedule)</label><input type="datetime-local" id="d-at" name="at" value="${fields.at}" aria-describedby="h-at"${disabled}><small id="h-at" class="small">On the blog’s clocks (${ctx.timeZone}).${published ? ` Published ${formatTime(post!.fields!.published.getTime(), ctx.timeZone)}; saving keeps that date.` : ''}</small></div>
${
  readOnly
    ? ''
    : html`<div class="mod-actions desk-actions">
${published ? html`<button type="submit" name="action" value="publish">Save and update the site</button>` : html`<button type="submit" name="action" value="publish">Publish now</button>`}
<button type="submit" name="action" value="schedule">Schedule</button>
<button type="submit" name="action" value="draft">${published ? 'Unpublish' : 'Save as draft'}</button>
<button type="submit" name="action" value="preview" class="mod-link-button desk-preview-button">Preview</button>
<span class="desk-autosave" id="desk-autosave" aria-live="polite"></span>
</div>`
}
</div>
<section class="desk-preview" aria-labelledby="preview-title">
<h2 id="preview-title" class="visually-hidden">Preview</h2>
<div id="desk-preview" aria-live="off">${view.preview === undefined ? html`<p class="small">Preview: use the Preview button (it follows your typing when scripts run).</p>` : raw(view.preview)}</div>
</section>
</div>
</form>
${readOnly ? '' : imageForm}
${post?.fields ? html`<p><a href="/desk/posts/${post.id}/remove" class="mod-severe">Remove at the author’s request…</a></p>` : ''}`,
  );
}

/** The preview of a post: its header, body and labels, in the site's own markup and styles. */
export function previewArticle(fields: { title: string; labels: string[]; author?: string | undefined; published: Date }, bodyHtml: string, dateText: string): string {
  return String(html`<article class="post"><header class="post-header"><p class="post-date"><time datetime="${fields.published.toISOString()}">${dateText}</time></p><h1>${fields.title || 'Untitled'}</h1>${fields.author ? html`<p class="post-byline"><span>By ${fields.author}</span></p>` : ''}</header><div class="post-body">${raw(bodyHtml)}</div>${fields.labels.length > 0 ? html`<footer class="post-footer"><p class="post-labels"><span class="meta-label">Labels:</span> ${fields.labels.join(', ')}</p></footer>` : ''}</article>`);
}

export function historyPage(ctx: DeskContext, post: DeskPost, versions: Omit<PostVersion, 'source'>[], shown?: { version: PostVersion; diff: string } | undefined): Html {
  return deskFrame(
    ctx,
    '',
    `History of “${post.fields?.title ?? post.id}”`,
    html`<p><a href="/desk/posts/${post.id}">Back to the post</a></p>
${
  shown
    ? html`<section aria-labelledby="version-title"><h2 id="version-title">Saved ${formatTime(shown.version.savedAt, ctx.timeZone)} by ${shown.version.accountName} (${shown.version.action})</h2>
<p>Compared with the post as it is now (lines starting “-” are only in this version, “+” only in the current one):</p>
<pre class="desk-source desk-diff">${shown.diff}</pre>
${post.readOnly ? '' : html`<form method="post" action="/desk/posts/${post.id}/history/${String(shown.version.id)}/restore"><input type="hidden" name="baseVersion" value="${post.version}"><button type="submit">Restore this version</button> <small>It replaces the current text; the current text stays in the history.</small></form>`}
<details><summary>This version’s whole text</summary><pre class="desk-source">${shown.version.source}</pre></details></section>`
    : ''
}
${versions.length === 0 ? html`<p>No saved versions yet: the history starts with the first save from the desk.</p>` : ''}
<ol class="mod-list">${versions.map((version) => html`<li><a href="/desk/posts/${post.id}/history/${String(version.id)}">${formatTime(version.savedAt, ctx.timeZone)}</a>, ${version.action} by ${version.accountName}</li>`)}</ol>`,
  );
}

export function removePage(ctx: DeskContext, post: DeskPost): Html {
  return deskFrame(
    ctx,
    '',
    `Remove “${post.fields?.title ?? post.id}” at its author’s request`,
    html`<p>The text is replaced by a note saying it was removed at its author’s request. The post keeps its address and title; its comments stay.</p>
<p><strong>The text, its summary and every saved version of it are erased for good:</strong> they cannot be restored from the desk, and they are gone from the database file too.</p>
<form method="post" action="/desk/posts/${post.id}/remove" class="mod-settings">
<input type="hidden" name="baseVersion" value="${post.version}">
<div class="field field-check"><label><input type="checkbox" name="confirm" value="erase" required> I understand the text will be erased for good</label></div>
<div class="mod-actions"><button type="submit" class="mod-danger">Erase the text</button> <a href="/desk/posts/${post.id}">Cancel</a></div>
</form>`,
  );
}
