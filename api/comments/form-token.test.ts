import { describe, expect, it } from 'vitest';
import { checkFormToken, formTokenLifetimeMs, issueFormToken } from './form-token.ts';

const secret = 'test-secret';
const issued = Date.UTC(2026, 10, 26, 10);
const token = issueFormToken(secret, issued);

describe('checkFormToken', () => {
  it.each([
    ['a token used after 3 s', token, issued + 3000, { ok: true }],
    ['a token used after 1 s', token, issued + 1000, { ok: false, reason: 'too_fast', retryAfter: 2 }],
    ['no token', undefined, issued + 5000, { ok: false, reason: 'missing' }],
    ['a forged signature', `${token.split('.')[0]}.AAAA`, issued + 5000, { ok: false, reason: 'invalid' }],
    ['a moved issue time', `${(issued - 60_000).toString(36)}.${token.split('.')[1]}`, issued + 5000, { ok: false, reason: 'invalid' }],
    ['garbage', 'not-a-token', issued + 5000, { ok: false, reason: 'invalid' }],
    ['a token older than a day', token, issued + formTokenLifetimeMs + 1, { ok: false, reason: 'expired' }],
  ])('%s', (_, t, now, expected) => expect(checkFormToken(secret, t, now, 3)).toEqual(expected));

  it('refuses a token signed with another secret', () => {
    expect(checkFormToken('other', token, issued + 5000, 3)).toEqual({ ok: false, reason: 'invalid' });
  });
});
