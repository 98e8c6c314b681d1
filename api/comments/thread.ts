// Builds a public thread from flat rows: display order (a parent before its replies, oldest first
// among siblings), Blogger-style numbers ("2", "2.1"), capped depth, placeholders without text.
import { localMinute } from '../../site/lib/dates.ts';
import { visibleStatuses, type PublicComment, type StoredComment } from './types.ts';

export const anonymousName = 'Anonymous';

/** Comments are timed to the minute: finer times would let a proxy's log be matched to one. */
const commentTimeStepMs = 60_000;

export function toMinute(ms: number): number {
  return Math.floor(ms / commentTimeStepMs) * commentTimeStepMs;
}

/** A comment's time as the public sees it (JSON, pages, feeds): "2026-11-26T10:17:00Z". */
export function publicTime(ms: number): string {
  return new Date(toMinute(ms)).toISOString().replace(/\.000Z$/, 'Z');
}

/** What the public may see of one comment in its place in the thread. */
function toPublic(comment: StoredComment, number: string, depth: number, timeZone: string): PublicComment {
  const status = comment.status as PublicComment['status'];
  const shown = status === 'published';
  return {
    id: comment.id,
    parentId: comment.parentId,
    depth,
    number,
    author: shown ? { name: comment.authorName ?? anonymousName, kind: comment.authorKind } : null,
    html: shown ? comment.bodyHtml : null,
    createdAt: publicTime(comment.createdAt),
    localTime: localMinute(new Date(toMinute(comment.createdAt)), timeZone),
    status,
    ...(shown && comment.editedAt !== null ? { edited: true as const } : {}),
    ...(shown && comment.redactedAt !== null ? { editedByModerator: true as const } : {}),
  };
}

export interface ThreadOptions {
  maxDepth: number;
  /** The blog's clocks, which each comment's local time is read on. */
  timeZone: string;
}

export function buildThread(rows: readonly StoredComment[], options: ThreadOptions): PublicComment[] {
  const visible = rows.filter((row) => visibleStatuses.includes(row.status));
  const ids = new Set(visible.map((row) => row.id));
  const children = new Map<number | null, StoredComment[]>();
  for (const row of visible) {
    // A reply whose parent is not shown (it cannot normally happen) joins the top level.
    const parent = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(row);
    children.set(parent, list);
  }
  const byAge = (a: StoredComment, b: StoredComment) => a.createdAt - b.createdAt || a.id - b.id;
  const thread: PublicComment[] = [];
  const walk = (parent: number | null, prefix: string, depth: number) => {
    const siblings = (children.get(parent) ?? []).sort(byAge);
    siblings.forEach((row, i) => {
      const number = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      thread.push(toPublic(row, number, Math.min(depth, options.maxDepth), options.timeZone));
      walk(row.id, number, depth + 1);
    });
  };
  walk(null, '', 0);
  return thread;
}
