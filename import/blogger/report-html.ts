// The import report as a page the editor opens from disk: totals first, then what changed since the
// last import, what was not imported and why, the posts that need a look, and every post and page.
// One file, its style inline: it loads nothing from anywhere.
import { escapeHtml as e } from '../../site/lib/html.ts';
import { missingComments, needsALook } from './entry-reports.ts';
import type { ImportReport, ReportChange } from './report.ts';
import type { EntryReport } from './run.ts';

const n = (x: number) => x.toLocaleString('en-GB');

const style = `
:root { color-scheme: light dark; --muted: #555; --line: #ccc; --warn: #8a3b00; --ok: #1d6b2f; }
@media (prefers-color-scheme: dark) { :root { --muted: #bbb; --line: #555; --warn: #ffb27a; --ok: #8fd49d; } }
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
dl.totals { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dl.totals dt { color: var(--muted); }
dl.totals dd { margin: 0; }
.verdict-ok { color: var(--ok); } .verdict-look, .problem { color: var(--warn); }
code, .address { overflow-wrap: anywhere; }
.muted { color: var(--muted); }
ul.notes { margin: 0; padding-left: 1rem; }
`;

function address(url: string | undefined, none: string): string {
  if (!url) return `<span class="muted">${e(none)}</span>`;
  return `<code class="address">${e(url)}</code>`;
}

function commentsCell(entry: EntryReport): string {
  const { found, expected, inDatabase, placeholders, empty } = entry.comments;
  const details = [placeholders ? `${n(placeholders)} removed there, kept as placeholders` : '', empty ? `${n(empty)} empty, skipped` : ''].filter(Boolean).join('; ');
  const stored = inDatabase === undefined ? `${n(expected)} to store` : `${n(inDatabase)} of ${n(expected)} in the database`;
  const missing = missingComments(entry);
  return `${n(found)} found; ${stored}${details ? ` (${e(details)})` : ''}${missing ? ` <strong class="problem">${n(missing)} missing</strong>` : ''}`;
}

function bodyCell(entry: EntryReport): string {
  const parts: string[] = [];
  if (entry.images.local) parts.push(`${n(entry.images.local)} ${entry.images.local === 1 ? 'picture' : 'pictures'} here`);
  if (entry.images.failed.length)
    parts.push(`<strong class="problem">${n(entry.images.failed.length)} ${entry.images.failed.length === 1 ? 'picture' : 'pictures'} not fetched</strong>, left as links: ${entry.images.failed.map((f) => `<code>${e(f.url)}</code> (${e(f.reason)})`).join(', ')}`);
  if (entry.links.rewritten) parts.push(`${n(entry.links.rewritten)} ${entry.links.rewritten === 1 ? 'link' : 'links'} to the old blog now here`);
  if (entry.links.kept.length) parts.push(`left pointing at the old blog (not in the export): ${entry.links.kept.map((href) => `<code>${e(href)}</code>`).join(', ')}`);
  if (entry.repaired.length) parts.push(`repaired: ${e(entry.repaired.join('; '))}`);
  if (entry.jumpBreak) parts.push('summary: what came before the jump break');
  return parts.join('<br>');
}

const fileText: Record<NonNullable<EntryReport['file']>, string> = {
  written: 'written',
  updated: 'changed on Blogger since the last import: brought up to date',
  unchanged: 'already there, unchanged',
  keptEdited: 'edited here since the last import: left as it is',
};

function entryRow(entry: EntryReport, anchor: boolean): string {
  const notes = entry.notes.length ? `<ul class="notes">${entry.notes.map((note) => `<li>${e(note)}</li>`).join('')}</ul>` : '';
  return `<tr${anchor ? ` id="entry-${e(entry.number)}"` : ''}${needsALook(entry) ? ' class="needs-a-look"' : ''}>
<th scope="row">${e(entry.title)}${entry.draft ? ' <em>(draft)</em>' : ''}${entry.kind === 'page' ? ' <em>(page)</em>' : ''}</th>
<td>${address(entry.oldUrl, 'none in the export')}</td>
<td>${address(entry.newUrl, entry.draft ? 'not published (draft)' : 'none')}</td>
<td>${entry.file ? e(fileText[entry.file]) : ''}</td>
<td>${commentsCell(entry)}</td>
<td>${bodyCell(entry)}</td>
<td>${notes}</td>
</tr>`;
}

/** The table of posts; the full one (`anchor`) is what the lists of changes link to. */
function entryTable(entries: readonly EntryReport[], caption: string, anchor: boolean): string {
  return `<table>
<caption>${e(caption)}</caption>
<thead><tr><th scope="col">Post</th><th scope="col">Blogger address</th><th scope="col">Address here</th><th scope="col">File</th><th scope="col">Comments</th><th scope="col">Body</th><th scope="col">Notes</th></tr></thead>
<tbody>
${entries.map((entry) => entryRow(entry, anchor)).join('\n')}
</tbody>
</table>`;
}

