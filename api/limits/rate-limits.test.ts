// Rate-limit counters on a real libSQL file: windows on the clock, within the UTC day.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import { hitLimits, pruneLimits, windowEnd } from './rate-limits.ts';

const minute = 60_000;
const hour = 3_600_000;
const day = 86_400_000;
const database = useTempDatabase('rate-limits');

describe('windowEnd', () => {
  const at = Date.UTC(2026, 10, 26, 10, 17, 23, 456);
  it.each([
    ['a minute ends on the minute', minute, Date.UTC(2026, 10, 26, 10, 18)],
    ['an hour on the hour', hour, Date.UTC(2026, 10, 26, 11)],
    ['five minutes on a multiple of five', 5 * minute, Date.UTC(2026, 10, 26, 10, 20)],
    ['a day at the end of the UTC day', day, Date.UTC(2026, 10, 27)],
  ])('%s', (_, windowMs, end) => expect(windowEnd(at, windowMs)).toBe(end));

  it('never runs past the end of the UTC day', () => {
    expect(windowEnd(Date.UTC(2026, 10, 26, 23, 58), 7 * minute)).toBe(Date.UTC(2026, 10, 27));
    expect(windowEnd(Date.UTC(2026, 10, 26, 23, 59, 59, 999), minute)).toBe(Date.UTC(2026, 10, 27));
  });
});

describe('hitLimits', () => {
  const at = Date.UTC(2026, 10, 26, 10, 17, 23, 456);

  it('stores each counter’s expiry at the end of its window on the clock, never at a request’s own time', async () => {
    await hitLimits(
      database.writes,
      [
        { key: 'window-minute', limit: 2, windowMs: 60_000 },
        { key: 'window-hour', limit: 2, windowMs: 3_600_000 },
        { key: 'window-day', limit: 2, windowMs: 86_400_000 },
      ],
      at,
    );
    const stored = await database.db.execute("SELECT key, expires_at FROM rate_limits WHERE key LIKE 'window-%' ORDER BY key");
    expect(Object.fromEntries(stored.rows.map((row) => [row['key'], Number(row['expires_at'])]))).toEqual({
      'window-minute': Date.UTC(2026, 10, 26, 10, 18),
      'window-hour': Date.UTC(2026, 10, 26, 11),
      'window-day': Date.UTC(2026, 10, 27),
    });
  });

  it('refuses past the limit until the window ends, then counts afresh', async () => {
    const hit = (now: number) => hitLimits(database.writes, [{ key: 'window-refused', limit: 1, windowMs: 60_000 }], now);
    expect(await hit(at)).toEqual([undefined]);
    expect(await hit(at + 1000)).toEqual([36]);
    expect(await hit(Date.UTC(2026, 10, 26, 10, 18))).toEqual([undefined]);
  });
});

describe('pruneLimits', () => {
  it('deletes expired counters and any that would outlive the day, but keeps a form token’s use', async () => {
    const now = Date.UTC(2026, 10, 28, 9);
    await database.writes.write([
      { sql: 'INSERT INTO rate_limits (key, count, expires_at) VALUES (?, 1, ?), (?, 1, ?), (?, 1, ?), (?, 1, ?)', args: ['prune-expired', now - 1, 'prune-today', now + hour, 'prune-beyond', now + 2 * day, 'form-used:prune', now + 2 * day] },
      pruneLimits(now),
    ]);
    const left = await database.db.execute("SELECT key FROM rate_limits WHERE key LIKE 'prune-%' OR key = 'form-used:prune' ORDER BY key");
    expect(left.rows.map((row) => row['key'])).toEqual(['form-used:prune', 'prune-today']);
  });
});
