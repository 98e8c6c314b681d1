// Limits that count only what was accepted. A comment, report or removal request carries its limits
// into its own write: its insert happens only while every limit has room, and the counters tick in
// the same transaction only if it did. A request refused for any reason, or aimed at a comment that
// does not exist, counts nothing: a colleague behind the same address cannot probe the counters
// with requests that change nothing, to learn how many comments the address sent today.
import { createHash } from 'node:crypto';
import type { InStatement, InValue } from '@libsql/client';
import type { Database } from '../db/database.ts';
import type { PlainRow, WriteQueue } from '../db/write-queue.ts';
import { ApiError } from '../errors.ts';
import { windowEnd } from '../privacy/day-end.ts';
import type { SourceHasher } from '../privacy/source.ts';
import type { Settings } from '../settings.ts';
import { checkFormToken, formTokenUse } from './form-token.ts';

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
export function withinLimits(limits: readonly Limit[], now: number): { sql: string; args: InValue[] } {
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
export function readCounters(limits: readonly Limit[], now: number): { sql: string; args: InValue[] } {
  return { sql: `SELECT key, count, expires_at FROM rate_limits WHERE expires_at > ? AND key IN (${limits.map(() => '?').join(', ')})`, args: [now, ...limits.map((l) => l.key)] };
}

/** The refusal for the first limit without room, from the counters read; undefined if all have room. */
export function refusalFrom(limits: readonly Limit[], counters: readonly PlainRow[], now: number): ApiError | undefined {
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

// ---------------------------------------------------------------------------------------------
// The board's limits on readers.

/** Refused comments a source may send in an hour: each staff name tried, each body refused. */
export const refusalsPerHour = 10;

/**
 * A source's limits on comments, and the form token's single use (a token is good for one comment,
 * on any process sharing the database). Throws for a form token that is missing, forged, expired
 * or sent sooner than a person could write.
 */
export function commentLimits(sources: SourceHasher, source: string, input: { body: string; formToken?: string | undefined }, postId: string, settings: Settings, formSecret: string, now: number): Limit[] {
  const check = checkFormToken(formSecret, input.formToken, now, settings.minFormSeconds);
  if (!check.ok && check.reason === 'too_fast') throw new ApiError('too_fast', 'That was quick: wait a moment and send it again.', { retryAfter: check.retryAfter });
  if (!check.ok) throw new ApiError('validation_failed', 'This form has expired: reload the page and send your comment again.', { field: 'formToken' });
  const key = (purpose: string) => `${purpose}:${sources.key(source, purpose)}`;
  const limits: Limit[] = [
    { key: key('comment-minute'), limit: settings.commentsPerMinute, windowMs: 60_000, message: 'Too many comments in a minute: wait a little and try again.' },
    { key: key('comment-day'), limit: settings.commentsPerDay, windowMs: 86_400_000, message: 'You have reached today’s limit of comments.' },
  ];
  if (settings.duplicateWindowMinutes > 0) {
    // The same text on the same post from anyone, not from this source: a colleague behind the
    // same address who sends a comment they see on the thread learns nothing of where it came from.
    const bodyHash = createHash('sha256').update(input.body).digest('base64url');
    limits.push({ key: `duplicate:${sources.key('', `duplicate:${postId}:${bodyHash}`)}`, limit: 1, windowMs: settings.duplicateWindowMinutes * 60_000, message: 'The same comment was sent here a moment ago: look for it on the thread.' });
  }
  const use = formTokenUse(input.formToken!);
  limits.push({
    key: `form-used:${use.id}`,
    limit: 1,
    windowMs: use.keepUntil - now,
    expiresAt: use.keepUntil,
    message: '',
    refusal: new ApiError('validation_failed', 'This form has been sent already: look for your comment on the thread, or reload the page to write another.', { field: 'formToken' }),
  });
  return limits;
}

/** A source's budget of refused comments: what tries staff names or intricate bodies over and over. */
export function refusalLimit(sources: SourceHasher, source: string): Limit {
  return { key: `comment-refused:${sources.key(source, 'comment-refused')}`, limit: refusalsPerHour, windowMs: 3_600_000, message: 'Too many comments from this connection were refused in the last hour: wait a while before sending another.' };
}

/** The refusals that count against that budget (not the limits', nor a busy server's). */
export function countsAsRefused(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'reserved_name' || error.code === 'body_too_complex' || error.code === 'parent_not_visible');
}

export function reportLimit(sources: SourceHasher, source: string, settings: Settings): Limit {
  return { key: `report-day:${sources.key(source, 'report-day')}`, limit: settings.reportsPerDay, windowMs: 86_400_000, message: 'You have reached today’s limit of reports.' };
}

export function removalRequestLimit(sources: SourceHasher, source: string, settings: Settings): Limit {
  return { key: `removal-day:${sources.key(source, 'removal-day')}`, limit: settings.reportsPerDay, windowMs: 86_400_000, message: 'You have reached today’s limit of requests.' };
}
