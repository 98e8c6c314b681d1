// How often anyone may try to sign in. A source (an address, hashed under the day's salt) is
// limited in every attempt it makes; an account only in the failures made on it, and those are
// counted per source, so that nobody elsewhere can use up the owner's tries from their own address.
// Many failures on one account in an hour (a guessing attack from many addresses) shrink every
// source's allowance on that account: each new address then buys an attacker a few guesses only.
import { hitLimits } from '../../api/limits/rate-limits.ts';
import type { Database } from '../../api/db/database.ts';
import type { WriteQueue } from '../../api/db/write-queue.ts';
import type { SourceHasher } from '../../api/privacy/source.ts';

const hour = 3_600_000;

export const signInLimits = {
  /** Attempts from one source, on any account. */
  perMinute: 6,
  perHour: 30,
  /** Failed attempts on one account from one source, in an hour. */
  failures: 10,
  /** The same while the account is under attack. */
  failuresUnderAttack: 3,
  /** Failed attempts on one account from all sources, in an hour, that mean an attack. */
  attack: 100,
} as const;

export interface SignInGuard {
  /** Counts an attempt against its source: the seconds to wait if the source is over its limits. */
  attempt(address: string, now: number): Promise<number | undefined>;
  /** The seconds to wait before this source may try this account again (counts nothing). */
  accountWait(address: string, accountKey: string, now: number): Promise<number | undefined>;
  /** Counts a failed attempt on the account, from this source. */
  failed(address: string, accountKey: string, now: number): Promise<void>;
}

export function signInGuard(db: Database, writes: WriteQueue, sources: SourceHasher): SignInGuard {
  const sourceKey = (address: string) => sources.key(address, 'login');
  // The account is in the key's purpose: the stored key says neither the address nor the account.
  const pairKey = (address: string, accountKey: string) => `login-fail:${sources.key(address, `login-fail:${accountKey}`)}`;
  const accountFailures = (accountKey: string) => `login-fail-account:${accountKey}`;
  const seconds = (expiresAt: number, now: number) => Math.max(1, Math.ceil((expiresAt - now) / 1000));

  return {
    async attempt(address, now) {
      const source = sourceKey(address);
      const waits = await hitLimits(
        writes,
        [
          { key: `login-minute:${source}`, limit: signInLimits.perMinute, windowMs: 60_000 },
          { key: `login-hour:${source}`, limit: signInLimits.perHour, windowMs: hour },
        ],
        now,
      );
      const wait = Math.max(0, ...waits.map((w) => w ?? 0));
      return wait > 0 ? wait : undefined;
    },

    async accountWait(address, accountKey, now) {
      const pair = pairKey(address, accountKey);
      const result = await db.execute({
        sql: 'SELECT key, count, expires_at FROM rate_limits WHERE key IN (?, ?) AND expires_at > ?',
        args: [pair, accountFailures(accountKey), now],
      });
      const row = (key: string) => result.rows.find((r) => r['key'] === key);
      const underAttack = Number(row(accountFailures(accountKey))?.['count'] ?? 0) > signInLimits.attack;
      const mine = row(pair);
      const allowed = underAttack ? signInLimits.failuresUnderAttack : signInLimits.failures;
      return mine && Number(mine['count']) >= allowed ? seconds(Number(mine['expires_at']), now) : undefined;
    },

    async failed(address, accountKey, now) {
      await hitLimits(
        writes,
        [
          { key: pairKey(address, accountKey), limit: signInLimits.failures, windowMs: hour },
          { key: accountFailures(accountKey), limit: signInLimits.attack, windowMs: hour },
        ],
        now,
      );
    },
  };
}
