// Staff accounts: editors manage accounts and settings, moderators work the queue. Names are
// unique once folded (case, accents, spaces and punctuation ignored), and no name may look like
// another's or like "Anonymous" (the confusables skeleton, as for reserved names).
import type { Row } from '@libsql/client';
import type { Database } from '../../api/db/database.ts';
import { cleanName } from '../../api/comments/clean-text.ts';
import { looksLike } from '../../api/comments/names.ts';
import { nameKey } from '../../api/comments/policy.ts';
import { anonymousName } from '../../api/comments/thread.ts';
import { ApiError } from '../../api/errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { randomToken, sha256Hex, tokenPattern } from './tokens.ts';

export type Role = 'editor' | 'moderator';
export const roles: readonly Role[] = ['editor', 'moderator'];

export interface Account {
  id: number;
  name: string;
  role: Role;
  createdAt: number;
  hasFeed: boolean;
}

export interface NewAccount {
  name: string;
  role: Role;
  password: string;
}

const maxNameLength = 60;
const feedTokenBytes = 32;

/** The columns `toAccount` reads, from `accounts` aliased as `a`. */
export const accountColumns = 'a.id, a.name, a.role, a.created_at, a.feed_token_hash IS NOT NULL AS has_feed';
/** The same for RETURNING, which takes no table names. */
export const accountReturningColumns = 'id, name, role, created_at, feed_token_hash IS NOT NULL AS has_feed';

export function toAccount(row: Row): Account {
  return {
    id: Number(row['id']),
    name: String(row['name']),
    role: row['role'] === 'editor' ? 'editor' : 'moderator',
    createdAt: Number(row['created_at']),
    hasFeed: Boolean(row['has_feed']),
  };
}

/** The name as kept (invisible characters removed) and its folded key, or ApiError invalid_name. */
export function checkAccountName(name: string): { name: string; key: string } {
  if (/[\n\r]/.test(name.trim())) throw new ApiError('invalid_name', 'A name cannot contain line breaks or control characters.', { field: 'name' });
  const trimmed = cleanName(name);
  const length = [...trimmed].length;
  if (length === 0) throw new ApiError('invalid_name', 'An account needs a name.', { field: 'name' });
  if (length > maxNameLength) throw new ApiError('invalid_name', `A name can have at most ${maxNameLength} characters.`, { field: 'name' });
  const key = nameKey(trimmed);
  if (key === '') throw new ApiError('invalid_name', 'A name needs at least one letter or digit.', { field: 'name' });
  if (looksLike(trimmed, anonymousName)) throw new ApiError('invalid_name', `"${anonymousName}" is what readers without a name are called: choose a name of your own.`, { field: 'name' });
  return { name: trimmed, key };
}

/** ApiError account_exists when another account's name could be taken for `name` (the same folded key is the insert's to refuse). */
async function refuseLookAlike(db: Database, name: string, key: string): Promise<void> {
  const taken = (await staffNames(db)).find((other) => nameKey(other) !== key && looksLike(name, other));
  if (taken !== undefined) throw new ApiError('account_exists', `"${name}" could be taken for the account "${taken}": choose a name that looks different.`, { field: 'name' });
}

/** ApiError weak_password when the password cannot be used; `userInputs` (the account's name) are known to an attacker. */
export function checkPassword(password: string, userInputs: readonly string[] = []): void {
  const problem = passwordProblem(password, userInputs);
  if (problem) throw new ApiError('weak_password', problem, { field: 'password' });
}

export async function createAccount(db: Database, input: NewAccount, now: number): Promise<Account> {
  const { name, key } = checkAccountName(input.name);
  checkPassword(input.password, [name]);
  await refuseLookAlike(db, name, key);
  const passwordHash = await hashPassword(input.password);
  const result = await db.execute({
    sql: `INSERT INTO accounts (name, name_key, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (name_key) DO NOTHING RETURNING ${accountReturningColumns}`,
    args: [name, key, input.role, passwordHash, now, now],
  });
  const row = result.rows[0];
  if (!row) throw new ApiError('account_exists', `There is already an account named "${name}" (or a name too like it).`, { field: 'name' });
  return toAccount(row);
}

export async function listAccounts(db: Database): Promise<Account[]> {
  const result = await db.execute(`SELECT ${accountColumns} FROM accounts a ORDER BY a.name_key`);
  return result.rows.map(toAccount);
}

/** The account whose name folds to the same key as `name`. */
export async function findAccount(db: Database, name: string): Promise<Account | undefined> {
  const key = nameKey(name.trim());
  if (key === '') return undefined;
  const result = await db.execute({ sql: `SELECT ${accountColumns} FROM accounts a WHERE a.name_key = ?`, args: [key] });
  const row = result.rows[0];
  return row ? toAccount(row) : undefined;
}

