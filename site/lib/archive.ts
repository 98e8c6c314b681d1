// The archive: posts grouped by year and month in the blog's time zone, newest first, with counts.
import { formatMonth, zonedDate } from './dates.ts';

export interface ArchiveMonth<T> {
  year: number;
  month: number;
  name: string;
  posts: T[];
}

export interface ArchiveYear<T> {
  year: number;
  count: number;
  months: ArchiveMonth<T>[];
}

export function archiveTree<T extends { published: Date }>(posts: readonly T[], timeZone: string, locale = 'en-GB'): ArchiveYear<T>[] {
  const years = new Map<number, Map<number, T[]>>();
  for (const post of posts) {
    const { year, month } = zonedDate(post.published, timeZone, locale);
    const months = years.get(year) ?? new Map<number, T[]>();
    const list = months.get(month) ?? [];
    list.push(post);
    months.set(month, list);
    years.set(year, months);
  }
  const newestFirst = (a: T, b: T) => b.published.getTime() - a.published.getTime();
  return [...years]
    .sort(([a], [b]) => b - a)
    .map(([year, months]) => {
      const monthList = [...months]
        .sort(([a], [b]) => b - a)
        .map(([month, list]) => ({ year, month, name: formatMonth(year, month, locale), posts: list.sort(newestFirst) }));
      return { year, count: monthList.reduce((n, m) => n + m.posts.length, 0), months: monthList };
    });
}
