// A source's tag for the day: what moderators see of where queue items came from. It is the day's
// source key cut to 25 bits, five letters of Crockford's base32: equal for one source all day,
// unrelated tomorrow (the salt is gone), and short on purpose, so that whoever tests addresses
// against it (with the database and the secret, during the day) finds thousands of addresses
// behind each tag.
import type { SourceHasher } from './source.ts';

/** Crockford's base32: no I, L, O or U, so a tag read aloud or copied by hand stays the same. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const sourceTagPattern = /^[0-9A-HJKMNP-TV-Z]{5}$/;

/** The tag of `address` today. */
export function sourceTag(sources: SourceHasher, address: string): string {
  const bits = Buffer.from(sources.key(address, 'queue-tag'), 'base64url').readUInt32BE(0) >>> 7;
  let tag = '';
  for (let shift = 20; shift >= 0; shift -= 5) tag += alphabet[(bits >>> shift) & 31];
  return tag;
}

/** A tag as typed or linked, or undefined when it cannot be one. */
export function parseSourceTag(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const tag = value.trim().toUpperCase();
  return sourceTagPattern.test(tag) ? tag : undefined;
}
