// The one-time setup link that creates the first editor. The server makes one at start while no
// account exists and prints it; it works once, within the hour, and only while there is still no account.
import type { Database } from '../../api/db/database.ts';
import { ApiError } from '../../api/errors.ts';
import { accountReturningColumns, checkAccountName, checkPassword, toAccount, type Account } from './accounts.ts';
import { hashPassword } from './passwords.ts';
import { randomToken, sha256Hex, tokenPattern } from './tokens.ts';

export const setupLinkValidMs = 3600_000;
const setupTokenBytes = 32;
const setupTokenPattern = tokenPattern(setupTokenBytes);

const noAccountYet = 'NOT EXISTS (SELECT 1 FROM accounts)';

/** A new setup token while no account exists; undefined once one does. */
export async function createSetupToken(db: Database, now: number): Promise<string | undefined> {
  const token = randomToken(setupTokenBytes);
  const result = await db.execute({
    sql: `INSERT INTO setup_tokens (token_hash, created_at, expires_at) SELECT ?, ?, ? WHERE ${noAccountYet}`,
    args: [sha256Hex(token), now, now + setupLinkValidMs],
  });
  return result.rowsAffected === 1 ? token : undefined;
}

/** Whether the setup page should offer its form for this token. */
export async function setupTokenUsable(db: Database, token: string, now: number): Promise<boolean> {
  if (!setupTokenPattern.test(token)) return false;
  const result = await db.execute({
    sql: `SELECT 1 FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? AND ${noAccountYet}`,
    args: [sha256Hex(token), now],
  });
  return result.rows.length > 0;
}

function linkInvalid(): ApiError {
  return new ApiError(
    'setup_link_invalid',
    'This setup link has been used or has expired: run `npm run moderator -- add <name> --role editor`, or restart the server for a new link.',
  );
}

/** Creates the first editor with the token, exactly once however many requests race. */
export async function redeemSetupToken(db: Database, token: string, input: { name: string; password: string }, now: number): Promise<Account> {
  const { name, key } = checkAccountName(input.name);
  checkPassword(input.password, [name]);
  if (!setupTokenPattern.test(token)) throw linkInvalid();
  const passwordHash = await hashPassword(input.password);
  // One write transaction: the insert happens only if this batch is the one that used the token.
  const [, inserted] = await db.batch(
    [
      { sql: `UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? AND ${noAccountYet}`, args: [now, sha256Hex(token), now] },
      {
        sql: `INSERT INTO accounts (name, name_key, role, password_hash, created_at, updated_at)
              SELECT ?, ?, 'editor', ?, ?, ? WHERE changes() = 1 AND ${noAccountYet}
              RETURNING ${accountReturningColumns}`,
        args: [name, key, passwordHash, now, now],
      },
    ],
    'write',
  );
  const row = inserted?.rows[0];
  if (!row) throw linkInvalid();
  return toAccount(row);
}
