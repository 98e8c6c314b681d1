// Each post and page of an import as its report lists them: where it was, where it is now, and
// its comments counted in the database once they are stored, so the report shows what arrived
// rather than what was meant to.
import type { Database } from '../../api/db/database.ts';
import { defaultTimeZone } from '../../site/lib/time-zone.ts';
import { pagePath, postPath } from '../../site/lib/urls.ts';
import type { EntryReport, ImportSummary, PostRecord } from './run.ts';

/** Comments from Blogger (keyed by their Blogger id) in the database, by post. */
export async function importedCommentCounts(db: Database, postIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < postIds.length; i += 500) {
    const chunk = postIds.slice(i, i + 500);
    const found = await db.execute({
      sql: `SELECT post_id, count(*) AS n FROM comments WHERE source_id LIKE 'blogger:%' AND post_id IN (${chunk.map(() => '?').join(',')}) GROUP BY post_id`,
      args: [...chunk],
    });
    for (const row of found.rows) counts.set(String(row['post_id']), Number(row['n']));
  }
  return counts;
}

/** Items naming a post or page by id, grouped by it. */
function byPost<T extends { post: string }, V>(items: readonly T[], pick: (item: T) => V): Map<string, V[]> {
  const by = new Map<string, V[]>();
  for (const item of items) {
    const list = by.get(item.post) ?? [];
    list.push(pick(item));
    by.set(item.post, list);
  }
  return by;
}

/** The imported posts and pages (not those skipped); counted when `inDatabase` is given. */
export function entryReports(
  posts: Iterable<PostRecord>,
  summary: Pick<ImportSummary, 'links' | 'repaired' | 'jumpBreaks'>,
  inDatabase: ReadonlyMap<string, number> | undefined,
  timeZone = defaultTimeZone,
): EntryReport[] {
  const entries: EntryReport[] = [];
  // What the last pass over the bodies did (finish-bodies.ts), by post or page id.
  const kept = byPost(summary.links.kept, (link) => link.href);
  const repaired = byPost(summary.repaired, (repair) => repair.what);
  const jumpBreaks = new Set(summary.jumpBreaks);
  for (const post of posts) {
    if (post.skipped) continue;
    const newUrl = post.draft ? undefined : post.kind === 'post' ? postPath(new Date(post.published), post.id, timeZone) : pagePath(post.id);
    entries.push({
      number: post.number,
      kind: post.kind,
      id: post.id,
      title: post.title,
      draft: post.draft,
      published: new Date(post.published).toISOString(),
      oldUrl: post.oldUrl,
      newUrl,
      file: post.file,
      comments: {
        found: post.comments.found,
        expected: post.comments.toStore,
        placeholders: post.comments.placeholders,
        empty: post.comments.empty,
        inDatabase: inDatabase ? (inDatabase.get(post.id) ?? 0) : undefined,
      },
      images: { local: post.images?.local ?? 0, failed: post.images?.failed ?? [] },
      links: { rewritten: summary.links.perPost[post.id] ?? 0, kept: kept.get(post.id) ?? [] },
      repaired: repaired.get(post.id) ?? [],
      jumpBreak: jumpBreaks.has(post.id),
      notes: post.notes,
    });
  }
  // Posts, then pages; each oldest first, as the blog's archive lists them.
  return entries.sort((a, b) => b.kind.localeCompare(a.kind) || a.published.localeCompare(b.published) || a.id.localeCompare(b.id));
}

/** Comments that should be in the database and are not (none in a dry run). */
export const missingComments = (entry: EntryReport) => (entry.comments.inDatabase === undefined ? 0 : Math.max(0, entry.comments.expected - entry.comments.inDatabase));

/** Something in this post or page for the editor to read: comments missing, pictures not fetched, notes. */
export const needsALook = (entry: EntryReport) => missingComments(entry) > 0 || entry.images.failed.length > 0 || entry.notes.length > 0;
