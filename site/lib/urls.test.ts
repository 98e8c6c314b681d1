import { describe, expect, it } from 'vitest';
import { homePath, labelFeedPath, labelPath, monthPath, pagePath, postPath, yearPath } from './urls.ts';

describe('postPath', () => {
  it.each([
    ['2021-02-04T09:30:00Z', 'losing-the-plot', 'Europe/London', '/2021/02/losing-the-plot/'],
    // The month is the blog's, not UTC's.
    ['2021-06-30T23:30:00Z', 'late-night', 'Europe/London', '/2021/07/late-night/'],
    ['2021-06-30T23:30:00Z', 'late-night', 'UTC', '/2021/06/late-night/'],
    ['2009-11-01T00:00:00Z', 'first', 'Europe/London', '/2009/11/first/'],
  ])('%s %s (%s)', (iso, id, zone, expected) => {
    expect(postPath(new Date(iso), id, zone)).toBe(expected);
  });
});

describe('paged paths', () => {
  it.each([
    [labelPath('volunteers'), '/labels/volunteers/'],
    [labelPath('volunteers', 1), '/labels/volunteers/'],
    [labelPath('volunteers', 2), '/labels/volunteers/2/'],
    [labelPath('日本語'), '/labels/%E6%97%A5%E6%9C%AC%E8%AA%9E/'],
    [labelFeedPath('guest-posts'), '/labels/guest-posts/feed.xml'],
    [homePath(), '/'],
    [homePath(1), '/'],
    [homePath(3), '/page/3/'],
    [yearPath(2021), '/2021/'],
    [monthPath(2021, 2), '/2021/02/'],
    [pagePath('stylesheet'), '/p/stylesheet/'],
    [pagePath('über uns'), '/p/%C3%BCber%20uns/'],
  ])('%s', (actual, expected) => expect(actual).toBe(expected));
});
