import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, createSourceHasher } from './source.ts';

describe('addressBucket', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:0db8:0001::/48'],
    ['2001:db8:1:2::9', '2001:0db8:0001::/48'],
    ['[2001:DB8:1:2::9]', '2001:0db8:0001::/48'],
    ['2001:db8:1:ff00::1', '2001:0db8:0001::/48'],
    ['2001:db8:2::1', '2001:0db8:0002::/48'],
    ['fe80::1%eth0', 'fe80:0000:0000::/48'],
    ['::1', '0000:0000:0000::/48'],
  ])('%s -> %s', (address, bucket) => expect(addressBucket(address)).toBe(bucket));

  it('counts a home line’s whole /48 (every /64 of a /56 or /48 delegation) as one source', () => {
    const line = Array.from({ length: 256 }, (_, i) => `2001:db8:1:${(i * 256).toString(16)}::1`);
    expect(new Set(line.map(addressBucket)).size).toBe(1);
    expect(addressBucket('2001:db8:2::1')).not.toBe(addressBucket(line[0]!));
  });
});

describe('clientAddress', () => {
  const headers = new Headers({ 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' });
  it('uses the socket unless a proxy header is trusted', () => {
    expect(clientAddress(headers, '127.0.0.1', undefined)).toBe('127.0.0.1');
  });
  it('takes the last address of the trusted header', () => {
    expect(clientAddress(headers, '127.0.0.1', 'X-Forwarded-For')).toBe('203.0.113.9');
  });
  it('falls back to the socket when the header is missing', () => {
    expect(clientAddress(new Headers(), '127.0.0.1', 'X-Forwarded-For')).toBe('127.0.0.1');
  });
});

describe('createSourceHasher', () => {
  let clock = Date.UTC(2026, 10, 26, 10);
  const hasher = createSourceHasher(() => clock);

  it('gives the same key for the same address and purpose on the same day, never the address', () => {
    const a = hasher.key('203.0.113.7', 'comment');
    expect(hasher.key('203.0.113.7', 'comment')).toBe(a);
    expect(a).not.toContain('203');
    expect(hasher.key('203.0.113.8', 'comment')).not.toBe(a);
    expect(hasher.key('203.0.113.7', 'report:1')).not.toBe(a);
    expect(hasher.key('2001:db8:1:2::1', 'x')).toBe(hasher.key('2001:db8:1:2::ffff', 'x'));
  });

  it('forgets the salt at the next UTC day', () => {
    const before = hasher.key('203.0.113.7', 'comment');
    clock += 86_400_000;
    expect(hasher.key('203.0.113.7', 'comment')).not.toBe(before);
  });
});
