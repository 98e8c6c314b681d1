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
