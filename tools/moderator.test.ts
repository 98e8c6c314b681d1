// The moderator command, run for real on a fresh database file, plus its pure helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../api/db/database.ts';
import { authenticate, createAccount, findAccount } from '../moderation/auth/accounts.ts';
import { runTool, type ToolRun } from '../tests/support/tool.ts';
import { accountTable, passwordFromStdin } from './moderator.ts';

const password = 'correct horse battery';
let dir: string;
let databaseUrl: string;
let db: Database | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-moderator-'));
  databaseUrl = `file:${join(dir, 'x.db')}`;
});
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run moderator -- ...args` the way npm would, with `input` on standard input. */
function moderator(args: string[], input = ''): Promise<ToolRun> {
  return runTool('moderator', args, { databaseUrl, input });
}

async function database(): Promise<Database> {
  db ??= await openDatabase({ url: databaseUrl });
  return db;
}

/** A user's mistake: exit code 1, the message, and no stack trace. */
function expectRefused(run: ToolRun, message: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('passwordFromStdin', () => {
  it.each([
    [`${password}\n`, password],
    [`${password}\r\n`, password],
    [password, password],
    [` ${password} \n`, ` ${password} `],
  ])('%j -> %j', (input, expected) => expect(passwordFromStdin(input)).toBe(expected));

  it('refuses more than one line', () => {
    expect(() => passwordFromStdin(`${password}\nsecond line\n`)).toThrow(/one line/);
  });
});

describe('accountTable', () => {
  it('lines up name, role and creation date', () => {
    const created = Date.UTC(2025, 0, 6, 12);
    expect(
      accountTable([
        { id: 1, name: 'Ann', role: 'editor', createdAt: created, hasFeed: false },
        { id: 2, name: 'Bartholomew', role: 'moderator', createdAt: created, hasFeed: true },
      ]),
    ).toBe(['Name         Role       Created', 'Ann          editor     2025-01-06', 'Bartholomew  moderator  2025-01-06'].join('\n'));
  });
});

// Each run costs a Node start, so the runs are few and the independent ones run together.
describe('npm run moderator', () => {
  it('adds the first account on a fresh database with the one line on standard input, without its line ending', async () => {
    const run = await moderator(['add', 'Ann Lee', '--role', 'editor', '--password-stdin'], `${password}\r\n`);
    expect(run).toMatchObject({ code: 0, stdout: 'Added Ann Lee (editor).\n' });
    expect(await authenticate(await database(), 'Ann Lee', password)).toMatchObject({ name: 'Ann Lee', role: 'editor' });
    expect(await authenticate(await database(), 'Ann Lee', `${password}\r\n`)).toBeUndefined();
    expect(await authenticate(await database(), 'Ann Lee', `${password}\n`)).toBeUndefined();
  });

  it('refuses a duplicate name, a short password, a missing password and an unknown account', async () => {
    const [duplicate, short, missing, unknown] = await Promise.all([
      moderator(['add', 'ann-lee', '--password-stdin'], `${password}\n`),
      moderator(['add', 'Cleo', '--password-stdin'], 'short\n'),
      moderator(['add', 'Cleo']),
      moderator(['reset-password', 'Nobody', '--password-stdin'], `${password}\n`),
    ]);
    expectRefused(duplicate, /already an account named "ann-lee"/);
    expectRefused(short, /at least 12 characters/);
    expectRefused(missing, /No password.*--password-stdin/);
    expectRefused(unknown, /no account named "Nobody"/);
  });

  it('refuses a guessable password on add and on reset-password, saying what would pass', async () => {
    const [add, reset] = await Promise.all([
      moderator(['add', 'Dora', '--password-stdin'], 'password1234\n'),
      moderator(['reset-password', 'Ann Lee', '--password-stdin'], 'qwertyuiopasdf\n'),
    ]);
    expectRefused(add, /too easy to guess.*four or more words picked at random/);
    expectRefused(reset, /too easy to guess/);
    expect(await authenticate(await database(), 'Ann Lee', password)).toBeDefined();
  });

  it('lists the accounts as a table', async () => {
    await createAccount(await database(), { name: 'Bob', role: 'moderator', password }, Date.now());
    const run = await moderator(['list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Name +Role +Created\nAnn Lee +editor +\d{4}-\d\d-\d\d\nBob +moderator +\d{4}-\d\d-\d\d\n$/);
  });

  it('resets a password', async () => {
    const run = await moderator(['reset-password', 'BOB', '--password-stdin'], 'a brand new passphrase\n');
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('new password for Bob') });
    expect(await authenticate(await database(), 'Bob', password)).toBeUndefined();
    expect(await authenticate(await database(), 'Bob', 'a brand new passphrase')).toBeDefined();
  });

  it('removes an account, but never the last editor', async () => {
    expect(await moderator(['remove', 'Bob'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Removed Bob') });
    expectRefused(await moderator(['remove', 'Ann Lee']), /Ann Lee is the last editor/);
    expect(await findAccount(await database(), 'Ann Lee')).toBeDefined();
  });
});
