// Staff sessions, after the Lucia guide: a token "<id>.<secret>" of which only the SHA-256 of
// the secret is stored; the id finds the row, the secret is compared in constant time. A session
// ends after 12 hours without use and 10 days after sign-in, whichever comes first.
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex } from '@oslojs/encoding';
import type { Database } from '../../api/db/database.ts';
import { ApiError } from '../../api/errors.ts';
import { accountColumns, toAccount, type Account } from './accounts.ts';
import { randomToken, sha256Bytes, sha256Hex, tokenPattern } from './tokens.ts';

export const sessionIdleMs = 12 * 3600_000;
export const sessionMaxMs = 10 * 86_400_000;
/** last_used_at and expires_at are written at most this often, not on every request. */
export const renewAfterMs = 60_000;

// 160 bits of id (never a secret, only unique) and 256 bits of secret.
const idBytes = 20;
const secretBytes = 32;
const idPattern = tokenPattern(idBytes);
const secretPattern = tokenPattern(secretBytes);

/** A session used at `now` lasts until this: idle time runs out, or the cap from sign-in. */
function expiryAfterUse(createdAt: number, now: number): number {
  return Math.min(now + sessionIdleMs, createdAt + sessionMaxMs);
}

export interface NewSession {
  token: string;
  expiresAt: number;
}

export interface ValidSession {
  sessionId: string;
  expiresAt: number;
  /** True when this validation moved expiresAt: send the cookie again with the new expiry. */
  renewed: boolean;
  account: Account;
}

export async function createSession(db: Database, accountId: number, now: number): Promise<NewSession> {
  const id = randomToken(idBytes);
  const secret = randomToken(secretBytes);
  const expiresAt = expiryAfterUse(now, now);
  const result = await db.execute({
    sql: 'INSERT INTO sessions (id, secret_hash, account_id, created_at, last_used_at, expires_at) SELECT ?, ?, id, ?, ?, ? FROM accounts WHERE id = ?',
    args: [id, sha256Hex(secret), now, now, expiresAt, accountId],
  });
  if (result.rowsAffected !== 1) throw new ApiError('account_not_found', 'There is no such account.');
  return { token: `${id}.${secret}`, expiresAt };
}

/** The session and its account when the token is valid now; undefined for anything else (never throws on bad input). */
export async function validateSessionToken(db: Database, token: string, now: number): Promise<ValidSession | undefined> {
  const [id, secret, ...rest] = token.split('.');
  if (rest.length > 0 || !id || !secret || !idPattern.test(id) || !secretPattern.test(secret)) return undefined;
  const result = await db.execute({
    sql: `SELECT s.secret_hash, s.created_at AS session_created_at, s.last_used_at, s.expires_at, ${accountColumns}
          FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id = ?`,
    args: [id],
  });
  const row = result.rows[0];
  if (!row) return undefined;
  if (!constantTimeEqual(sha256Bytes(secret), decodeHex(String(row['secret_hash'])))) return undefined;

  const createdAt = Number(row['session_created_at']);
  let expiresAt = Number(row['expires_at']);
  if (now >= expiresAt || now >= createdAt + sessionMaxMs) {
    await invalidateSession(db, id);
    return undefined;
  }
  let renewed = false;
  if (now - Number(row['last_used_at']) >= renewAfterMs) {
    expiresAt = expiryAfterUse(createdAt, now);
    await db.execute({ sql: 'UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id = ?', args: [now, expiresAt, id] });
    renewed = true;
  }
  return { sessionId: id, expiresAt, renewed, account: toAccount(row) };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.execute({ sql: 'DELETE FROM sessions WHERE id = ?', args: [sessionId] });
}

/** Removes sessions past their expiry; returns how many. */
export async function deleteExpiredSessions(db: Database, now: number): Promise<number> {
  const result = await db.execute({ sql: 'DELETE FROM sessions WHERE expires_at <= ?', args: [now] });
  return result.rowsAffected;
}

/**
 * `__Host-` binds the cookie to this exact origin over HTTPS (no Domain, Path=/, Secure). Browsers
 * refuse such cookies over plain HTTP, so a development server on http://localhost uses a plain
 * name instead; a secure server never reads that one.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-befriend_session' : 'befriend_session';
}

function cookieHeader(value: string, expiresAt: number, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`${sessionCookieName(secure)}=${value}`, 'HttpOnly', 'SameSite=Lax', 'Path=/', `Expires=${new Date(expiresAt).toUTCString()}`, `Max-Age=${maxAgeSeconds}`];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** The Set-Cookie value for a session token that lasts until expiresAt. */
export function sessionCookieHeader(token: string, expiresAt: number, secure: boolean, now: number = Date.now()): string {
  return cookieHeader(token, expiresAt, Math.max(0, Math.floor((expiresAt - now) / 1000)), secure);
}

/** The Set-Cookie value that removes the session cookie (sign-out, or a token no longer valid). */
export function blankSessionCookieHeader(secure: boolean): string {
  return cookieHeader('', 0, 0, secure);
}

/** The session token from a Cookie request header, if it carries one. */
export function readSessionToken(cookieHeader: string | undefined, secure: boolean): string | undefined {
  if (!cookieHeader) return undefined;
  const name = sessionCookieName(secure);
  for (const pair of cookieHeader.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}
