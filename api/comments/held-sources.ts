// Sources moderators hold or refuse until the day ends, known by the day's tag only. A held
// source's new comments wait for a moderator and its reports count toward hiding nothing; a refused
// source's comments and reports are not taken. The tag means nothing tomorrow, and the rows go
// with the day (day-end.ts): no hold outlives the day it was made on.
import type { InStatement } from '@libsql/client';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import { sourceTag } from '../privacy/source-tag.ts';
import type { SourceHasher } from '../privacy/source.ts';
import type { Audit } from './decisions.ts';

export type SourceAction = 'hold' | 'refuse';

/** Why a comment from a held source waits, as the held queue shows it. */
export const heldSourceReason = 'Its source was held by a moderator for the rest of the day';

const dayMs = 86_400_000;

/** The end of the UTC day `now` falls in: when the day's salt, and so every tag of the day, is forgotten. */
export const endOfDay = (now: number): number => (Math.floor(now / dayMs) + 1) * dayMs;

export interface HeldSource {
  id: string;
  tag: string;
  action: SourceAction;
  until: number;
}

/** The request's source today: its tag, and whether moderators hold or refuse it (one indexed read). */
export async function sourceStanding(db: Database, sources: SourceHasher, address: string, now: number): Promise<{ tag: string; action: SourceAction | undefined }> {
  const tag = sourceTag(sources, address);
  const row = (await db.execute({ sql: 'SELECT action FROM held_sources WHERE tag = ? AND until > ?', args: [tag, now] })).rows[0];
  return { tag, action: row ? (String(row['action']) as SourceAction) : undefined };
}

/** A refused source's comment or report: nothing is stored, and the sender is told until when. */
export function sourcePaused(what: 'comments' | 'reports'): ApiError {
  return new ApiError('source_paused', `The moderators have paused ${what} from your connection until the end of the day (midnight UTC). Nothing was stored.`);
}

/** The sources held or refused now. */
export async function heldSources(db: Database, now: number): Promise<HeldSource[]> {
  const rows = (await db.execute({ sql: 'SELECT id, tag, action, until FROM held_sources WHERE until > ? ORDER BY created_at', args: [now] })).rows;
  return rows.map((row) => ({ id: String(row['id']), tag: String(row['tag']), action: String(row['action']) as SourceAction, until: Number(row['until']) }));
}

/**
 * Holds or refuses a source until the day ends (a held one may be refused, and the other way), or
 * lifts it: one write with its audit record, which names the hold by its own id, never the tag,
 * and says how many queue items had come from the source (`items`).
 */
export async function setSourceAction(db: Database, writes: WriteQueue, input: { tag: string; action: SourceAction | 'lift'; items: number; now: number; audit: Audit }): Promise<void> {
  const { tag, action, items, now } = input;
  const current = (await heldSources(db, now)).find((held) => held.tag === tag);
  if (action === 'lift') {
    if (!current) throw new ApiError('state_changed', 'This source is no longer held or refused.');
    await writes.write([{ sql: 'DELETE FROM held_sources WHERE id = ?', args: [current.id] }, input.audit({ action: 'source.lift', targetType: 'source', targetId: current.id, detail: { items, was: current.action } })], { erases: true });
    return;
  }
  const id = current?.id ?? randomBytes(9).toString('base64url');
  const statements: InStatement[] = [
    {
      // A row left from an earlier day (the day's end has not run yet) is replaced whole, its id too.
      sql: `INSERT INTO held_sources (id, tag, action, until, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tag) DO UPDATE SET id = excluded.id, action = excluded.action, until = excluded.until,
              created_at = CASE WHEN held_sources.until > ? THEN held_sources.created_at ELSE excluded.created_at END`,
      args: [id, tag, action, endOfDay(now), now, now],
    },
    input.audit({ action: `source.${action}`, targetType: 'source', targetId: id, detail: { items } }),
  ];
  await writes.write(statements);
}

/** Forgets the holds that are over, or every hold (a backup's copy carries none). */
export function forgetHeldSources(now?: number): InStatement {
  return now === undefined ? 'DELETE FROM held_sources' : { sql: 'DELETE FROM held_sources WHERE until <= ?', args: [now] };
}
