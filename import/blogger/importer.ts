// Imports a Blogger export: posts and pages become Markdown files (body: the cleaned HTML), comments
// go into the database through the comment board's own renderer, threads and placeholders intact.
// Nothing is half-written: files are prepared in a temporary folder and moved in only once the
// whole export has been read; each post's comments are one transaction. Running it again changes
// nothing (files compared, comments keyed by their Blogger id).
//
// The phases, each in its own module: read the export (read-export.ts, rendering comments as they
// come: render-comments.ts), place the files (place-files.ts) and give them a last pass with every
// post's new address known (finish-bodies.ts: links, jump break, structure), Blogger's settings
// (blog-settings.ts), store the comment threads (store-threads.ts), list each post for the report
// (entry-reports.ts).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { clientBatch } from '../../api/db/write-queue.ts';
import { blogAuthors } from './authors.ts';
import { blogSettings } from './blog-settings.ts';
import { entryReports, importedCommentCounts } from './entry-reports.ts';
import { defaultTimeZone } from '../../site/lib/time-zone.ts';
import { bodyFinisher } from './finish-bodies.ts';
import { newAddresses, oldBlogOf } from './internal-links.ts';
import { ExportError } from './parse.ts';
import { openFilePlacer } from './place-files.ts';
import { imageWarning, readBloggerExport } from './read-export.ts';
import { storeThreads } from './store-threads.ts';
import { emptySummary, warner, type ImportOptions, type ImportSummary } from './run.ts';
import { openStaging } from './staging.ts';
import { openPictureStore, type PictureStore } from './images.ts';

export { ExportError };
export type { ImportOptions, ImportSummary, Progress, Renderer } from './run.ts';

export async function importBlogger(options: ImportOptions): Promise<ImportSummary> {
  const { db } = options;
  const dryRun = options.dryRun ?? false;
  const batch = options.batch ?? clientBatch(db);
  const summary = emptySummary(dryRun);
  const warn = warner(summary);
  const total = (await stat(options.file)).size;
  // The blog's own authors, from the feed and its posts: their comments get the Staff badge.
  const authors = blogAuthors();
  const pictures = await openPictures(options, dryRun, summary);
  const files = await openFilePlacer({ contentDir: options.contentDir, dryRun, skipDrafts: options.skipDrafts ?? false, summary, warn, authors, pictures });
  // Comments wait on disk between reading the export and storing them post by post.
  const staging = await openStaging();
  try {
    // 1. Read the export: files to the staging folder, comments gathered by post.
    const read = await readBloggerExport(options, { total, summary, warn, files, staging, authors }).catch(async (error: unknown) => {
      await files.discard();
      throw error;
    });
    // 2. Links between posts, now that every post's new address is known, the jump break and the
    // structure (finish-bodies.ts); then the files move in.
    const addresses = newAddresses(files.posts.values(), files.labels, options.timeZone ?? defaultTimeZone);
    await files.settle(bodyFinisher({ blog: oldBlogOf(files.blogUrl), addresses, summary })).catch(async (error: unknown) => {
      await files.discard();
      throw error;
    });
    // The pictures not fetched are listed by post once every post has its id.
    imageWarning(summary, warn, options);
    await files.moveIn();
    // 3. Blogger's moderation settings, taken when asked.
    summary.settings = await blogSettings(db, read.settings, { apply: options.applySettings ?? false, dryRun });
    // 4. Comments, post by post, each post's thread in one transaction.
    await storeThreads({ db, batch, dryRun, staging, posts: files.posts, authors, totalComments: read.gathered, summary, warn, progress: options.progress });
    // 5. Each post as the report lists it, its comments counted where they were stored.
    const placed = [...files.posts.values()].filter((post) => !post.skipped);
    const counted = dryRun ? undefined : await importedCommentCounts(db, placed.map((post) => post.id));
    summary.entries = entryReports(placed, summary, counted, options.timeZone);
  } finally {
    await staging.close();
    // What was downloaded is remembered even when the import stopped: the next run goes on from there.
    await pictures?.close();
  }
  return summary;
}

/** The picture store for --fetch-images (never in a dry run: it would write pictures). */
async function openPictures(options: ImportOptions, dryRun: boolean, summary: ImportSummary): Promise<PictureStore | undefined> {
  if (!options.fetchImages || dryRun) return undefined;
  if (!options.publicDir) throw new Error('Fetching images needs the public folder (publicDir) to store them in.');
  summary.images.fetching = true;
  return openPictureStore({
    imagesDir: join(options.publicDir, 'images'),
    manifestPath: join(options.contentDir, '.blogger-images.json'),
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    fetchOptions: options.imageFetch,
  });
}
