import { describe, expect, it } from 'vitest';
import { checkFormToken, formTokenLifetimeMs, formTokenUse, issueFormToken } from './form-token.ts';

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

describe('formTokenUse', () => {
  it('gives two forms issued in the same millisecond different ids: one reader’s comment never uses up another’s form', () => {
    const [a, b] = [issueFormToken(secret, issued), issueFormToken(secret, issued)];
    expect(a).not.toBe(b);
    expect(checkFormToken(secret, b, issued + 5000, 3)).toEqual({ ok: true });
    expect(formTokenUse(a).id).not.toBe(formTokenUse(b).id);
  });

  it('never hands out an id twice, across many draws of random bytes', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => formTokenUse(issueFormToken(secret, issued)).id));
    expect(ids.size).toBe(2000);
  });

  it('keeps the record of a use until the token has expired, to a whole UTC day that points at no comment', () => {
    const { id, keepUntil } = formTokenUse(token);
    expect(keepUntil).toBeGreaterThanOrEqual(issued + formTokenLifetimeMs);
    expect(keepUntil % 86_400_000).toBe(0);
    expect(formTokenUse(issueFormToken(secret, issued + 3_600_000)).keepUntil).toBe(keepUntil);
    // The id is random: nothing in it says when the form was issued.
    expect(id).not.toContain(issued.toString(36));
  });
});
