import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSourceTag, sourceTag, sourceTagPattern } from './source-tag.ts';
import { createSourceHasher } from './source.ts';

const day = 86_400_000;

describe('sourceTag', () => {
  let clock = Date.UTC(2026, 10, 26, 10);
  const sources = createSourceHasher(() => clock);

  it('is five letters of Crockford’s base32, the same for one source all day', () => {
    const tag = sourceTag(sources, '203.0.113.7');
    expect(tag).toMatch(sourceTagPattern);
    expect(tag).not.toMatch(/[ILOU]/);
    clock += 13 * 3_600_000;
    expect(sourceTag(sources, '203.0.113.7')).toBe(tag);
    clock -= 13 * 3_600_000;
  });

  it('counts a whole IPv6 /48 as one source, as the limits do', () => {
    expect(sourceTag(sources, '2001:db8:1:2::1')).toBe(sourceTag(sources, '2001:db8:1:ff00::9'));
    expect(sourceTag(sources, '::ffff:203.0.113.7')).toBe(sourceTag(sources, '203.0.113.7'));
  });

  it('is not the source key of any other purpose, and tells sources apart', () => {
    const tags = new Set(Array.from({ length: 200 }, (_, i) => sourceTag(sources, `198.51.100.${i}`)));
    expect(tags.size).toBeGreaterThan(195);
    expect(sources.key('203.0.113.7', 'queue-tag')).not.toContain(sourceTag(sources, '203.0.113.7'));
  });

  it('is another tag the next day: yesterday’s salt is gone', () => {
    // A known salt for each day, so that the test cannot pass by chance (one in 2^25).
    let draws = 0;
    const salted = createSourceHasher(() => clock, (size) => Buffer.alloc(size, ++draws));
    const today = ['203.0.113.7', '198.51.100.1', '2001:db8:1::1'].map((address) => sourceTag(salted, address));
    clock += day;
    const tomorrow = ['203.0.113.7', '198.51.100.1', '2001:db8:1::1'].map((address) => sourceTag(salted, address));
    expect(draws).toBe(2);
    for (const [i, tag] of today.entries()) expect(tomorrow[i]).not.toBe(tag);
  });

  it('spreads over the whole 25 bits: every letter turns up in every place', () => {
    const hasher = createSourceHasher(() => clock, randomBytes);
    const tags = Array.from({ length: 4000 }, (_, i) => sourceTag(hasher, `10.0.${i >> 8}.${i & 255}`));
    for (let place = 0; place < 5; place++) expect(new Set(tags.map((tag) => tag[place])).size).toBe(32);
  });
});

describe('parseSourceTag', () => {
  it.each([
    ['K7QM2', 'K7QM2'],
    [' k7qm2 ', 'K7QM2'],
    ['K7QM', undefined],
    ['K7QMU', undefined],
    ['K7QM2X', undefined],
    ['<b>x', undefined],
    [42, undefined],
  ])('%j -> %j', (value, tag) => expect(parseSourceTag(value)).toBe(tag));
});
