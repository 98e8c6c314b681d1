// Dates as readers of this kind of blog see them: in the blog's time zone, "Thursday, 4 February 2021".

export interface ZonedDate {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: string;
  monthName: string;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, locale: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'long',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
}

const monthNumbers = new Map<string, Map<string, number>>();

function monthNumber(locale: string, monthName: string): number {
  let names = monthNumbers.get(locale);
  if (!names) {
    const f = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
    names = new Map(Array.from({ length: 12 }, (_, i) => [f.format(Date.UTC(2000, i, 15)), i + 1]));
    monthNumbers.set(locale, names);
  }
  const n = names.get(monthName);
  if (n === undefined) throw new Error(`Unknown month name "${monthName}" for locale ${locale}`);
  return n;
}

/** The calendar parts of an instant as seen in a time zone. */
export function zonedDate(date: Date, timeZone: string, locale = 'en-GB'): ZonedDate {
  const parts = Object.fromEntries(
    formatter(timeZone, locale)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const monthName = parts['month'] ?? '';
  return {
    year: Number(parts['year']),
    month: monthNumber(locale, monthName),
    day: Number(parts['day']),
    weekday: parts['weekday'] ?? '',
    monthName,
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
  };
}

const longDates = new Map<string, string>();

/** "Thursday, 4 February 2021" (each post's date is shown on many pages: formatted once) */
export function formatLongDate(date: Date, timeZone: string, locale = 'en-GB'): string {
  const key = `${date.getTime()}|${timeZone}|${locale}`;
  let text = longDates.get(key);
  if (text === undefined) {
    const d = zonedDate(date, timeZone, locale);
    text = `${d.weekday}, ${d.day} ${d.monthName} ${d.year}`;
    longDates.set(key, text);
  }
  return text;
}

/** "February 2021" */
export function formatMonth(year: number, month: number, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, 15),
  );
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "20 April 2014 13:58", in the blog's time zone: the way readers refer to each other's comments. */
export function commentTime(iso: string, timeZone: string): string {
  const d = zonedDate(new Date(iso), timeZone);
  return `${d.day} ${d.monthName} ${d.year} ${pad2(d.hour)}:${pad2(d.minute)}`;
}

/** "2026-12-06T21:30": an instant's minute on the clocks of a time zone (for a datetime-local field). */
export function localMinute(date: Date, timeZone: string): string {
  const d = zonedDate(date, timeZone);
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}T${pad2(d.hour % 24)}:${pad2(d.minute)}`;
}

/**
 * The instant a wall-clock minute ("2026-12-06T21:30") names in a time zone, or undefined if the
 * text is not one. A minute skipped by a clock change is read with the offset before the change.
 */
export function zonedInstant(local: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return undefined;
  // Guess with the zone's offset at that instant, then once more with the offset at the guess.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const seen = zonedDate(new Date(guess), timeZone);
    const seenUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour % 24, seen.minute);
    guess += asUtc - seenUtc;
  }
  return new Date(guess);
}
