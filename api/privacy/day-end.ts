// What could link a reader to an address lasts its day and no longer: at the end of each UTC day
// the reports' source keys of that day are cleared, its rate-limit counters deleted and (with
// SOURCE_SECRET) its nonce too, in the rows and in the file's bytes. A backup carries none of them.
import type { InStatement } from '@libsql/client';
import type { WriteQueue } from '../db/write-queue.ts';
import { deleteNonces } from './daily-salt.ts';

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

/** Forgets every source key, counter and nonce: for a backup's copy, which must carry none. */
export function forgetAllSources(options: { sourceKeysNullable: boolean }): InStatement[] {
  return [
    deleteNonces(Number.MAX_SAFE_INTEGER),
    'DELETE FROM rate_limits',
    // Schema versions before 4 cannot empty the column; without the nonce their keys link nothing.
    ...(options.sourceKeysNullable ? ['UPDATE reports SET source_key = NULL WHERE source_key IS NOT NULL'] : []),
  ];
}

/**
 * Forgets the days that are over (run every few minutes, so within minutes of a day's end), and
 * counters that have expired. On a database file the write-ahead log is emptied after it, so the
 * old copies go too.
 */
export async function forgetPastDays(writes: WriteQueue, now: number): Promise<void> {
  const today = Math.floor(now / dayMs);
  await writes.write(
    [
      { sql: 'UPDATE reports SET source_key = NULL WHERE source_key IS NOT NULL AND created_at < ?', args: [today * dayMs] },
      // Expired counters, and any an earlier version let outlive its day (but the record of a form
      // token's use, whose key is random and links to no address, which lasts as long as the token).
      { sql: "DELETE FROM rate_limits WHERE expires_at <= ? OR (expires_at > ? AND key NOT LIKE 'form-used:%')", args: [now, (today + 1) * dayMs] },
      deleteNonces(today),
    ],
    { erases: true },
  );
}
