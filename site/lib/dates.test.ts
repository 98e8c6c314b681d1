import { describe, expect, it } from 'vitest';
import { formatLongDate, formatMonth, zonedDate } from './dates.ts';

describe('formatLongDate', () => {
  it.each([
    ['2021-02-04T09:30:00Z', 'Europe/London', 'Thursday, 4 February 2021'],
    // Summer time: 23:30 UTC on 30 June is already 1 July in London.
    ['2021-06-30T23:30:00Z', 'Europe/London', 'Thursday, 1 July 2021'],
    ['2021-12-31T23:59:00Z', 'Europe/London', 'Friday, 31 December 2021'],
    ['2021-12-31T23:59:00Z', 'Pacific/Auckland', 'Saturday, 1 January 2022'],
    ['2020-02-29T12:00:00Z', 'UTC', 'Saturday, 29 February 2020'],
  ])('%s in %s is %s', (iso, zone, expected) => {
    expect(formatLongDate(new Date(iso), zone)).toBe(expected);
  });
});

describe('zonedDate', () => {
  it('gives the calendar parts in the zone', () => {
    expect(zonedDate(new Date('2014-04-20T12:58:00Z'), 'Europe/London')).toMatchObject({ year: 2014, month: 4, day: 20, hour: 13, minute: 58 });
  });
  it('uses a 24-hour clock at midnight', () => {
    expect(zonedDate(new Date('2021-01-01T00:05:00Z'), 'UTC')).toMatchObject({ hour: 0, minute: 5 });
  });
});

describe('formatMonth', () => {
  it.each([
    [2021, 2, 'February 2021'],
    [1999, 12, 'December 1999'],
  ])('%i-%i', (year, month, expected) => expect(formatMonth(year, month)).toBe(expected));
});
