// "I'm on it": a moderator claims an item of the queue for a few minutes. The others see who has
// it, and must confirm to act on it anyway (their form says so, or the server refuses with
// `claimed`); the claim ends by itself, or when its holder lets it go or decides the item.
import type { Database } from '../api/db/database.ts';
import type { WriteQueue } from '../api/db/write-queue.ts';
import { ApiError } from '../api/errors.ts';
import type { Actor } from './queue.ts';

/** How long a claim lasts: long enough to read a thread and decide, short enough to be forgotten. */
export const claimMs = 10 * 60_000;

export interface Claim {
  item: string;
  accountId: number;
  accountName: string;
  claimedAt: number;
  expiresAt: number;
}

/** An item's key: a comment (held, reported or removed) or a removal request. */
export function itemKey(kind: 'comment' | 'request', id: number | string): string {
  return `${kind}:${id}`;
}

const itemPattern = /^(comment:[1-9][0-9]{0,15}|request:[A-Za-z0-9_-]{1,64})$/;

export function parseItem(value: unknown): string {
  if (typeof value !== 'string' || !itemPattern.test(value)) throw new ApiError('validation_failed', 'Name the item: comment:<id> or request:<id>.', { field: 'item' });
  return value;
}

/** Claims the item for `claimMs`, unless someone else holds a live claim on it: then says who. */
export async function claim(writes: WriteQueue, item: string, actor: Actor & { id: number }, now: number): Promise<Claim> {
  const [result] = await writes.write([
    {
      sql: `INSERT INTO claims (item, account_id, account_name, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (item) DO UPDATE SET account_id = excluded.account_id, account_name = excluded.account_name, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
            WHERE claims.account_id = excluded.account_id OR claims.expires_at <= ?
            RETURNING item`,
      args: [item, actor.id, actor.name, now, now + claimMs, now],
    },
  ]);
  if (!result?.rows[0]) throw new ApiError('claimed', 'Someone else is on this item: the list shows who.');
  return { item, accountId: actor.id, accountName: actor.name, claimedAt: now, expiresAt: now + claimMs };
}

/** Lets one's own claim go (another's stays). */
export async function release(writes: WriteQueue, item: string, accountId: number): Promise<void> {
  await writes.write([{ sql: 'DELETE FROM claims WHERE item = ? AND account_id = ?', args: [item, accountId] }]);
}

/** Every live claim, by item. */
export async function liveClaims(db: Database, now: number): Promise<Map<string, Claim>> {
  const rows = (await db.execute({ sql: 'SELECT item, account_id, account_name, claimed_at, expires_at FROM claims WHERE expires_at > ?', args: [now] })).rows;
  return new Map(
    rows.map((row) => [
      String(row['item']),
      { item: String(row['item']), accountId: Number(row['account_id']), accountName: String(row['account_name']), claimedAt: Number(row['claimed_at']), expiresAt: Number(row['expires_at']) },
    ]),
  );
}

/**
 * Before acting on an item: refuses (409 `claimed`) when another moderator holds a live claim on
 * it and the actor has not confirmed acting anyway. Acting ends any claim on it.
 */
export async function guardClaim(db: Database, item: string, actor: Actor, now: number, confirmed: boolean): Promise<void> {
  const row = (await db.execute({ sql: 'SELECT account_id, account_name FROM claims WHERE item = ? AND expires_at > ?', args: [item, now] })).rows[0];
  if (row && Number(row['account_id']) !== actor.id && !confirmed) {
    throw new ApiError('claimed', `${String(row['account_name'])} is on this item: confirm to act on it anyway.`);
  }
}

/** Ends the claims on items that have been decided. */
export async function endClaims(writes: WriteQueue, items: readonly string[]): Promise<void> {
  if (items.length === 0) return;
  await writes.write([{ sql: `DELETE FROM claims WHERE item IN (${items.map(() => '?').join(', ')})`, args: [...items] }]);
}
