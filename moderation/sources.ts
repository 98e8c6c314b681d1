// The queue by source: which of its items came from one source today, known by the day's tag and
// nothing more (api/privacy/source-tag.ts), and the sources moderators hold or refuse until the
// day ends. A tag on one item alone is never shown: it would tell a moderator nothing.
import type { Database } from '../api/db/database.ts';
import type { WriteQueue } from '../api/db/write-queue.ts';
import { ApiError } from '../api/errors.ts';
import { heldSources, setSourceAction, type HeldSource, type SourceAction } from '../api/comments/held-sources.ts';
import { auditStatement, type Actor } from './queue.ts';

const dayMs = 86_400_000;

/** The sources of a queue entry (a held comment, or a reported one), by their tags. */
export interface EntrySources {
  /** Its writer's (a held comment's, or one the word lists flagged). */
  writer: string | null;
  /** Its open reports' readers'. */
  reporters: string[];
}

export interface QueueSources {
  /** Every tag of the queue today, with the entries (comment ids) that carry it. */
  entries: ReadonlyMap<string, ReadonlySet<number>>;
  /** By entry, its tags that two or more entries share: the only ones shown. */
  shared: ReadonlyMap<number, EntrySources>;
  /** The sources held or refused now, by tag. */
  held: ReadonlyMap<string, HeldSource>;
}

/** The queue's sources today: items of an earlier day are left out (their tags mean nothing now). */
export async function queueSources(db: Database, now: number): Promise<QueueSources> {
  const since = Math.floor(now / dayMs) * dayMs;
  const rows = (
    await db.execute({
      sql: `SELECT c.id AS entry, c.source_tag AS tag, 'writer' AS role FROM comments c
            WHERE c.source_tag IS NOT NULL AND c.created_at >= ?
              AND (c.status = 'pending' OR EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id AND r.status = 'open'))
            UNION
            SELECT comment_id, source_tag, 'reporter' FROM reports WHERE source_tag IS NOT NULL AND created_at >= ? AND status = 'open'`,
      args: [since, since],
    })
  ).rows.map((row) => ({ entry: Number(row['entry']), tag: String(row['tag']), role: String(row['role']) }));
  const entries = new Map<string, Set<number>>();
  for (const { entry, tag } of rows) entries.set(tag, (entries.get(tag) ?? new Set()).add(entry));
  const shared = new Map<number, EntrySources>();
  for (const { entry, tag, role } of rows) {
    if (entries.get(tag)!.size < 2) continue;
    const sources = shared.get(entry) ?? { writer: null, reporters: [] };
    if (role === 'writer') sources.writer = tag;
    else if (!sources.reporters.includes(tag)) sources.reporters.push(tag);
    shared.set(entry, sources);
  }
  return { entries, shared, held: new Map((await heldSources(db, now)).map((source) => [source.tag, source])) };
}

/**
 * Holds or refuses a source until the day ends, or lifts that. Only a source with items in the
 * queue today (or one held already) can be held: its tag is one a moderator was shown. The audit
 * record says how many items had come from it, never its tag.
 */
export async function actOnSource(db: Database, writes: WriteQueue, input: { tag: string; action: SourceAction | 'lift'; actor: Actor; now: number }): Promise<{ items: number }> {
  const { tag, action, actor, now } = input;
  const sources = await queueSources(db, now);
  const items = sources.entries.get(tag)?.size ?? 0;
  if (action !== 'lift' && items === 0 && !sources.held.has(tag)) throw new ApiError('not_found', 'Nothing in the queue came from this source today.');
  await setSourceAction(db, writes, { tag, action, items, now, audit: (fact) => auditStatement(actor, fact, now) });
  return { items };
}
