// Reads the export, one entry at a time: posts and pages go to the file placer, comments are
// rendered and staged by post (they come in any order, after all the posts), Blogger's settings
// are kept. Progress is reported by bytes read.
import { cleanName } from '../../api/comments/clean-text.ts';
import type { BlogAuthors } from './authors.ts';
import { bloggerSetting } from './blog-settings.ts';
import { bloggerCommentToMarkdown, decodeEntities, removedBy } from './comment-source.ts';
import { bloggerNumber, readExport, type Entry, type FeedInfo } from './parse.ts';
import type { FilePlacer } from './place-files.ts';
import { commentRendering } from './render-comments.ts';
import { entriesPlaced, validDate, type ImportOptions, type ImportSummary, type Warn } from './run.ts';
import type { Staging, StagedComment } from './staging.ts';

export interface ExportRead {
  /** Blogger's settings by name (BLOG_COMMENT_MODERATION …). */
  settings: Record<string, string>;
  /** Comments staged, whatever becomes of them. */
  gathered: number;
}

export interface ReadContext {
  /** The export's size in bytes. */
  total: number;
  summary: ImportSummary;
  warn: Warn;
  files: FilePlacer;
  staging: Staging;
  authors: BlogAuthors;
}

/** What became of the images, and what to do about those that are still links. */
export function imageWarning({ images }: ImportSummary, warn: Warn, options: ImportOptions): void {
  const links = images.fetching ? images.failed.length : images.blogger + images.other;
  if (links === 0) return;
  const plural = links === 1 ? 'image stays a link' : 'images stay links';
  if (images.fetching) warn(`${links} ${plural} to where ${links === 1 ? 'it is' : 'they are'} now: ${links === 1 ? 'it' : 'they'} could not be fetched (see the list below). Run the import again to retry only those.`);
  else if (options.fetchImages) warn(`${links} ${plural} in a dry run: pictures are fetched only by a real import with --fetch-images.`);
  else warn(`${links} ${plural} to where ${links === 1 ? 'it is' : 'they are'} now (${images.blogger} on Blogger's servers): run the import again with --fetch-images to bring ${links === 1 ? 'it' : 'them'} here.`);
}

export async function readBloggerExport(options: ImportOptions, { total, summary, warn, files, staging, authors }: ReadContext): Promise<ExportRead> {
  const dryRun = options.dryRun ?? false;
  const rendering = commentRendering(options.renderer, staging, warn);
  const settings: Record<string, string> = {};
  let feed: FeedInfo = { title: '', author: undefined, url: undefined };
  let readBytes = 0;
  let gathered = 0;

  const onComment = async (entry: Entry) => {
    const number = bloggerNumber(entry.id);
    const postNumber = entry.inReplyTo ? bloggerNumber(entry.inReplyTo.ref) : undefined;
    if (!number || !postNumber) {
      summary.skipped.commentsWithoutPost++;
      return warn(`Line ${entry.line}: a comment with no post it answers (thr:in-reply-to) was skipped.`);
    }
    const related = entry.links.find((link) => link.rel === 'related');
    const published = validDate(entry.published);
    const removed = removedBy(entry.content, entry.properties);
    const comment: StagedComment = {
      number,
      parent: related ? bloggerNumber(related.href) : undefined,
      name: cleanName(decodeEntities(entry.author?.name ?? '')),
      uri: entry.author?.uri,
      published: published ?? Number.NaN,
      source: removed ? '' : bloggerCommentToMarkdown(entry.content),
      html: null,
      removed,
      line: entry.line,
    };
    gathered++;
    if (dryRun || !comment.source) return staging.add(postNumber, comment);
    // Rendered while the export is still being read: a few hundred at a time to the workers.
    await rendering.add(postNumber, comment);
  };

  try {
    const progressEvery = Math.max(1, Math.floor(total / 200));
    let lastReport = 0;
    for await (const entry of readExport(
      options.file,
      (info) => {
        feed = info;
        if (info.author?.uri) authors.add(info.author.uri);
      },
      (bytes) => {
        readBytes = bytes;
        if (bytes - lastReport >= progressEvery) {
          lastReport = bytes;
          options.progress?.({
            phase: 'reading',
            done: bytes,
            total,
            posts: entriesPlaced(summary),
            comments: gathered,
            images: files.pictures?.counts(),
          });
        }
      },
    )) {
      switch (entry.kind) {
        case 'post':
        case 'page':
          await files.place(entry, entry.kind, feed.url);
          break;
        case 'comment':
          await onComment(entry);
          break;
        case 'settings': {
          summary.skipped.settings++;
          const setting = bloggerSetting(entry);
          if (setting) settings[setting[0]] = setting[1];
          break;
        }
        case 'template':
          summary.skipped.templates++;
          break;
        default:
          summary.skipped.otherEntries++;
      }
    }
    await files.allPlaced();
    await rendering.finish();
    await options.renderingDone?.();
  } catch (error) {
    await rendering.settle();
    throw error;
  }
  options.progress?.({
    phase: 'reading',
    done: Math.max(readBytes, total),
    total,
    posts: entriesPlaced(summary),
    comments: gathered,
    images: files.pictures?.counts(),
  });
  const { clean } = files;
  summary.labels = files.labels.size;
  Object.assign(summary.images, { blogger: clean.bloggerImages, other: clean.otherImages });
  if (files.pictures) Object.assign(summary.images, { downloaded: files.pictures.counts().downloaded, reused: files.pictures.counts().reused });
  summary.videos = clean.videos;
  summary.removedContent = clean.removed;
  return { settings, gathered };
}
