// npm run import:blogger -- <export.xml>: brings a whole Blogger blog in (posts, pages, labels,
// comment threads) from the file Blogger's "Back up content" produces.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { ImportThreadData, ImportThreadMessage } from '../import/blogger/import-thread.ts';
import type { ImportSummary, Progress } from '../import/blogger/importer.ts';

export const usage = `Import a Blogger blog: posts, pages, labels and comment threads.

  npm run import:blogger -- <export.xml> [options]

  <export.xml>      the file from Blogger: Settings → Back up content → Download
  --dry-run         read everything and report what would change; write nothing but the report
  --skip-drafts     leave drafts out (by default they come in with draft: true)
  --apply-settings  take Blogger's comment moderation settings as this blog's
  --fetch-images    download the pictures posts and pages show into public/images (4 at a time;
                    a second run fetches only what is missing); without it they stay links
  --content-dir DIR where posts (DIR/posts) and pages (DIR/pages) go (default: content)
  --report-dir DIR  where the import report goes (default: data): import-report.html to open,
                    import-report.json to keep; each run says what changed since the last
  --public-dir DIR  where pictures go, in DIR/images (default: BEFRIEND_PUBLIC_DIR, or public)

Comments go into the database the server uses (DATABASE_URL, default file:data/befriend.db).
Running it again with the same export changes nothing. Then: npm start.`;

class UsageError extends Error {}

function bar(fraction: number, width = 28): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

/** Progress: a bar redrawn in place on a terminal, a line every few seconds otherwise. */
function progressReporter(started: number): (p: Progress) => void {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let lastPhase = '';
  return (p) => {
    const now = Date.now();
    const seconds = (now - started) / 1000;
    const fraction = p.total > 0 ? p.done / p.total : 1;
    const images = p.images ? `, images: ${p.images.downloaded.toLocaleString('en-GB')} fetched, ${p.images.reused.toLocaleString('en-GB')} already here, ${p.images.failed.toLocaleString('en-GB')} failed` : '';
    const text =
      p.phase === 'reading'
        ? `Reading the export ${bar(fraction)} ${Math.round(fraction * 100)}%  ${p.posts.toLocaleString('en-GB')} posts and pages, ${p.comments.toLocaleString('en-GB')} comments found${images}  ${((p.done / 1048576 / Math.max(seconds, 0.001)) || 0).toFixed(1)} MB/s`
        : `Storing comments ${bar(fraction)} ${Math.round(fraction * 100)}%  ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')}  ${Math.round(p.done / Math.max(seconds, 0.001)).toLocaleString('en-GB')}/s`;
    if (tty) {
      process.stderr.write(`\r\x1b[2K${text}`);
      if (p.done >= p.total) process.stderr.write('\n');
    } else if (p.phase !== lastPhase || now - lastLine >= 5000 || p.done >= p.total) {
      lastLine = now;
      lastPhase = p.phase;
      console.log(text);
    }
  };
}

