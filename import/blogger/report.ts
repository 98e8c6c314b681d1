// The import's report: a JSON file and an HTML page the editor opens, post by post (old and new
// address, comments found and counted in the database, what was refused and why), totals at the
// top. Each run compares itself with the report the last run left, and says what changed.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { needsALook } from './entry-reports.ts';
import { reportHtml } from './report-html.ts';
import type { EntryReport, ImportSummary } from './run.ts';

export const reportVersion = 1;

export interface ReportTotals {
  posts: number;
  pages: number;
  drafts: number;
  comments: { found: number; expected: number; inDatabase: number | undefined; placeholders: number; empty: number; withoutPost: number };
  /** Pictures: fetched now (or already here from an earlier run), not fetched, or left as links (no --fetch-images). */
  images: { fetching: boolean; local: number; failed: number; links: number };
  links: { rewritten: number; kept: number };
  /** Posts and pages whose structure was repaired. */
  repaired: number;
  jumpBreaks: number;
  /** Posts and pages that need a look: comments missing, pictures not fetched, or notes to read. */
  needALook: number;
  refused: number;
  warnings: number;
}

export interface ReportChange {
  number: string;
  id: string;
  title: string;
  what: string[];
}

export interface ReportChanges {
  /** When the report compared with was written. */
  since: string;
  added: ReportChange[];
  gone: ReportChange[];
  changed: ReportChange[];
}

export interface ImportReport {
  version: typeof reportVersion;
  /** The export's file name (not its folder). */
  export: string;
  finishedAt: string;
  seconds: number;
  dryRun: boolean;
  totals: ReportTotals;
  entries: EntryReport[];
  refused: ImportSummary['refused'];
  collisions: ImportSummary['collisions'];
  warnings: string[];
  /** What changed since the last run's report; undefined on the first. */
  changes: ReportChanges | undefined;
}

