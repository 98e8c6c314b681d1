import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, maxPasswordLength, minPasswordLength, passwordProblem, verifyPassword } from './passwords.ts';

describe('passwordProblem', () => {
  it.each([
    ['', /at least 12/],
    ['eleven char', /at least 12/],
    ['twelve chars', undefined],
    ['            ', /only spaces/],
    // Long enough passwords that are also hard to guess (a repeated character would not be).
    ['🦊🍋🚲🎻🌵🧲🪁🦉🍄🛶🧊🎲', undefined],
    [Array.from({ length: 64 }, (_, i) => (i * 7919 + 104_729).toString(36)).join('').slice(0, maxPasswordLength), undefined],
    ['x'.repeat(maxPasswordLength + 1), /at most 256/],
  ])('%j', (password, problem) => {
    const found = passwordProblem(password);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it.each([
    ['password1234', /commonly used password/],
    ['Password2024!', /commonly used password/],
    ['123456789012', /commonly used password/],
    ['qwertyuiopasdf', /too easy to guess/],
    ['aaaaaaaaaaaaaaaa', /Repeated characters/],
    ['😀'.repeat(minPasswordLength), /too easy to guess/],
    ['x'.repeat(maxPasswordLength), /too easy to guess/],
  ])('refuses the guessable %j, and says what would pass', (password, why) => {
    const found = passwordProblem(password);
    expect(found).toMatch(why);
    expect(found).toContain('four or more words picked at random');
  });

  it('counts the account’s name as known to an attacker', () => {
    expect(passwordProblem('Rosalind Franklin!')).toBeUndefined();
    expect(passwordProblem('Rosalind Franklin!', ['Rosalind Franklin'])).toMatch(/too easy to guess/);
  });
});

describe('hashPassword and verifyPassword', () => {
  it('hashes with Argon2id, m=19456, t=2, p=1, a fresh salt each time, and verifies', async () => {
    const [first, second] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(parseOptions(first)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(first, 'correct horse battery ')).toBe(false);
  });

  it('answers false, without throwing, for a malformed hash', async () => {
    for (const hash of ['', 'plain text', '$argon2id$v=19$m=19456,t=2,p=1$broken']) {
      expect(await verifyPassword(hash, 'correct horse battery')).toBe(false);
    }
  });
});
