// Values every process must share, made once by whichever gets there first and kept in the
// database: the form-token key, the daily nonce of source keys (privacy/daily-salt.ts).
import { randomBytes } from 'node:crypto';
import type { Database } from './db/database.ts';

/** The value under `key` in settings, made with `make` if no process has made it yet. */
export async function sharedValue(db: Database, key: string, make: () => string): Promise<string> {
  // INSERT OR IGNORE: when two processes get there together, the first one's value wins for both.
  await db.execute({ sql: 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)', args: [key, JSON.stringify(make())] });
  const row = (await db.execute({ sql: 'SELECT value FROM settings WHERE key = ?', args: [key] })).rows[0];
  return JSON.parse(String(row?.['value'])) as string;
}

export function sharedSecret(db: Database, name: string): Promise<string> {
  return sharedValue(db, `secret:${name}`, () => randomBytes(32).toString('base64url'));
}
