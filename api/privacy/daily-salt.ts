// The day's salt for source keys, shared by API processes on separate machines (SOURCE_SECRET).
//
// Processes started together (`--workers`) get theirs from the starting process, in memory. Processes
// on different machines have no such parent, so each derives the salt from two halves:
// - the secret, from the environment, never written to the database or its backups;
// - a random nonce for the day, kept in the shared database and deleted once the day is over.
// Neither half alone yields the salt: a stolen database (or backup) without the secret cannot be
// used to test addresses against the stored keys, and once a day's nonce is gone not even the
// secret can link that day's keys to an address again.
import type { InStatement } from '@libsql/client';
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { sharedValue } from '../secrets.ts';

export const minSourceSecretLength = 32;
const prefix = 'source-nonce:';
const dayMs = 86_400_000;

export interface DailySalts {
  /** The salt for a UTC day (days since the epoch), once loaded: today's and tomorrow's are kept ready. */
  get(day: number): Buffer | undefined;
  /** Loads today's and tomorrow's, and deletes the nonces of days that are over. */
  refresh(): Promise<void>;
  stop(): void;
}

export function saltFor(secret: string, day: number, nonce: string): Buffer {
  return createHmac('sha256', secret).update(`befriend source salt\n${day}\n${nonce}`).digest();
}

/** Deletes the nonces of the days before `day` (days since the epoch). */
export function deleteNonces(day: number): InStatement {
  return { sql: `DELETE FROM settings WHERE key LIKE '${prefix}%' AND CAST(substr(key, ?) AS INTEGER) < ?`, args: [prefix.length + 1, day] };
}

/** Loads the salts now (so the first request is keyed like every other) and every ten minutes. */
export async function sharedDailySalts(db: Database, secret: string, now: () => number, random: (size: number) => Buffer = randomBytes): Promise<DailySalts> {
  if (secret.length < minSourceSecretLength) throw new Error(`SOURCE_SECRET must be at least ${minSourceSecretLength} characters.`);
  const salts = new Map<number, Buffer>();
  const refresh = async () => {
    const today = Math.floor(now() / dayMs);
    for (const day of [today, today + 1]) {
      if (salts.has(day)) continue;
      // When processes race for a new day, the first nonce wins for all of them.
      const nonce = await sharedValue(db, `${prefix}${day}`, () => random(32).toString('base64url'));
      salts.set(day, saltFor(secret, day, nonce));
    }
    for (const day of salts.keys()) if (day < today) salts.delete(day);
    await db.execute(deleteNonces(today));
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch((error: unknown) => console.error(`Loading the day's salt for source keys failed (rate limits count per process until it loads): ${(error as Error).message}`)), 600_000);
  timer.unref();
  return { get: (day) => salts.get(day), refresh, stop: () => clearInterval(timer) };
}
