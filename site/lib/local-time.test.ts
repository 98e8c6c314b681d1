import { describe, expect, it } from 'vitest';
import { compactLocalTime, fullLocalTime, localNow } from './local-time.ts';

describe('comment times on the blog’s clocks', () => {
  it.each([
    ['today: the time alone', '2026-12-06T10:46', '2026-12-06T21:30', '10:46'],
    ['earlier this year: day and month', '2026-03-01T00:25', '2026-12-06T21:30', '1 Mar 00:25'],
    ['an earlier year: the year too', '2025-12-31T23:59', '2026-01-01T00:10', '31 Dec 2025 23:59'],
  ])('%s', (_name, local, today, expected) => {
    expect(compactLocalTime(local, today)).toBe(expected);
  });

  it('writes the full date for a title', () => {
    expect(fullLocalTime('2026-09-03T08:05')).toBe('3 September 2026 08:05');
  });

  it('finds today on the blog’s clocks from the comments’ own offset', () => {
    // Comments in Tokyo (UTC+9): 23:30 UTC on 5 December is already the 6th there.
    const comments = [{ createdAt: '2026-12-05T10:00:00Z', localTime: '2026-12-05T19:00' }];
    expect(localNow(comments, Date.parse('2026-12-05T23:30:00Z'))).toBe('2026-12-06T08:30');
    expect(localNow([], Date.parse('2026-12-05T23:30:00Z'))).toBe('2026-12-05T23:30');
  });
});