/** A list of changes, each linking to its post's row (`linked`: posts still in the report). */
function changeList(title: string, changes: readonly ReportChange[], linked = true): string {
  if (changes.length === 0) return '';
  const name = (c: ReportChange) => (linked ? `<a href="#entry-${e(c.number)}">${e(c.title)}</a>` : `“${e(c.title)}”`);
  return `<h3>${e(title)} (${n(changes.length)})</h3>
<ul>${changes.map((c) => `<li>${name(c)}: ${e(c.what.join('; '))}</li>`).join('')}</ul>`;
}

function changesSection(report: ImportReport): string {
  const changes = report.changes;
  if (!changes) return '<p>This is the first import of this blog here: there is no earlier report to compare with.</p>';
  const since = `${changes.since.slice(0, 16).replace('T', ' ')} UTC`;
  const any = changes.added.length + changes.changed.length + changes.gone.length > 0;
  return `<section aria-labelledby="changes"><h2 id="changes">Since the last import (${e(since)})</h2>
${any ? `${changeList('New', changes.added)}${changeList('Changed', changes.changed)}${changeList('Gone', changes.gone, false)}` : '<p>Nothing changed: every post, page and comment is as the last import left it.</p>'}
</section>`;
}

export function reportHtml(report: ImportReport): string {
  const t = report.totals;
  const look = report.entries.filter(needsALook);
  const verdict =
    t.needALook === 0 && t.refused === 0
      ? `<p class="verdict-ok"><strong>Everything arrived</strong>: every post and page of the export${report.dryRun ? ' would be' : ' is'} here${report.dryRun ? '' : ', and every comment is in the database'}.</p>`
      : `<p class="verdict-look"><strong>${n(t.needALook)} ${t.needALook === 1 ? 'post needs' : 'posts need'} a look</strong>${t.refused ? `, and ${n(t.refused)} ${t.refused === 1 ? 'entry was' : 'entries were'} not imported` : ''}: see below.</p>`;
  const comments = t.comments.inDatabase === undefined ? `${n(t.comments.found)} found, ${n(t.comments.expected)} to store` : `${n(t.comments.found)} found, ${n(t.comments.inDatabase)} of ${n(t.comments.expected)} in the database`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Import report: ${e(report.export)}</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>Import report: ${e(report.export)}</h1>
<p>${report.dryRun ? 'A dry run: nothing was written, this is what the import would do. ' : ''}Finished ${e(report.finishedAt.slice(0, 16).replace('T', ' '))} UTC, in ${report.seconds.toFixed(1)} s.</p>
${verdict}
<section aria-labelledby="totals"><h2 id="totals">Totals</h2>
<dl class="totals">
<dt>Posts</dt><dd>${n(t.posts)}</dd>
<dt>Pages</dt><dd>${n(t.pages)}</dd>
<dt>Drafts</dt><dd>${n(t.drafts)}</dd>
<dt>Comments</dt><dd>${comments}${t.comments.placeholders ? `, ${n(t.comments.placeholders)} of them removed there and kept as placeholders` : ''}${t.comments.empty ? `; ${n(t.comments.empty)} empty, skipped` : ''}${t.comments.withoutPost ? `; ${n(t.comments.withoutPost)} answering posts not imported (not in the export, or drafts left out), skipped` : ''}</dd>
<dt>Pictures</dt><dd>${t.images.fetching ? `${n(t.images.local)} here${t.images.failed ? `; <strong class="problem">${n(t.images.failed)} could not be fetched</strong> and stay links (run the import again to retry only those)` : ''}` : `${n(t.images.links)} left as links to where they are: the import with --fetch-images brings them here`}</dd>
<dt>Links</dt><dd>${n(t.links.rewritten)} to the old blog now pointing here; ${n(t.links.kept)} left as they were (posts not in the export)</dd>
<dt>Repaired</dt><dd>${n(t.repaired)} ${t.repaired === 1 ? 'post or page' : 'posts and pages'} whose HTML structure was invalid</dd>
<dt>Jump breaks</dt><dd>${n(t.jumpBreaks)} ${t.jumpBreaks === 1 ? 'post has' : 'posts have'} what came before it as summary</dd>
<dt>Not imported</dt><dd>${n(t.refused)}</dd>
<dt>Warnings</dt><dd>${n(t.warnings)}</dd>
</dl>
</section>
${changesSection(report)}
${report.refused.length ? `<section aria-labelledby="refused"><h2 id="refused">Not imported</h2><ul>${report.refused.map((r) => `<li>${e(r.kind)} “${e(r.title)}” (line ${n(r.line)} of the export): ${e(r.reason)}</li>`).join('')}</ul></section>` : ''}
${look.length ? `<section aria-labelledby="look"><h2 id="look">Needs a look</h2>${entryTable(look, 'Posts and pages with comments missing, pictures not fetched or notes to read', false)}</section>` : ''}
<section aria-labelledby="all"><h2 id="all">Every post and page</h2>
${entryTable(report.entries, `${n(report.entries.length)} posts and pages, posts first, oldest first`, true)}
</section>
${report.warnings.length ? `<section aria-labelledby="warnings"><h2 id="warnings">Warnings</h2><ul>${report.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul></section>` : ''}
</main>
</body>
</html>
`;
}
