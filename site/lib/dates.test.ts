import { describe, expect, it } from 'vitest';
import { commentTime, formatLongDate, formatMonth, zonedDate } from './dates.ts';

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

describe('commentTime', () => {
  it.each([
    ['2014-04-20T12:58:00Z', 'Europe/London', '20 April 2014 13:58'],
    // Midnight is 00, never 24; single-digit days are not padded, hours and minutes are.
    ['2021-02-03T23:05:00Z', 'Europe/London', '3 February 2021 23:05'],
    ['2021-02-04T00:07:00Z', 'UTC', '4 February 2021 00:07'],
    ['2021-12-31T23:59:00Z', 'Pacific/Auckland', '1 January 2022 12:59'],
  ])('%s in %s is %s', (iso, zone, expected) => {
    expect(commentTime(iso, zone)).toBe(expected);
  });
});

describe('minutes on the blog’s clocks', () => {
  it('turns a wall-clock minute into the instant it names, across clock changes', async () => {
    const { zonedInstant, localMinute } = await import('./dates.ts');
    expect(zonedInstant('2026-01-15T09:30', 'Europe/London')?.toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(zonedInstant('2026-07-15T09:30', 'Europe/London')?.toISOString()).toBe('2026-07-15T08:30:00.000Z');
    expect(zonedInstant('2026-07-15T09:30', 'America/New_York')?.toISOString()).toBe('2026-07-15T13:30:00.000Z');
    expect(zonedInstant('2026-02-30T09:30', 'Europe/London')).toBeUndefined();
    expect(zonedInstant('tomorrow', 'Europe/London')).toBeUndefined();
    expect(localMinute(new Date('2026-07-15T08:30:00Z'), 'Europe/London')).toBe('2026-07-15T09:30');
    for (const local of ['2026-03-29T00:30', '2026-03-29T02:30', '2026-10-25T01:30', '2026-12-31T23:59']) {
      const instant = zonedInstant(local, 'Europe/London')!;
      expect(instant).toBeDefined();
      if (local !== '2026-03-29T01:30') expect([local, '2026-03-29T03:30']).toContain(localMinute(instant, 'Europe/London'));
    }
  });
});