function summaryText(s: ImportSummary, seconds: number): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const lines = [
    s.dryRun ? 'Dry run: nothing was written. This import would bring in:' : `Imported in ${seconds.toFixed(1)} s:`,
    `  posts         ${n(s.posts)}`,
    `  drafts        ${n(s.drafts)}${s.skipped.drafts ? ` (${n(s.skipped.drafts)} more skipped)` : ''}`,
    `  pages         ${n(s.pages)}`,
    `  labels        ${n(s.labels)}`,
    `  comments      ${n(s.comments)}, of which ${n(s.replies)} replies, ${n(s.placeholders)} removed (kept as placeholders), ${n(s.commentsOnPages)} on pages`,
    `  files         ${n(s.files.written)} ${s.dryRun ? 'to write' : 'written'}, ${s.files.updated ? `${n(s.files.updated)} changed on Blogger ${s.dryRun ? 'to bring' : 'brought'} up to date, ` : ''}${n(s.files.unchanged)} already there${s.files.keptEdited ? `, ${n(s.files.keptEdited)} edited since the last import and left alone` : ''}`,
    `  in database   ${n(s.stored.added)} comments ${s.dryRun ? 'to add' : 'added'}, ${n(s.stored.alreadyThere)} already there`,
    `  skipped       ${n(s.skipped.templates)} template, ${n(s.skipped.settings)} settings, ${n(s.skipped.otherEntries)} other entries, ${n(s.skipped.commentsWithoutPost)} comments without their post, ${n(s.skipped.emptyComments)} empty`,
    s.images.fetching
      ? `  images        ${n(s.images.blogger + s.images.other)} (${n(s.images.blogger)} on Blogger): ${n(s.images.downloaded)} fetched, ${n(s.images.reused)} already here, ${n(s.images.failed.length)} failed (left as links)`
      : `  images        ${n(s.images.blogger + s.images.other)} made links (${n(s.images.blogger)} on Blogger)${s.dryRun ? '' : '; --fetch-images brings them here'}`,
    `  cleaned       ${n(s.videos)} videos and sound made links, ${n(s.removedContent)} scripts, frames, pixels and other active content removed`,
  ];
  lines.push(`  links         ${n(s.links.rewritten)} links to the old blog now go to the new addresses; ${n(s.links.kept.length)} left (posts not in the export), ${n(s.jumpBreaks.length)} jump breaks made summaries, ${n(new Set(s.repaired.map((r) => r.post)).size)} posts and pages with broken HTML repaired`);
  for (const kept of s.links.kept.slice(0, 20)) lines.push(`                ${kept.post}: ${kept.href}`);
  if (s.collisions.length > 0) {
    lines.push(`  collisions    ${s.collisions.length} posts shared an old file name; their ids:`);
    for (const c of s.collisions.slice(0, 20)) lines.push(`                ${c.bloggerPath} → ${c.id}`);
  }
  if (s.settings.moderation) {
    const hold = s.settings.applied ? `applied: hold ${s.settings.applied.holdMode === 'older_than' ? `comments on posts older than ${s.settings.applied.holdOlderThanDays ?? 14} days` : s.settings.applied.holdMode === 'all' ? 'all comments' : 'no comments'}` : 'not applied (add --apply-settings to take it)';
    lines.push(`  moderation    Blogger: ${s.settings.moderation}${s.settings.delayDays ? `, ${s.settings.delayDays} days` : ''}; ${hold}`);
  }
  if (s.images.failed.length > 0) {
    lines.push(`Images not fetched (${s.images.failed.length}; run the same command again to retry them):`);
    for (const f of s.images.failed.slice(0, 100)) lines.push(`  - ${f.post}: ${f.url}: ${f.reason}`);
    if (s.images.failed.length > 100) lines.push(`  … ${s.images.failed.length - 100} more.`);
  }
  if (s.warnings.length > 0) {
    lines.push(`Warnings (${s.warnings.length}):`);
    for (const w of s.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        'skip-drafts': { type: 'boolean' },
        'apply-settings': { type: 'boolean' },
        'fetch-images': { type: 'boolean' },
        'content-dir': { type: 'string' },
        'report-dir': { type: 'string' },
        'public-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (args.values.help) {
      console.log(usage);
      return;
    }
    if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'Give the export file to import.' : 'Give one export file at a time.');
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }

  // Loaded here, not above: the command may first start itself again (withFewArenas, below).
  const [{ parseEnv, resolveDatabaseUrl }, { changesLine, writeImportReport }, { projectRoot }] = await Promise.all([
    import('../server/env.ts'),
    import('../import/blogger/report.ts'),
    import('../build/site-build.ts'),
  ]);
  const file = resolve(args.positionals[0]!);
  const contentDir = resolve(projectRoot, args.values['content-dir'] ?? 'content');
  const reportDir = resolve(projectRoot, args.values['report-dir'] ?? 'data');
  const env = parseEnv(process.env);
  const started = Date.now();
  const report = progressReporter(started);
  const data: ImportThreadData = {
    file,
    contentDir,
    database: { url: resolveDatabaseUrl(env.databaseUrl), authToken: env.databaseAuthToken, syncUrl: env.databaseSyncUrl },
    dryRun: args.values['dry-run'] ?? false,
    skipDrafts: args.values['skip-drafts'] ?? false,
    applySettings: args.values['apply-settings'] ?? false,
    timeZone: env.timeZone,
    fetchImages: args.values['fetch-images'] ?? false,
    publicDir: args.values['public-dir'] ? resolve(projectRoot, args.values['public-dir']) : env.publicDir,
  };
  // The import's own heap is capped (see import-thread.ts); its live memory is far below this.
  const worker = new Worker(new URL('../import/blogger/import-thread.ts', import.meta.url), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 448 } });
  let finished = false;
  let summary: ImportSummary | undefined;
  worker.on('message', (message: ImportThreadMessage) => {
    if (message.type === 'progress') return report(message.progress);
    finished = true;
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (message.type === 'done') {
      summary = message.summary;
      console.log(summaryText(summary, (Date.now() - started) / 1000));
    } else {
      console.error(message.refused ? `Nothing was imported. ${message.message}` : `The import failed: ${message.message}\n${message.stack ?? ''}`);
      process.exitCode = 1;
    }
  });
  await new Promise<void>((resolve) => {
    worker.on('error', (error: NodeJS.ErrnoException) => {
      console.error(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'The import ran out of memory. Nothing already stored is lost: run the same command again and it goes on where it stopped.'
          : `The import failed: ${error.stack ?? error.message}`,
      );
      process.exitCode = 1;
    });
    worker.on('exit', () => {
      if (!finished && process.exitCode === undefined) {
        console.error('The import stopped unexpectedly. Run the same command again: it goes on where it stopped.');
        process.exitCode = 1;
      }
      resolve();
    });
  });
  if (!summary) return;
  try {
    const written = await writeImportReport(reportDir, summary, { file, seconds: (Date.now() - started) / 1000 });
    const changes = changesLine(written.report.changes);
    if (changes) console.log(changes);
    console.log(`Report, post by post: ${pathToFileURL(written.html).href} (and ${written.json})`);
  } catch (error) {
    console.error(`The import is done, but its report could not be written to ${reportDir}: ${(error as Error).message}. Choose another folder with --report-dir.`);
    process.exitCode = 1;
  }
  if (!summary.dryRun) console.log('Next: npm start (the site is rebuilt with the imported posts).');
}

/**
 * glibc gives each thread that allocates a memory pool of its own (an arena) and seldom hands one
 * back: with the import's threads (reading, writing, rendering comments, storing pictures) that
 * is a hundred MB or more held after their work is done (npm run bench:import). Two pools are
 * enough. glibc reads MALLOC_ARENA_MAX only as a process starts, so the command replaces itself,
 * once, with the same command and MALLOC_ARENA_MAX set: same process, same terminal, same signals.
 */
function withFewArenas(): void {
  if (process.platform !== 'linux' || process.env['MALLOC_ARENA_MAX'] || typeof process.execve !== 'function') return;
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, MALLOC_ARENA_MAX: '2' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  withFewArenas();
  await main();
}
