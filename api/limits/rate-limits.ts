// Rate limits, for the comment board and for sign-in alike: counters in the rate_limits table, each
// ending at its window's end on the clock and never after its UTC day. A limited insert carries its
// limits into its own write: it happens only while every limit has room, and the counters tick in
// the same transaction only if it did. A request refused for any reason, or aimed at a comment that
// does not exist, counts nothing: a colleague behind the same address cannot probe the counters
// with requests that change nothing, to learn how many comments the address sent today.
import type { InStatement, InValue } from '@libsql/client';
import type { Database } from '../db/database.ts';
import type { PlainRow, WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';

const dayMs = 86_400_000;

/**
 * The end of the fixed window of `windowMs` that holds `now`, on the clock (a minute's ends on the
 * minute, an hour's on the hour, a day's at the end of the UTC day), and never later than the end of
 * the UTC day: an expiry says nothing finer about when the counting began, and no counter outlives
 * its day.
 */
export function windowEnd(now: number, windowMs: number): number {
  const end = (Math.floor(now / windowMs) + 1) * windowMs;
  return Math.min(end, (Math.floor(now / dayMs) + 1) * dayMs);
}

export interface Limit {
  key: string;
  limit: number;
  windowMs: number;
  /**
   * When the counter ends, for a key that links to no address (a form token's use): kept as given,
   * beyond the day. Otherwise the window's end on the clock (windowEnd), within the UTC day.
   */
  expiresAt?: number;
  /** What a request this limit holds back is told (429, with the seconds to wait)… */
  message: string;
  /** …unless it is refused otherwise (a form token's single use). */
  refusal?: ApiError;
}

/** A condition for an insert's WHERE: every limit has room for one more. */
export interface Within {
  sql: string;
  args: InValue[];
}

export function withinLimits(limits: readonly Limit[], now: number): Within {
  if (limits.length === 0) return { sql: '1', args: [] };
  return {
    sql: limits.map(() => 'NOT EXISTS (SELECT 1 FROM rate_limits WHERE key = ? AND expires_at > ? AND count >= ?)').join(' AND '),
    args: limits.flatMap((limit) => [limit.key, now, limit.limit]),
  };
}

/**
 * One more on a counter, a fresh one when its window has ended: every counter is written by this
 * statement. `ifChanged`: only if the statement just before it changed a row.
 */
function countStatement(key: string, expiresAt: number, now: number, ifChanged = false): InStatement {
  return {
    sql: `INSERT INTO rate_limits (key, count, expires_at) ${ifChanged ? 'SELECT ?, 1, ? WHERE changes() > 0' : 'VALUES (?, 1, ?)'}
          ON CONFLICT (key) DO UPDATE SET
            count = CASE WHEN expires_at <= ? THEN 1 ELSE count + 1 END,
            expires_at = CASE WHEN expires_at <= ? THEN excluded.expires_at ELSE expires_at END
          RETURNING count, expires_at`,
    args: [key, expiresAt, now, now],
  };
}

/** When a limit's counter ends: the window's end on the clock, never the request's own time plus the window. */
const expiryOf = (limit: Pick<Limit, 'windowMs' | 'expiresAt'>, now: number) => limit.expiresAt ?? windowEnd(now, limit.windowMs);

/**
 * One more against each limit, each only if the statement just before it changed a row: put them
 * right after the insert they limit. Each changes one row in turn, so the chain holds.
 */
export function countIfChanged(limits: readonly Limit[], now: number): InStatement[] {
  return limits.map((limit) => countStatement(limit.key, expiryOf(limit, now), now, true));
}

export interface LimitHit {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * Counts one more event against each limit, whatever else happens (sign-in attempts, refused
 * comments), atomically and in one write shared by every process. Returns, for each, the seconds
 * to wait when it is exceeded.
 */
export async function hitLimits(writes: WriteQueue, hits: readonly LimitHit[], now: number): Promise<(number | undefined)[]> {
  const results = await writes.write(hits.map((hit) => countStatement(hit.key, expiryOf(hit, now), now)));
  return hits.map((hit, i) => {
    const row = results[i]!.rows[0]!;
    return Number(row['count']) > hit.limit ? Math.max(1, Math.ceil((Number(row['expires_at']) - now) / 1000)) : undefined;
  });
}

/** Reads the limits' counters (put it before the insert, in the same write, to learn what held it back). */
function readCounters(limits: readonly Limit[], now: number): { sql: string; args: InValue[] } {
  return { sql: `SELECT key, count, expires_at FROM rate_limits WHERE expires_at > ? AND key IN (${limits.map(() => '?').join(', ')})`, args: [now, ...limits.map((l) => l.key)] };
}

/** The refusal for the first limit without room, from the counters read; undefined if all have room. */
function refusalFrom(limits: readonly Limit[], counters: readonly PlainRow[], now: number): ApiError | undefined {
  const byKey = new Map(counters.map((row) => [String(row['key']), row]));
  for (const limit of limits) {
    const row = byKey.get(limit.key);
    if (!row || Number(row['count']) < limit.limit) continue;
    return limit.refusal ?? new ApiError('rate_limited', limit.message, { retryAfter: Math.max(1, Math.ceil((Number(row['expires_at']) - now) / 1000)) });
  }
  return undefined;
}

/**
 * Writes an insert limited by `limits` (its WHERE holding withinLimits) and what follows it (the
 * counters first: see countIfChanged), in one transaction. Returns the inserted row; when nothing
 * was inserted, throws the refusal of the first limit without room, or else `otherwise()`.
 */
export async function limitedWrite(writes: WriteQueue, limits: readonly Limit[], now: number, statements: InStatement[], otherwise: () => ApiError): Promise<PlainRow> {
  if (limits.length === 0) {
    const [inserted] = await writes.write(statements);
    const row = inserted?.rows[0];
    if (!row) throw otherwise();
    return row;
  }
  const [counters, inserted] = await writes.write([readCounters(limits, now), ...statements]);
  const row = inserted?.rows[0];
  if (!row) throw refusalFrom(limits, counters?.rows ?? [], now) ?? otherwise();
  return row;
}

/** Refuses, before any work, a request that a limit would hold back anyway. Reads; counts nothing. */
export async function refuseIfLimited(db: Database, limits: readonly Limit[], now: number): Promise<void> {
  if (limits.length === 0) return;
  const counters = (await db.execute(readCounters(limits, now))).rows as unknown as PlainRow[];
  const refusal = refusalFrom(limits, counters, now);
  if (refusal) throw refusal;
}

/**
 * Deletes the counters that have expired, and any an earlier version let outlive its day (but the
 * record of a form token's use, whose key is random and links to no address, which lasts as long
 * as the token). Run at each day's end, with what else the day forgets.
 */
export function pruneLimits(now: number): InStatement {
  const tomorrow = (Math.floor(now / dayMs) + 1) * dayMs;
  return { sql: "DELETE FROM rate_limits WHERE expires_at <= ? OR (expires_at > ? AND key NOT LIKE 'form-used:%')", args: [now, tomorrow] };
}

/** Deletes every counter: for a backup's copy, which must carry none. */
export const forgetLimits = (): InStatement => 'DELETE FROM rate_limits';
