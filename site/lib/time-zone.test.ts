import { describe, expect, it } from 'vitest';
import { defaultTimeZone, resolveTimeZone } from './time-zone.ts';

describe('the blog time zone (BLOG_TIME_ZONE)', () => {
  it('is Europe/London unless set', () => {
    expect(resolveTimeZone({})).toBe(defaultTimeZone);
    expect(resolveTimeZone({ BLOG_TIME_ZONE: ' ' })).toBe('Europe/London');
  });

  it('is any zone of the tz database', () => {
    expect(resolveTimeZone({ BLOG_TIME_ZONE: 'America/Chicago' })).toBe('America/Chicago');
    expect(resolveTimeZone({ BLOG_TIME_ZONE: ' Asia/Kolkata ' })).toBe('Asia/Kolkata');
  });

  it('refuses a zone that does not exist, saying what to write', () => {
    expect(() => resolveTimeZone({ BLOG_TIME_ZONE: 'Europe/Londn' })).toThrow(/BLOG_TIME_ZONE "Europe\/Londn" is not a time zone: use a name from the tz database, such as Europe\/London/);
  });
});
