import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

describe('the server environment', () => {
  it('carries the blog time zone to the comment pages, moderation and the build', () => {
    expect(parseEnv({}).timeZone).toBe('Europe/London');
    expect(parseEnv({ BLOG_TIME_ZONE: 'America/Chicago' }).timeZone).toBe('America/Chicago');
  });

  it('refuses a time zone that does not exist before anything starts', () => {
    expect(() => parseEnv({ BLOG_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/BLOG_TIME_ZONE: not a time zone/);
  });

  it('runs the clock ahead only when asked, and never behind', () => {
    expect(parseEnv({}).clock).toBe(Date.now);
    const ahead = parseEnv({ BEFRIEND_CLOCK_AHEAD: '150' }).clock() - Date.now();
    expect(ahead).toBeGreaterThanOrEqual(149_000);
    expect(ahead).toBeLessThanOrEqual(151_000);
    expect(() => parseEnv({ BEFRIEND_CLOCK_AHEAD: '-5' })).toThrow(/BEFRIEND_CLOCK_AHEAD/);
  });
});