function totals(summary: ImportSummary): ReportTotals {
  const sum = (pick: (entry: EntryReport) => number) => summary.entries.reduce((n, entry) => n + pick(entry), 0);
  return {
    posts: summary.posts,
    pages: summary.pages,
    drafts: summary.drafts,
    comments: {
      found: sum((e) => e.comments.found),
      expected: sum((e) => e.comments.expected),
      inDatabase: summary.dryRun ? undefined : sum((e) => e.comments.inDatabase ?? 0),
      placeholders: sum((e) => e.comments.placeholders),
      empty: sum((e) => e.comments.empty),
      withoutPost: summary.skipped.commentsWithoutPost,
    },
    images: {
      fetching: summary.images.fetching,
      local: sum((e) => e.images.local),
      failed: sum((e) => e.images.failed.length),
      links: summary.images.fetching ? sum((e) => e.images.failed.length) : summary.images.blogger + summary.images.other,
    },
    links: { rewritten: sum((e) => e.links.rewritten), kept: sum((e) => e.links.kept.length) },
    repaired: summary.entries.filter((e) => e.repaired.length > 0).length,
    jumpBreaks: summary.entries.filter((e) => e.jumpBreak).length,
    needALook: summary.entries.filter(needsALook).length,
    refused: summary.refused.length,
    warnings: summary.warnings.length,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** What differs between the last run's report and this one, post by post (by Blogger id). */
export function compareReports(previous: ImportReport, current: Omit<ImportReport, 'changes'>): ReportChanges {
  const before = new Map(previous.entries.map((entry) => [entry.number, entry]));
  const now = new Map(current.entries.map((entry) => [entry.number, entry]));
  const change = (entry: EntryReport, what: string[]): ReportChange => ({ number: entry.number, id: entry.id, title: entry.title, what });
  const added = current.entries.filter((entry) => !before.has(entry.number)).map((entry) => change(entry, [entry.draft ? 'new draft' : `new ${entry.kind}`]));
  const gone = previous.entries.filter((entry) => !now.has(entry.number)).map((entry) => change(entry, ['not in this import (left out of the export, or skipped)']));
  const changed: ReportChange[] = [];
  for (const entry of current.entries) {
    const old = before.get(entry.number);
    if (!old) continue;
    const what: string[] = [];
    if (entry.file === 'written') what.push('its file was written again (its file here was gone)');
    if (entry.file === 'updated') what.push('changed on Blogger: its file here, untouched since the last import, is brought up to date');
    if (entry.file === 'keptEdited' && old.file !== 'keptEdited') what.push('its file here was edited since the last import and was left as it is (changes on Blogger since do not come in)');
    if (old.newUrl !== entry.newUrl) what.push(entry.newUrl ? `its address is now ${entry.newUrl}${old.newUrl ? ` (was ${old.newUrl})` : ''}` : 'it is a draft now');
    if (old.draft && !entry.draft) what.push('published since (no longer a draft)');
    const addedComments = (entry.comments.inDatabase ?? 0) - (old.comments.inDatabase ?? 0);
    if (entry.comments.inDatabase !== undefined && old.comments.inDatabase !== undefined && addedComments !== 0) what.push(addedComments > 0 ? `${plural(addedComments, 'comment')} added` : `${plural(-addedComments, 'comment')} fewer in the database`);
    const fetchedNow = entry.images.local - (old.images?.local ?? 0);
    if (fetchedNow > 0) what.push(`${plural(fetchedNow, 'picture')} fetched`);
    if (entry.comments.found !== old.comments.found) what.push(`${plural(entry.comments.found, 'comment')} in the export (${old.comments.found.toLocaleString('en-GB')} before)`);
    if (what.length > 0) changed.push(change(entry, what));
  }
  return { since: previous.finishedAt, added, gone, changed };
}

/** The report of this import (not yet compared with an earlier one). */
export function importReport(summary: ImportSummary, meta: { file: string; seconds: number; finishedAt?: Date }): Omit<ImportReport, 'changes'> {
  return {
    version: reportVersion,
    export: basename(meta.file),
    finishedAt: (meta.finishedAt ?? new Date()).toISOString(),
    seconds: meta.seconds,
    dryRun: summary.dryRun,
    totals: totals(summary),
    entries: summary.entries,
    refused: summary.refused,
    collisions: summary.collisions,
    warnings: summary.warnings,
  };
}

async function readPrevious(path: string): Promise<ImportReport | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const report = JSON.parse(text) as ImportReport;
    return report.version === reportVersion && Array.isArray(report.entries) ? report : undefined;
  } catch {
    return undefined; // a report cut short or from another version: this run's stands alone
  }
}

/** Written whole or not at all: a new file renamed over the old. */
async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

export const reportFiles = (dir: string, dryRun: boolean) => {
  const name = dryRun ? 'import-report-dry-run' : 'import-report';
  return { json: join(dir, `${name}.json`), html: join(dir, `${name}.html`) };
};

/**
 * Writes the report (JSON and HTML) into `dir`, compared with the one the last import left there.
 * A dry run's report has its own files and is compared with the last real import's.
 */
export async function writeImportReport(dir: string, summary: ImportSummary, meta: { file: string; seconds: number; finishedAt?: Date }): Promise<{ report: ImportReport; json: string; html: string }> {
  const current = importReport(summary, meta);
  const previous = await readPrevious(reportFiles(dir, false).json);
  const report: ImportReport = { ...current, changes: previous ? compareReports(previous, current) : undefined };
  const { json, html } = reportFiles(dir, summary.dryRun);
  await mkdir(dir, { recursive: true });
  await replaceFile(json, `${JSON.stringify(report, null, 1)}\n`);
  await replaceFile(html, reportHtml(report));
  return { report, json, html };
}

/** One line for the terminal: what changed since the last import, or that nothing did. */
export function changesLine(changes: ReportChanges | undefined): string | undefined {
  if (!changes) return undefined;
  const n = (x: number) => x.toLocaleString('en-GB');
  const parts = [plural(changes.added.length, 'new post or page', 'new posts or pages'), `${n(changes.changed.length)} changed`, `${n(changes.gone.length)} gone`].filter((part) => !part.startsWith('0 '));
  const since = changes.since.slice(0, 16).replace('T', ' ');
  return parts.length === 0 ? `Nothing changed since the last import (${since} UTC).` : `Since the last import (${since} UTC): ${parts.join(', ')}.`;
}