export async function getAccount(db: Database, id: number): Promise<Account | undefined> {
  const result = await db.execute({ sql: `SELECT ${accountColumns} FROM accounts a WHERE a.id = ?`, args: [id] });
  const row = result.rows[0];
  return row ? toAccount(row) : undefined;
}

function notFound(): ApiError {
  return new ApiError('account_not_found', 'There is no such account.');
}

function lastEditor(account: Account): ApiError {
  return new ApiError('last_editor', `${account.name} is the last editor: make another account an editor first.`);
}

// Part of the write itself, so two editors removing each other at once cannot leave none.
const keepsAnEditor = `(role <> 'editor' OR (SELECT count(*) FROM accounts WHERE role = 'editor') > 1)`;

/** Removes the account and ends its sessions; returns what it was. Refuses to remove the last editor. */
export async function removeAccount(db: Database, id: number): Promise<Account> {
  const [removed] = await db.batch(
    [
      { sql: `DELETE FROM accounts WHERE id = ? AND ${keepsAnEditor} RETURNING ${accountReturningColumns}`, args: [id] },
      { sql: 'DELETE FROM sessions WHERE account_id = ? AND NOT EXISTS (SELECT 1 FROM accounts WHERE id = ?)', args: [id, id] },
    ],
    'write',
  );
  const row = removed?.rows[0];
  if (row) return toAccount(row);
  const account = await getAccount(db, id);
  throw account ? lastEditor(account) : notFound();
}

/** Changes the account's role; refuses to make the last editor a moderator. */
export async function setRole(db: Database, id: number, role: Role, now: number = Date.now()): Promise<Account> {
  const result = await db.execute({
    sql: `UPDATE accounts SET role = ?, updated_at = ? WHERE id = ? AND (? = 'editor' OR ${keepsAnEditor}) RETURNING ${accountReturningColumns}`,
    args: [role, now, id, role],
  });
  const row = result.rows[0];
  if (row) return toAccount(row);
  const account = await getAccount(db, id);
  throw account ? lastEditor(account) : notFound();
}

/** Sets a new password and ends every session of the account (whoever knew the old one is signed out). */
export async function resetPassword(db: Database, id: number, password: string, now: number): Promise<void> {
  const account = await getAccount(db, id);
  checkPassword(password, account ? [account.name] : []);
  const passwordHash = await hashPassword(password);
  const [updated] = await db.batch(
    [
      { sql: 'UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?', args: [passwordHash, now, id] },
      { sql: 'DELETE FROM sessions WHERE account_id = ?', args: [id] },
    ],
    'write',
  );
  if (updated?.rowsAffected !== 1) throw notFound();
}

// Verified when the name is unknown, so the time taken does not tell whether the name exists.
export const unknownNameHash = '$argon2id$v=19$m=19456,t=2,p=1$rD8Aq2VxgP1gTvmfF9QSnQ$N7TBcn3ZtYk+auucuURy0dfaaraPABGFXar1Xv6AKJ4';

/** The account when the name and password match; undefined otherwise, whichever was wrong. */
export async function authenticate(db: Database, name: string, password: string): Promise<Account | undefined> {
  const key = nameKey(name.trim());
  const result = key
    ? await db.execute({ sql: `SELECT ${accountColumns}, a.password_hash FROM accounts a WHERE a.name_key = ?`, args: [key] })
    : undefined;
  const row = result?.rows[0];
  const valid = await verifyPassword(row ? String(row['password_hash']) : unknownNameHash, password);
  return row && valid ? toAccount(row) : undefined;
}

export async function staffNames(db: Database): Promise<string[]> {
  const result = await db.execute('SELECT name FROM accounts ORDER BY name_key');
  return result.rows.map((row) => String(row['name']));
}

/**
 * A new secret for the account's private queue feed. Only its SHA-256 is kept; the previous
 * token, if any, stops working.
 */
export async function createFeedToken(db: Database, accountId: number): Promise<string> {
  const token = randomToken(feedTokenBytes);
  const result = await db.execute({ sql: 'UPDATE accounts SET feed_token_hash = ? WHERE id = ?', args: [sha256Hex(token), accountId] });
  if (result.rowsAffected !== 1) throw notFound();
  return token;
}

export async function revokeFeedToken(db: Database, accountId: number): Promise<void> {
  await db.execute({ sql: 'UPDATE accounts SET feed_token_hash = NULL WHERE id = ?', args: [accountId] });
}

export async function accountByFeedToken(db: Database, token: string): Promise<Account | undefined> {
  if (!tokenPattern(feedTokenBytes).test(token)) return undefined;
  const result = await db.execute({ sql: `SELECT ${accountColumns} FROM accounts a WHERE a.feed_token_hash = ?`, args: [sha256Hex(token)] });
  const row = result.rows[0];
  return row ? toAccount(row) : undefined;
}
