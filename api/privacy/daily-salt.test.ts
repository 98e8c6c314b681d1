import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { saltFor, sharedDailySalts } from './daily-salt.ts';
import { createSourceHasher } from './source.ts';

const secret = 'a-secret-long-enough-for-the-check-0123456789';
const day = 20_000;
const temp = useTempDatabase('salt');
let one: Database;
let two: Database;

beforeAll(async () => {
  // Two connections to one database file: two machines on one libSQL server.
  one = temp.db;
  two = await openDatabase({ url: temp.url });
});

afterAll(() => {
  two?.close();
});

const nonces = async () => (await one.execute("SELECT key, value FROM settings WHERE key LIKE 'source-nonce:%' ORDER BY key")).rows.map((r) => String(r['key']));

describe('the day’s salt shared through SOURCE_SECRET', () => {
  it('is the same for every process with the secret, so a reader counts once whichever answers', async () => {
    let now = day * 86_400_000 + 1_000;
    const a = await sharedDailySalts(one, secret, () => now);
    const b = await sharedDailySalts(two, secret, () => now);
    expect(a.get(day)).toEqual(b.get(day));
    expect(a.get(day + 1)).toEqual(b.get(day + 1));
    expect(a.get(day)).not.toEqual(a.get(day + 1));
    const keyA = createSourceHasher(() => now, undefined, (d) => a.get(d)).key('203.0.113.9', 'comment');
    const keyB = createSourceHasher(() => now, undefined, (d) => b.get(d)).key('203.0.113.9', 'comment');
    expect(keyA).toBe(keyB);
    a.stop();
    b.stop();
  });

  it('needs both halves: another secret, or another day’s nonce, gives another salt', async () => {
    const now = () => day * 86_400_000;
    const other = await sharedDailySalts(two, `${secret}-but-another`, now);
    const mine = await sharedDailySalts(one, secret, now);
    expect(other.get(day)).not.toEqual(mine.get(day));
    const row = (await one.execute({ sql: 'SELECT value FROM settings WHERE key = ?', args: [`source-nonce:${day}`] })).rows[0]!;
    const nonce = JSON.parse(String(row['value'])) as string;
    expect(mine.get(day)).toEqual(saltFor(secret, day, nonce));
    // The salt itself is stored nowhere: only the nonce is.
    const stored = (await one.execute('SELECT value FROM settings')).rows.map((r) => String(r['value']));
    expect(stored.some((v) => v.includes(mine.get(day)!.toString('base64url')) || v.includes(mine.get(day)!.toString('base64')))).toBe(false);
    other.stop();
    mine.stop();
  });

  it('deletes a day’s nonce once the day is over: its keys can no longer be linked to an address', async () => {
    let now = day * 86_400_000;
    const salts = await sharedDailySalts(one, secret, () => now);
    expect(await nonces()).toEqual([`source-nonce:${day}`, `source-nonce:${day + 1}`]);
    now += 86_400_000;
    await salts.refresh();
    expect(await nonces()).toEqual([`source-nonce:${day + 1}`, `source-nonce:${day + 2}`]);
    expect(salts.get(day)).toBeUndefined();
    salts.stop();
  });

  it('refuses a short secret', async () => {
    await expect(sharedDailySalts(one, 'short', () => 0)).rejects.toThrow(/at least 32/);
  });
});
