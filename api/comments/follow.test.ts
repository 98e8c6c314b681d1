// Follow addresses, without a database: what parses, what is refused, and the way back to text.
import { describe, expect, it } from 'vitest';
import { followAddress, maxFollowItems, parseFollowAddress } from './follow.ts';

const token = 'Xy3_-abcdefghijklmnopqrstuvwxyz012';

describe.each([
  ['one comment', `c.${token}`, [{ kind: 'comment', value: token }]],
  ['a comment, a report and a request, in their order', `r.ref1~c.${token}~q.ref_2-x`, [{ kind: 'report', value: 'ref1' }, { kind: 'comment', value: token }, { kind: 'request', value: 'ref_2-x' }]],
  ['an item given twice, once', `c.${token}~r.ref1~c.${token}`, [{ kind: 'comment', value: token }, { kind: 'report', value: 'ref1' }]],
  ['the most items an address holds', Array.from({ length: maxFollowItems }, (_, i) => `r.ref${i}`).join('~'), Array.from({ length: maxFollowItems }, (_, i) => ({ kind: 'report', value: `ref${i}` }))],
])('%s', (_, address, items) => {
  it('parses into its items, and back', () => {
    expect(parseFollowAddress(address)).toEqual(items);
    expect(parseFollowAddress(followAddress(parseFollowAddress(address)))).toEqual(items);
  });
});

describe.each([
  ['empty', ''],
  ['an unknown kind', `x.${token}`],
  ['no kind', token],
  ['an empty value', 'c.'],
  ['an empty item', `c.${token}~~r.ref1`],
  ['a character outside base64url', 'c.abc$def'],
  ['a percent-encoded character', 'c.abc%20def'],
  ['a value too long', `c.${'a'.repeat(65)}`],
  ['a separator at the end', `c.${token}~`],
  ['one item more than the cap', Array.from({ length: maxFollowItems + 1 }, (_, i) => `r.ref${i}`).join('~')],
])('%s', (_, address) => {
  it('is refused as a malformed address (400)', () => {
    expect(() => parseFollowAddress(address)).toThrow(expect.objectContaining({ code: 'invalid_follow_address', status: 400 }));
  });
});
