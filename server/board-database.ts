// The board's database as a process opens it: the client for reads, and a write thread with its
// group-commit queue for writes.
import { openDatabase, type Database } from '../api/db/database.ts';
import { createWriteQueue, type WriteQueue } from '../api/db/write-queue.ts';
import { openWriteThread } from '../api/db/write-thread.ts';
import { resolveDatabaseUrl, type ServerEnv } from './env.ts';

/** The database, with its write thread and queue. */
export interface BoardDatabase {
  db: Database;
  writes: WriteQueue;
  /** Waits for queued writes, then closes. */
  close(): Promise<void>;
}

export async function openBoardDatabase(env: ServerEnv): Promise<BoardDatabase> {
  // A relative file: URL is relative to the project, wherever the command was started.
  const databaseUrl = resolveDatabaseUrl(env.databaseUrl);
  const db = await openDatabase({ url: databaseUrl, authToken: env.databaseAuthToken, syncUrl: env.databaseSyncUrl });
  const writeThread = openWriteThread(db, { url: databaseUrl, syncUrl: env.databaseSyncUrl });
  const writes = createWriteQueue(writeThread.batch);
  return {
    db,
    writes,
    async close() {
      await writes.idle();
      await writeThread.close();
      db.close();
    },
  };
}

