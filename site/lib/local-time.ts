// Comment times as the thread shows them, from the minute the server gives each comment on the
// blog's clocks ("2026-12-01T10:46", PublicComment.localTime). Plain string work, no Intl: in the
// browser, making a time-zone formatter alone holds a phone's main thread for ~70 ms.

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  time: string;
}

function parts(local: string): LocalParts {
  const [date = '', time = ''] = local.split('T');
  const [year, month, day] = date.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 1, day: day ?? 1, time };
}

/** "1 December 2026 10:46". */
export function fullLocalTime(local: string): string {
  const p = parts(local);
  return `${p.day} ${months[p.month - 1]} ${p.year} ${p.time}`;
}

/**
 * As short as it can be and still say when: "10:46" today (how readers refer to each other),
 * "3 Dec 10:46" earlier this year, "3 Dec 2025 10:46" before. `today` is a minute of today on the
 * same clocks.
 */
export function compactLocalTime(local: string, today: string): string {
  const p = parts(local);
  const t = parts(today);
  if (local.slice(0, 10) === today.slice(0, 10)) return p.time;
  return `${p.day} ${months[p.month - 1]!.slice(0, 3)}${p.year === t.year ? '' : ` ${p.year}`} ${p.time}`;
}

/**
 * The minute now on the blog's clocks, as the comments' own times give their offset from UTC (the
 * newest comment's: near enough to tell today from yesterday).
 */
export function localNow(comments: readonly { createdAt: string; localTime: string }[], now = Date.now()): string {
  const newest = comments.reduce<{ createdAt: string; localTime: string } | undefined>((a, c) => (!a || c.createdAt > a.createdAt ? c : a), undefined);
  const offset = newest ? Date.parse(`${newest.localTime}:00Z`) - Date.parse(newest.createdAt) : 0;
  return new Date(now + offset).toISOString().slice(0, 16);
}
