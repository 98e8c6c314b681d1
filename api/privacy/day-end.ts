// What could link a reader to an address lasts its day and no longer: at the end of each UTC day
// the reports' source keys of that day are cleared, the queue items' source tags too, the holds on
// sources and the rate-limit counters deleted and (with SOURCE_SECRET) its nonce too, in the rows
// and in the file's bytes. A backup carries none of them.
import type { InStatement } from '@libsql/client';
import { forgetHeldSources } from '../comments/held-sources.ts';
import { forgetReportSources, forgetSourceTags } from '../comments/store.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { forgetLimits, pruneLimits } from '../limits/rate-limits.ts';
import { deleteNonces } from './daily-salt.ts';

const dayMs = 86_400_000;

/** Forgets every source key, tag, hold, counter and nonce: for a backup's copy, which must carry none. */
export function forgetAllSources(options: { sourceKeysNullable: boolean; sourceTags: boolean }): InStatement[] {
  return [
    deleteNonces(Number.MAX_SAFE_INTEGER),
    forgetLimits(),
    // Schema versions before 4 cannot empty the column; without the nonce their keys link nothing.
    ...(options.sourceKeysNullable ? [forgetReportSources()] : []),
    // Versions before 12 have no tags.
    ...(options.sourceTags ? [...forgetSourceTags(), forgetHeldSources()] : []),
  ];
}

/**
 * Forgets the days that are over (run every few minutes, so within minutes of a day's end), and
 * counters that have expired. On a database file the write-ahead log is emptied after it, so the
 * old copies go too.
 */
export async function forgetPastDays(writes: WriteQueue, now: number): Promise<void> {
  const today = Math.floor(now / dayMs);
  await writes.write([forgetReportSources(today * dayMs), ...forgetSourceTags(today * dayMs), forgetHeldSources(now), pruneLimits(now), deleteNonces(today)], { erases: true });
}
