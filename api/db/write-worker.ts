// The write thread: owns one connection to the database file and runs write batches on it. An
// embedded database commits on the calling thread and waits there for the disk (synchronous=FULL
// flushes on every commit), so writes run here and the server's event loop keeps serving.
// Every batch zeroes what it frees, and one that erases empties the write-ahead log before it is
// answered (see erasure.ts).
import { createClient, type Client, type InStatement } from '@libsql/client';
import { parentPort, workerData } from 'node:worker_threads';
import { secureDelete, truncateWal } from './erasure.ts';
import { toPlainResult, type PlainResult } from './write-queue.ts';

export interface WriteWorkerData {
  url: string;
}
export interface WriteRequest {
  id: number;
  statements: InStatement[];
  erases: boolean;
}
export type WriteReply = { id: number; results: PlainResult[] } | { id: number; error: { message: string; code: string | undefined } };

if (!parentPort) throw new Error('write-worker.ts runs as a worker thread (see write-thread.ts)');
const port = parentPort;
const { url } = workerData as WriteWorkerData;
const connect = () => createClient({ url, timeout: 5000 });
let db = connect();
// Checkpoints on a connection of their own, whose short busy timeout bounds how long a reader on
// an older snapshot holds up the writes queued behind an erasure.
let checkpoints: Client | undefined;

/** Empties the log after an erasure. The erasure itself is committed whatever happens here. */
async function emptyLog(): Promise<void> {
  try {
    checkpoints ??= createClient({ url, timeout: 1000, concurrency: 1 });
    if (await truncateWal(checkpoints)) return;
    console.warn('A reader kept the write-ahead log busy: the old copies of what was just erased stay in it until the next erasure or housekeeping (within 10 minutes).');
  } catch (error) {
    console.warn(`Emptying the write-ahead log after an erasure failed: ${(error as Error).message}`);
  }
}

port.on('message', async (request: WriteRequest) => {
  try {
    // In the batch itself, so it holds on whichever pooled connection runs it.
    const [, ...results] = await db.batch([secureDelete, ...request.statements], 'write');
    if (request.erases) await emptyLog();
    port.postMessage({ id: request.id, results: results.map(toPlainResult) } satisfies WriteReply);
  } catch (error) {
    // A batch that failed part-way (the database locked past the busy timeout, say) can leave a
    // statement in progress on the connection, and every later COMMIT then fails with
    // "SQL statements in progress": start again on a fresh connection.
    try {
      db.close();
    } catch {
      // closing a broken connection may fail too; the new one is what matters
    }
    db = connect();
    const { message, code } = error as { message?: string; code?: unknown };
    port.postMessage({ id: request.id, error: { message: String(message ?? error), code: typeof code === 'string' ? code : undefined } } satisfies WriteReply);
  }
});
port.on('close', () => {
  db.close();
  checkpoints?.close();
});
