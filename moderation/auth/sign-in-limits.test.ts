// Sign-in limits through app.request() on a real libSQL file: guessing stays slow, and nobody
// elsewhere can keep a named moderator out.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { createSourceHasher } from '../../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { createAccount } from './accounts.ts';
import { signInLimits } from './sign-in-limits.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';

const pagesOrigin = 'http://127.0.0.1:4321';
const temp = useTempDatabase('sign-in');
let db: Database;
let pool: RenderPool;
let clock = Date.UTC(2026, 10, 26, 10);
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = temp.db;
  await writeFile(join(temp.dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"><h1>Sorry</h1></main></body></html>');
  pool = createRenderPool({ size: 1 });
  app = createApp({
    distDir: temp.dir,
    pagesOrigin,
    posts: [],
    comments: { db, writes: temp.writes, renderer: pool, sources: createSourceHasher(() => clock), clock: () => clock, formSecret: 'secret', limits: true, trustedProxyHeader: 'X-Forwarded-For' },
  });
  for (const name of ['Edith Owner', 'Guessed At', 'Under Siege']) await createAccount(db, { name, role: 'moderator', password: 'plum lantern orbit seventy' }, clock);
});

afterAll(async () => {
  await pool?.close();
});

const signIn = (username: string, password: string, from: string) =>
  app.request('/moderation/login', {
    method: 'POST',
    headers: { Origin: pagesOrigin, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': from },
    body: new URLSearchParams({ username, password }).toString(),
  });
// Each attempt verifies an Argon2id hash (about 26 ms, much more on a loaded machine).
const slow = 120_000;
const statuses = async (n: number, attempt: (i: number) => Response | Promise<Response>) => {
  const seen: number[] = [];
  for (let i = 0; i < n; i++) seen.push((await attempt(i)).status);
  return seen;
};

describe('sign-in limits', () => {
  it('an attacker’s 100 wrong attempts from other addresses do not stop the owner signing in from their own', async () => {
    // 100 addresses, one guess each, all within the hour: before, 30 of them locked the account.
    const guesses = await statuses(100, (i) => signIn('Edith Owner', `guess ${i} of many`, `203.0.113.${i + 1}`));
    expect(guesses.every((status) => status === 401)).toBe(true);
    expect((await signIn('edith owner', 'plum lantern orbit seventy', '192.0.2.10')).status).toBe(303);
    clock += 3_600_000;
  }, slow);

  it('a source over its own limit is refused without counting against the account', async () => {
    // One address hammering: refused after its 6 a minute, and none of that reaches the account.
    const hammering = await statuses(40, (i) => signIn('Edith Owner', `hammer ${i}`, '198.51.100.66'));
    expect(hammering.filter((status) => status === 401)).toHaveLength(signInLimits.perMinute);
    expect(hammering.slice(signInLimits.perMinute).every((status) => status === 429)).toBe(true);
    expect((await signIn('Edith Owner', 'plum lantern orbit seventy', '192.0.2.10')).status).toBe(303);
    clock += 3_600_000;
  }, slow);

  it('guessing from one address stops after 10 failures an hour, even with the right password, and starts again after the hour', async () => {
    const from = '198.51.100.7';
    const failures: number[] = [];
    for (let i = 0; i < signInLimits.failures; i++) {
      if (i % 5 === 4) clock += 61_000; // within the source's 6 a minute
      failures.push((await signIn('Guessed At', `wrong guess ${i}`, from)).status);
    }
    expect(failures.every((status) => status === 401)).toBe(true);
    clock += 61_000;
    const refused = await signIn('Guessed At', 'plum lantern orbit seventy', from);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(60);
    // The owner, elsewhere, is not held up by it.
    expect((await signIn('Guessed At', 'plum lantern orbit seventy', '192.0.2.20')).status).toBe(303);
    clock += 3_600_000;
    expect((await signIn('Guessed At', 'plum lantern orbit seventy', from)).status).toBe(303);
  }, slow);

  it('limits a source to 30 attempts an hour whatever the accounts', async () => {
    const from = '198.51.100.8';
    const seen: number[] = [];
    for (let i = 0; i < signInLimits.perHour; i++) {
      if (i % 6 === 5) clock += 61_000;
      seen.push((await signIn(`someone ${i}`, 'not a password of theirs', from)).status);
    }
    expect(seen.every((status) => status === 401)).toBe(true);
    clock += 61_000;
    expect((await signIn('Edith Owner', 'plum lantern orbit seventy', from)).status).toBe(429);
    clock += 3_600_000;
  }, slow);

  it('under a guessing attack from many addresses, each new address gets 3 guesses at the account, and the owner still gets in', async () => {
    // More than 100 failures in the hour, from addresses that each stay within their own limits.
    for (let i = 0; i <= signInLimits.attack; i++) expect((await signIn('Under Siege', `attack ${i}`, `203.0.113.${(i % 200) + 1}`)).status).toBe(401);
    const fresh = await statuses(4, (i) => signIn('Under Siege', `fresh ${i}`, '198.51.100.99'));
    expect(fresh).toEqual([401, 401, 401, 429]);
    expect((await signIn('Under Siege', 'plum lantern orbit seventy', '192.0.2.30')).status).toBe(303);
  }, slow);
});
