// The setup link on a real libSQL file: one use, one hour, and only while there is no account.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../api/db/database.ts';
import { openTempDatabase, type TempDatabase } from '../../tests/support/temp-database.ts';
import { authenticate, createAccount, listAccounts } from './accounts.ts';
import { createSetupToken, redeemSetupToken, setupLinkValidMs, setupTokenUsable } from './setup.ts';

const now = Date.UTC(2025, 0, 6, 9);
const first = { name: 'First Editor', password: 'correct horse battery' };

// A fresh database per test: each needs one with no account.
let temp: TempDatabase;
let db: Database;
beforeEach(async () => {
  temp = await openTempDatabase('setup');
  db = temp.db;
});
afterEach(async () => {
  await temp?.close();
});

describe('createSetupToken', () => {
  it('makes a token while no account exists, and stores only its hash', async () => {
    const token = await createSetupToken(db, now);
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    const rows = (await db.execute('SELECT * FROM setup_tokens')).rows;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]).toMatchObject({ created_at: now, expires_at: now + setupLinkValidMs, used_at: null });
  });

  it('makes none once an account exists', async () => {
    await createAccount(db, { ...first, role: 'editor' }, now);
    expect(await createSetupToken(db, now)).toBeUndefined();
  });
});

describe('setupTokenUsable', () => {
  it('is true for a fresh token only, until it expires', async () => {
    const token = (await createSetupToken(db, now))!;
    expect(await setupTokenUsable(db, token, now + setupLinkValidMs - 1)).toBe(true);
    expect(await setupTokenUsable(db, token, now + setupLinkValidMs)).toBe(false);
    expect(await setupTokenUsable(db, 'a'.repeat(52), now)).toBe(false);
    expect(await setupTokenUsable(db, 'not a token', now)).toBe(false);
  });

  it('is false once an account exists, even for an unused token', async () => {
    const token = (await createSetupToken(db, now))!;
    await createAccount(db, { name: 'Added From Shell', role: 'editor', password: first.password }, now);
    expect(await setupTokenUsable(db, token, now)).toBe(false);
  });
});

describe('redeemSetupToken', () => {
  it('creates the first editor, who can then sign in; the link is then spent', async () => {
    const token = (await createSetupToken(db, now))!;
    const account = await redeemSetupToken(db, token, first, now + 1000);
    expect(account).toEqual({ id: expect.any(Number), name: 'First Editor', role: 'editor', createdAt: now + 1000, hasFeed: false });
    expect(await authenticate(db, 'first editor', first.password)).toEqual(account);
    expect(await setupTokenUsable(db, token, now + 2000)).toBe(false);
    await expect(redeemSetupToken(db, token, { ...first, name: 'Second Try' }, now + 2000)).rejects.toMatchObject({
      code: 'setup_link_invalid',
      message: expect.stringContaining('npm run moderator -- add <name> --role editor'),
    });
  });

  it('works exactly once when two requests race', async () => {
    const token = (await createSetupToken(db, now))!;
    const results = await Promise.allSettled([
      redeemSetupToken(db, token, { ...first, name: 'Racer One' }, now),
      redeemSetupToken(db, token, { ...first, name: 'Racer Two' }, now),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'setup_link_invalid' } });
    expect(await listAccounts(db)).toHaveLength(1);
  });

  it('creates nobody with an expired token, or with any token once an account exists', async () => {
    const expired = (await createSetupToken(db, now))!;
    await expect(redeemSetupToken(db, expired, first, now + setupLinkValidMs)).rejects.toMatchObject({ code: 'setup_link_invalid' });
    const unused = (await createSetupToken(db, now))!;
    await createAccount(db, { name: 'Added From Shell', role: 'editor', password: first.password }, now);
    await expect(redeemSetupToken(db, unused, first, now)).rejects.toMatchObject({ code: 'setup_link_invalid' });
    expect((await listAccounts(db)).map((a) => a.name)).toEqual(['Added From Shell']);
  });

  it('checks the name and password before spending the link', async () => {
    const token = (await createSetupToken(db, now))!;
    await expect(redeemSetupToken(db, token, { ...first, name: '  ' }, now)).rejects.toMatchObject({ code: 'invalid_name', field: 'name' });
    await expect(redeemSetupToken(db, token, { ...first, password: 'short' }, now)).rejects.toMatchObject({ code: 'weak_password', field: 'password' });
    expect(await setupTokenUsable(db, token, now)).toBe(true);
    await expect(redeemSetupToken(db, 'made-up', first, now)).rejects.toMatchObject({ code: 'setup_link_invalid' });
  });

  it('refuses a guessable password, or the name "Anonymous", saying what would pass, and keeps the link', async () => {
    const token = (await createSetupToken(db, now))!;
    await expect(redeemSetupToken(db, token, { ...first, password: 'password1234' }, now)).rejects.toMatchObject({
      code: 'weak_password',
      field: 'password',
      message: expect.stringMatching(/too easy to guess.*four or more words picked at random/),
    });
    await expect(redeemSetupToken(db, token, { ...first, password: 'First Editor 2026' }, now)).rejects.toMatchObject({ code: 'weak_password' });
    await expect(redeemSetupToken(db, token, { ...first, name: 'An\u043Enymous' }, now)).rejects.toMatchObject({ code: 'invalid_name', field: 'name' });
    expect(await setupTokenUsable(db, token, now)).toBe(true);
  });
});
