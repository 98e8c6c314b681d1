// Accounts on a real libSQL file: names, roles, the last-editor rule, passwords and feed tokens.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../api/db/database.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import {
  accountByFeedToken,
  authenticate,
  createAccount,
  createFeedToken,
  findAccount,
  getAccount,
  listAccounts,
  removeAccount,
  resetPassword,
  revokeFeedToken,
  setRole,
  staffNames,
  unknownNameHash,
  type Role,
} from './accounts.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

const password = 'correct horse battery';
const temp = useTempDatabase('accounts');
let db: Database;
beforeAll(() => {
  db = temp.db;
});

// Each test uses its own names, so none depends on another's accounts.
const add = (name: string, role: Role = 'moderator') => createAccount(db, { name, role, password }, 1_000);

/** Removes every editor but `keep`, so the last-editor rule can be tried on it. */
async function onlyEditor(keep: number): Promise<void> {
  for (const account of await listAccounts(db)) if (account.role === 'editor' && account.id !== keep) await setRole(db, account.id, 'moderator');
}

describe('createAccount', () => {
  it('trims the name and returns the account without any hash', async () => {
    const account = await add('  Hana Ito  ', 'editor');
    expect(account).toEqual({ id: expect.any(Number), name: 'Hana Ito', role: 'editor', createdAt: 1_000, hasFeed: false });
    expect(await getAccount(db, account.id)).toEqual(account);
    expect(await findAccount(db, 'HANA-ITO')).toEqual(account);
  });

  it('refuses a name that folds to an existing one', async () => {
    await add('Zoë Quinn');
    await expect(add('zoe quinn')).rejects.toMatchObject({ code: 'account_exists', field: 'name' });
    await expect(add(' ZOË.QUINN ')).rejects.toMatchObject({ code: 'account_exists' });
  });

  it.each([
    ['Anonymous', /readers without a name/],
    ['anonymous', /readers without a name/],
    ['\u0410non\u0443mous', /readers without a name/],
    ['Anonyrnous', /readers without a name/],
    ['', /needs a name/],
    ['   ', /needs a name/],
    ['—…!', /letter or digit/],
    ['x'.repeat(61), /at most 60/],
    ['two\nlines', /control characters/],
  ])('refuses the name %j', async (name, message) => {
    await expect(add(name)).rejects.toMatchObject({ code: 'invalid_name', field: 'name', message: expect.stringMatching(message) });
  });

  it('refuses a look-alike of another account: Cyrillic letters, digits for letters, invisible characters', async () => {
    await add('Edith Staff');
    await add('Mo');
    for (const name of ['Ed\u0456th Staff', 'EDlTH STAFF', 'Ed\u200Bith\u00ADStaff', 'M\u043E', 'M0']) {
      await expect(add(name)).rejects.toMatchObject({ code: 'account_exists', field: 'name' });
    }
    expect((await listAccounts(db)).filter((a) => /^(ed|m)/i.test(a.name)).map((a) => a.name)).toEqual(['Edith Staff', 'Mo']);
  });

  it('keeps a name without its invisible and reordering characters', async () => {
    const account = await add('\u202EJo\u200B Bloggs\u2066');
    expect(account.name).toBe('Jo Bloggs');
  });

  it.each(['password1234', 'Password2024!', 'qwertyuiopasdf', 'Rosa Park 1234'])('refuses the guessable password %j, saying what would pass', async (guessable) => {
    await expect(createAccount(db, { name: 'Rosa Park', role: 'moderator', password: guessable }, 1_000)).rejects.toMatchObject({
      code: 'weak_password',
      field: 'password',
      message: expect.stringMatching(/too easy to guess.*four or more words picked at random/),
    });
    expect(await findAccount(db, 'Rosa Park')).toBeUndefined();
  });

  it('refuses a weak password before anything is stored', async () => {
    await expect(createAccount(db, { name: 'Short Pass', role: 'moderator', password: 'too short' }, 1_000)).rejects.toMatchObject({
      code: 'weak_password',
      field: 'password',
    });
    expect(await findAccount(db, 'Short Pass')).toBeUndefined();
  });

  it('stores one account when the same name is added twice at once', async () => {
    const results = await Promise.allSettled([add('Twin'), add('twin')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});

describe('listAccounts and staffNames', () => {
  it('lists every account by folded name', async () => {
    await add('list-b');
    await add('List A');
    const names = (await listAccounts(db)).map((a) => a.name);
    expect(names.indexOf('List A')).toBeLessThan(names.indexOf('list-b'));
    expect(await staffNames(db)).toEqual(names);
  });
});

describe('removeAccount and setRole', () => {
  it('removes an account and its sessions', async () => {
    const account = await add('Leaving Soon');
    await db.execute({ sql: "INSERT INTO sessions VALUES ('s-leaving', 'h', ?, 1, 1, 9e15)", args: [account.id] });
    expect(await removeAccount(db, account.id)).toEqual(account);
    expect(await getAccount(db, account.id)).toBeUndefined();
    expect((await db.execute({ sql: 'SELECT count(*) AS n FROM sessions WHERE account_id = ?', args: [account.id] })).rows[0]?.['n']).toBe(0);
    await expect(removeAccount(db, account.id)).rejects.toMatchObject({ code: 'account_not_found' });
  });

  it('never removes or demotes the last editor, and leaves its sessions alone', async () => {
    const last = await add('Last Editor', 'editor');
    await onlyEditor(last.id);
    await db.execute({ sql: "INSERT INTO sessions VALUES ('s-last', 'h', ?, 1, 1, 9e15)", args: [last.id] });
    await expect(removeAccount(db, last.id)).rejects.toMatchObject({ code: 'last_editor', message: expect.stringContaining('Last Editor') });
    await expect(setRole(db, last.id, 'moderator')).rejects.toMatchObject({ code: 'last_editor' });
    expect(await getAccount(db, last.id)).toMatchObject({ role: 'editor' });
    expect((await db.execute("SELECT count(*) AS n FROM sessions WHERE id = 's-last'")).rows[0]?.['n']).toBe(1);

    const second = await setRole(db, (await add('Second Editor')).id, 'editor');
    expect(second.role).toBe('editor');
    // Two editors removing each other at once: one succeeds, one editor remains.
    const results = await Promise.allSettled([removeAccount(db, last.id), removeAccount(db, second.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await listAccounts(db)).filter((a) => a.role === 'editor')).toHaveLength(1);
  });

  it('says when the account does not exist', async () => {
    await expect(setRole(db, 999_999, 'editor')).rejects.toMatchObject({ code: 'account_not_found' });
  });
});

describe('authenticate and resetPassword', () => {
  it('accepts the right name (folded) and password, and nothing else', async () => {
    const account = await add('Sign In');
    expect(await authenticate(db, ' sign-in ', password)).toEqual(account);
    expect(await authenticate(db, 'Sign In', `${password}!`)).toBeUndefined();
    expect(await authenticate(db, 'Nobody Here', password)).toBeUndefined();
    expect(await authenticate(db, '', password)).toBeUndefined();
  });

  it('verifies an unknown name against a real hash of the same cost, so timing does not tell', async () => {
    // The stand-in hash must make Argon2 do the same work as a real account's hash.
    const real = await hashPassword('some long password here');
    const params = (hash: string) => hash.split('$').slice(1, 4).join('$');
    expect(params(unknownNameHash)).toBe(params(real));
    expect(await verifyPassword(unknownNameHash, 'wrong password here')).toBe(false);
  });

  it('changes the password and ends the sessions', async () => {
    const account = await add('Forgetful');
    await db.execute({ sql: "INSERT INTO sessions VALUES ('s-forgetful', 'h', ?, 1, 1, 9e15)", args: [account.id] });
    await resetPassword(db, account.id, 'a brand new passphrase', 2_000);
    expect(await authenticate(db, 'Forgetful', password)).toBeUndefined();
    expect(await authenticate(db, 'Forgetful', 'a brand new passphrase')).toEqual(account);
    expect((await db.execute("SELECT count(*) AS n FROM sessions WHERE id = 's-forgetful'")).rows[0]?.['n']).toBe(0);
    await expect(resetPassword(db, account.id, 'short', 2_000)).rejects.toMatchObject({ code: 'weak_password' });
    await expect(resetPassword(db, account.id, 'forgetful1234', 2_000)).rejects.toMatchObject({ code: 'weak_password', message: expect.stringContaining('too easy to guess') });
    await expect(resetPassword(db, 999_999, 'a brand new passphrase', 2_000)).rejects.toMatchObject({ code: 'account_not_found' });
  });
});

describe('feed tokens', () => {
  it('finds the account by its token, keeps only a hash, and a new token revokes the old', async () => {
    const account = await add('Feed Reader');
    const first = await createFeedToken(db, account.id);
    expect(first).toMatch(/^[a-z2-7]{52}$/);
    expect(await accountByFeedToken(db, first)).toEqual({ ...account, hasFeed: true });
    const stored = (await db.execute({ sql: 'SELECT feed_token_hash FROM accounts WHERE id = ?', args: [account.id] })).rows[0]?.['feed_token_hash'];
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(first);

    const second = await createFeedToken(db, account.id);
    expect(await accountByFeedToken(db, first)).toBeUndefined();
    expect(await accountByFeedToken(db, second)).toMatchObject({ id: account.id });

    await revokeFeedToken(db, account.id);
    expect(await accountByFeedToken(db, second)).toBeUndefined();
    expect(await getAccount(db, account.id)).toMatchObject({ hasFeed: false });
  });

  it('ignores malformed tokens', async () => {
    for (const token of ['', 'x', 'A'.repeat(52), `${'a'.repeat(52)}.`]) expect(await accountByFeedToken(db, token)).toBeUndefined();
  });
});
