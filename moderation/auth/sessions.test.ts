// Sessions on a real libSQL file, with a fake clock: renewal, both expiries, sign-out, tampering.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../api/db/database.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import { createAccount, resetPassword, type Account } from './accounts.ts';
import {
  blankSessionCookieHeader,
  createSession,
  deleteExpiredSessions,
  invalidateSession,
  readSessionToken,
  renewAfterMs,
  sessionCookieHeader,
  sessionCookieName,
  sessionIdleMs,
  sessionMaxMs,
  validateSessionToken,
} from './sessions.ts';

const start = Date.UTC(2025, 0, 6, 9);
const minute = 60_000;
const hour = 3600_000;

const temp = useTempDatabase('sessions');
let db: Database;
let account: Account;
beforeAll(async () => {
  db = temp.db;
  account = await createAccount(db, { name: 'Session Holder', role: 'moderator', password: 'correct horse battery' }, start);
});

async function sessionRow(token: string) {
  const result = await db.execute({ sql: 'SELECT * FROM sessions WHERE id = ?', args: [token.split('.')[0]!] });
  return result.rows[0];
}

describe('createSession and validateSessionToken', () => {
  it('creates a session that validates to its account', async () => {
    const { token, expiresAt } = await createSession(db, account.id, start);
    expect(token).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{52}$/);
    expect(expiresAt).toBe(start + sessionIdleMs);
    expect(await validateSessionToken(db, token, start + 1000)).toEqual({ sessionId: token.split('.')[0], expiresAt, renewed: false, account });
  });

  it('never stores the token or its secret', async () => {
    const { token } = await createSession(db, account.id, start);
    const secret = token.split('.')[1]!;
    const rows = (await db.execute('SELECT * FROM sessions')).rows;
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(secret);
    expect((await sessionRow(token))?.['secret_hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a tampered secret, without ending the real session', async () => {
    const { token } = await createSession(db, account.id, start);
    const [id, secret] = token.split('.') as [string, string];
    const tampered = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    expect(await validateSessionToken(db, tampered, start + 1000)).toBeUndefined();
    expect(await validateSessionToken(db, `${id}.${[...secret].reverse().join('')}`, start + 1000)).toBeUndefined();
    expect(await validateSessionToken(db, token, start + 1000)).toBeDefined();
  });

  it.each(['', '.', 'abc', 'abc.def', 'a.b.c', `${'a'.repeat(32)}.${'A'.repeat(52)}`, `${'a'.repeat(32)}.${'a'.repeat(52)}.x`, '\u0000.\u0000'])(
    'answers undefined for the malformed token %j',
    async (token) => {
      expect(await validateSessionToken(db, token, start)).toBeUndefined();
    },
  );
});

describe('expiry', () => {
  it('slides on use, writing at most once a minute', async () => {
    const { token } = await createSession(db, account.id, start);
    const soon = await validateSessionToken(db, token, start + renewAfterMs - 1);
    expect(soon).toMatchObject({ expiresAt: start + sessionIdleMs, renewed: false });
    expect((await sessionRow(token))?.['last_used_at']).toBe(start);

    const later = start + 5 * hour;
    expect(await validateSessionToken(db, token, later)).toMatchObject({ expiresAt: later + sessionIdleMs, renewed: true });
    expect(await sessionRow(token)).toMatchObject({ last_used_at: later, expires_at: later + sessionIdleMs });
    // Still valid after the first idle window would have closed, because it was used.
    expect(await validateSessionToken(db, token, start + sessionIdleMs + minute)).toBeDefined();
  });

  it('ends after the idle time without use, and deletes the row', async () => {
    const { token } = await createSession(db, account.id, start);
    expect(await validateSessionToken(db, token, start + sessionIdleMs)).toBeUndefined();
    expect(await sessionRow(token)).toBeUndefined();
  });

  it('ends at the absolute cap however often it is used', async () => {
    const { token } = await createSession(db, account.id, start);
    let now = start;
    let last;
    while (now < start + sessionMaxMs - hour) {
      now += 6 * hour;
      last = await validateSessionToken(db, token, Math.min(now, start + sessionMaxMs - minute));
      expect(last).toBeDefined();
    }
    expect(last?.expiresAt).toBe(start + sessionMaxMs);
    expect(await validateSessionToken(db, token, start + sessionMaxMs)).toBeUndefined();
  });

  it('deleteExpiredSessions removes only expired rows', async () => {
    const old = await createSession(db, account.id, start - 2 * sessionIdleMs);
    const fresh = await createSession(db, account.id, start);
    expect(await deleteExpiredSessions(db, start)).toBeGreaterThanOrEqual(1);
    expect(await sessionRow(old.token)).toBeUndefined();
    expect(await sessionRow(fresh.token)).toBeDefined();
  });
});

describe('ending sessions', () => {
  it('signs out one session', async () => {
    const one = await createSession(db, account.id, start);
    const other = await createSession(db, account.id, start);
    await invalidateSession(db, one.token.split('.')[0]!);
    expect(await validateSessionToken(db, one.token, start)).toBeUndefined();
    expect(await validateSessionToken(db, other.token, start)).toBeDefined();
  });

  it('ends every session of an account, and no other, with a password reset', async () => {
    const holder = await createAccount(db, { name: 'Many Devices', role: 'moderator', password: 'correct horse battery' }, start);
    const tokens = await Promise.all([1, 2].map(() => createSession(db, holder.id, start)));
    const kept = await createSession(db, account.id, start);
    await resetPassword(db, holder.id, 'a brand new passphrase', start);
    for (const { token } of tokens) expect(await validateSessionToken(db, token, start)).toBeUndefined();
    expect(await validateSessionToken(db, kept.token, start)).toBeDefined();
  });

  it('cannot create a session for a missing account', async () => {
    await expect(createSession(db, 999_999, start)).rejects.toMatchObject({ code: 'account_not_found' });
  });
});

describe('cookies', () => {
  const token = `${'a'.repeat(32)}.${'b'.repeat(52)}`;

  it('uses the __Host- name over HTTPS and a plain name for development over HTTP', () => {
    expect(sessionCookieName(true)).toBe('__Host-befriend_session');
    expect(sessionCookieName(false)).toBe('befriend_session');
  });

  it('sets the session cookie until it expires', () => {
    const expiresAt = start + sessionIdleMs;
    expect(sessionCookieHeader(token, expiresAt, true, start)).toBe(
      `__Host-befriend_session=${token}; HttpOnly; SameSite=Lax; Path=/; Expires=Mon, 06 Jan 2025 21:00:00 GMT; Max-Age=43200; Secure`,
    );
    expect(sessionCookieHeader(token, expiresAt, false, start)).toBe(
      `befriend_session=${token}; HttpOnly; SameSite=Lax; Path=/; Expires=Mon, 06 Jan 2025 21:00:00 GMT; Max-Age=43200`,
    );
  });

  it('blanks the cookie', () => {
    expect(blankSessionCookieHeader(true)).toBe('__Host-befriend_session=; HttpOnly; SameSite=Lax; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure');
    expect(blankSessionCookieHeader(false)).toMatch(/^befriend_session=; .*Max-Age=0$/);
  });

  it.each([
    [undefined, true, undefined],
    ['', true, undefined],
    [`theme=dark; __Host-befriend_session=${token}; lang=en`, true, token],
    [`__Host-befriend_session=${token}`, false, undefined],
    [`befriend_session=${token}`, true, undefined],
    [`befriend_session=${token}`, false, token],
    ['x_befriend_session=abc; befriend_session=', false, undefined],
    [`befriend_session = ${token} `, false, token],
  ])('reads %j (secure: %s)', (header, secure, expected) => {
    expect(readSessionToken(header, secure)).toBe(expected);
  });
});
