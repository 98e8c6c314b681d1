// A real libSQL database file in a temporary folder, migrated, for one test file: never `:memory:`,
// whose transactions and file behave otherwise. `useTempDatabase()` opens it before the file's
// tests and removes it after; `openTempDatabase()` is the same by hand, for a test that wants its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../api/db/database.ts';
import { clientBatch, createWriteQueue, type WriteQueue } from '../../api/db/write-queue.ts';

export interface TempDatabase {
  /** The folder the file is in (the test may put more there: a dist/, a backup). */
  dir: string;
  /** The database file's path, and its `file:` URL. */
  path: string;
  url: string;
  db: Database;
  /** A write queue on the same client, as the server's writes go. */
  writes: WriteQueue;
  /** Closes the client and removes the folder. */
  close(): Promise<void>;
}

export async function openTempDatabase(name = 'befriend'): Promise<TempDatabase> {
  const dir = await mkdtemp(join(tmpdir(), `befriend-${name}-`));
  const path = join(dir, `${name}.db`);
  const url = `file:${path}`;
  const db = await openDatabase({ url });
  const writes = createWriteQueue(clientBatch(db));
  return {
    dir,
    path,
    url,
    db,
    writes,
    async close() {
      await writes.idle();
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The file's database, opened in beforeAll and removed in afterAll. Read its fields inside tests
 * and hooks (they are set once beforeAll has run).
 */
export function useTempDatabase(name?: string): TempDatabase {
  const handle = {} as TempDatabase;
  beforeAll(async () => {
    Object.assign(handle, await openTempDatabase(name));
  });
  afterAll(async () => {
    await handle.close?.();
  });
  return handle;
}
