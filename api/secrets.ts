// Secrets every process must share (the form-token key): made once, kept in the database.
import { randomBytes } from 'node:crypto';
import type { Database } from './db/database.ts';

export async function sharedSecret(db: Database, name: string): Promise<string> {
  const key = `secret:${name}`;
  // INSERT OR IGNORE: when two processes start together, the first one's secret wins for both.
  await db.execute({ sql: 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)', args: [key, JSON.stringify(randomBytes(32).toString('base64url'))] });
  const row = (await db.execute({ sql: 'SELECT value FROM settings WHERE key = ?', args: [key] })).rows[0];
  return JSON.parse(String(row?.['value'])) as string;
}
