// The write thread on a real libSQL file: group commit across the thread, errors that keep their
// database code, a worker that dies and is replaced, and readers on the main connection seeing
// every acknowledged write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import type { Database } from './database.ts';
import { createWriteQueue } from './write-queue.ts';
import { openWriteThread, WriteError, type WriteThread } from './write-thread.ts';

const temp = useTempDatabase('write-thread');
let url: string;
let db: Database;
let thread: WriteThread;
beforeAll(() => {
  ({ url, db } = temp);
  thread = openWriteThread(db, { url });
});
afterAll(async () => {
  await thread?.close();
});

const limitRow = (key: string) => ({ sql: 'INSERT INTO rate_limits (key, count, expires_at) VALUES (?, 1, 0) RETURNING key, count', args: [key] });

describe('openWriteThread', () => {
  it('commits concurrent writes in groups and answers each with its own rows', async () => {
    let batches = 0;
    const queue = createWriteQueue(async (statements) => {
      batches++;
      return thread.batch(statements);
    });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => queue.write([limitRow(`burst-${i}`)])));
    expect(results.map((r) => r[0]!.rows[0]!['key'])).toEqual(Array.from({ length: 100 }, (_, i) => `burst-${i}`));
    expect(batches).toBeLessThan(100);
    const stored = await db.execute("SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'burst-%'");
    expect(Number(stored.rows[0]!['n'])).toBe(100);
  });

  it('refuses a failing batch whole, with the database error code, and keeps working', async () => {
    const failing = thread.batch([limitRow('kept-out'), limitRow('kept-out')]);
    await expect(failing).rejects.toBeInstanceOf(WriteError);
    await expect(failing).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    const none = await db.execute("SELECT count(*) AS n FROM rate_limits WHERE key = 'kept-out'");
    expect(Number(none.rows[0]!['n'])).toBe(0);
    const [after] = await thread.batch([limitRow('after-failure')]);
    expect(after!.rows[0]).toEqual({ key: 'after-failure', count: 1 });
  });

  it('fails one write alone when its group is refused', async () => {
    const queue = createWriteQueue(thread.batch);
    const results = await Promise.allSettled([queue.write([limitRow('group-a')]), queue.write([limitRow('group-a')]), queue.write([limitRow('group-b')])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('stays on the client for a libSQL server URL', async () => {
    const remote = openWriteThread(db, { url: 'http://127.0.0.1:1' });
    // The client given is used as is: here the local one, so the write lands in the same file.
    const [result] = await remote.batch([limitRow('through-client')]);
    expect(result!.rows[0]!['key']).toBe('through-client');
    await remote.close();
  });

  it('refuses writes once closed', async () => {
    const other = openWriteThread(db, { url });
    await other.batch([limitRow('before-close')]);
    await other.close();
    await expect(other.batch([limitRow('after-close')])).rejects.toMatchObject({ code: 'unavailable' });
  });
});
