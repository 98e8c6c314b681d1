// Stores the comment threads, post by post, once the files are in: each thread ordered parents
// first, a group of posts' threads written in one transaction while the next group is read. Each
// comment is keyed by its Blogger id, so running the import again adds nothing twice.
import { randomBytes } from 'node:crypto';
import { next } from '../../api/comments/life-cycle.ts';
import { importThreads, type ImportedComment } from '../../api/comments/store.ts';
import type { Database } from '../../api/db/database.ts';
import type { BatchWrite } from '../../api/db/write-queue.ts';
import type { BlogAuthors } from './authors.ts';
import { entriesPlaced, notePost, type ImportOptions, type ImportSummary, type PostRecord, type Warn } from './run.ts';
import type { Staging, StagedComment } from './staging.ts';
import { threadOrder } from './thread-order.ts';

/** How many of these comments (by source id) an earlier import stored: what a dry run reports. */
async function countStored(db: Database, sourceIds: readonly string[]): Promise<number> {
  const found = await db.execute({ sql: `SELECT count(*) AS n FROM comments WHERE source_id IN (${sourceIds.map(() => '?').join(',')})`, args: [...sourceIds] });
  return Number(found.rows[0]!['n']);
}

type Row = { c: StagedComment; parent: string | undefined; html: string | null; source: string | null };

/** A staged comment in the board's terms: who wrote it (staff by profile) and its status. */
function storedComment(postId: string, { c, parent, html, source }: Row, isStaff: (c: StagedComment) => boolean): ImportedComment {
  const anonymous = !c.name || /^anonymous$/i.test(c.name);
  const kind = c.removed || anonymous ? 'anonymous' : isStaff(c) ? 'staff' : 'named';
  // Shown, or a placeholder for a comment its author or the blog removed there.
  const imported = next('new', c.removed === 'author' ? 'import_removed_by_author' : c.removed ? 'import_removed_by_blog' : 'import', 'importer');
  if ('refused' in imported) throw new Error(imported.refused.message);
  return {
    postId,
    sourceId: `blogger:${c.number}`,
    parent: parent ? { sourceId: `blogger:${parent}` } : null,
    authorName: kind === 'anonymous' ? null : c.name.slice(0, 60),
    authorKind: kind,
    bodySource: source,
    bodyHtml: html,
    status: imported.to,
    // Nobody holds its removal key: a random hash that no key matches.
    removalKeyHash: randomBytes(32).toString('hex'),
    createdAt: c.published,
    updatedAt: c.published,
  };
}

export interface ThreadContext {
  db: Database;
  batch: BatchWrite;
  dryRun: boolean;
  staging: Staging;
  /** The posts and pages placed, by Blogger number. */
  posts: ReadonlyMap<string, PostRecord>;
  authors: BlogAuthors;
  /** Comments staged, for the progress report. */
  totalComments: number;
  summary: ImportSummary;
  warn: Warn;
  progress: ImportOptions['progress'];
}

export async function storeThreads({ db, batch, dryRun, staging, posts, authors, totalComments, summary, warn, progress }: ThreadContext): Promise<void> {
  const threads = await staging.posts();
  let done = 0;
  const isStaff = (c: StagedComment) => authors.has(c.uri);
  let writing: Promise<void> = Promise.resolve();

  /** Posts read and ordered, waiting to be rendered and written together. */
  let group: { post: PostRecord; rows: Row[] }[] = [];
  let groupSize = 0;

  /** Writes a group of posts' comments in one transaction (each post whole in it) while the next group is read. */
  const flush = async () => {
    const grouped = group;
    group = [];
    groupSize = 0;
    if (grouped.length === 0) return;
    if (dryRun) {
      const ids = grouped.flatMap(({ rows }) => rows.map((row) => `blogger:${row.c.number}`));
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const n = await countStored(db, chunk);
        summary.stored.alreadyThere += n;
        summary.stored.added += chunk.length - n;
      }
      return;
    }
    const toStore = grouped.map(({ post, rows }) => ({ postId: post.id, comments: rows.map((row) => storedComment(post.id, row, isStaff)) }));
    const inserts = toStore.reduce((n, thread) => n + thread.comments.length, 0);
    // Each comment unless one with its source id is there already, each thread's version bumped.
    const { statements, added: addedBy } = importThreads(toStore);
    // One group is written while the next is rendered; never more than one ahead of the disk.
    const previous = writing;
    writing = (async () => {
      await previous;
      const added = addedBy(await batch(statements));
      summary.stored.added += added;
      summary.stored.alreadyThere += inserts - added;
    })();
    await previous;
  };

  for (const [postNumber, size] of threads) {
    const post = posts.get(postNumber);
    if (!post || post.skipped) {
      summary.skipped.commentsWithoutPost += size;
      if (!post) warn(`${size} comment${size === 1 ? '' : 's'} answer a post that is not in the export (Blogger id ${postNumber}), and were skipped.`);
      done += size;
      continue;
    }
    const list = await staging.comments(postNumber);
    if (post.kind === 'page') summary.commentsOnPages += list.length;
    for (const c of list) if (Number.isNaN(c.published)) c.published = post.published;
    const ordered = threadOrder(list, (c) => {
      const note = `Line ${c.line}: the comment this one replies to is not in the export; it is imported as a comment on the post.`;
      notePost(post, note);
      warn(note);
    });
    const rows: Row[] = [];
    for (const { comment: c, parent } of ordered) {
      if (parent) summary.replies++;
      if (c.removed) {
        summary.placeholders++;
        rows.push({ c, parent, html: null, source: null });
      } else if (!c.source) {
        summary.skipped.emptyComments++;
      } else {
        rows.push({ c, parent, html: c.html ?? '', source: c.source });
      }
    }
    summary.comments += rows.length;
    post.comments.found += list.length;
    post.comments.toStore += rows.length;
    post.comments.placeholders += rows.filter((row) => row.html === null).length;
    post.comments.empty += list.length - rows.length;
    done += list.length;
    group.push({ post, rows });
    groupSize += rows.length;
    if (groupSize >= 2000) await flush();
    progress?.({ phase: 'comments', done, total: totalComments, posts: entriesPlaced(summary), comments: done });
  }
  await flush();
  await writing;
}
