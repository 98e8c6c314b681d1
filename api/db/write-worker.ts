// The write thread: owns one connection to the database file and runs write batches on it. An
// embedded database commits on the calling thread and waits there for the disk (synchronous=FULL
// flushes on every commit), so writes run here and the server's event loop keeps serving.
import { createClient, type InStatement } from '@libsql/client';
import { parentPort, workerData } from 'node:worker_threads';
import { toPlainResult, type PlainResult } from './write-queue.ts';

export interface WriteWorkerData {
  url: string;
}
export interface WriteRequest {
  id: number;
  statements: InStatement[];
}
export type WriteReply = { id: number; results: PlainResult[] } | { id: number; error: { message: string; code: string | undefined } };

if (!parentPort) throw new Error('write-worker.ts runs as a worker thread (see write-thread.ts)');
const port = parentPort;
const { url } = workerData as WriteWorkerData;
const connect = () => createClient({ url, timeout: 5000 });
let db = connect();

port.on('message', async (request: WriteRequest) => {
  try {
    const results = await db.batch(request.statements, 'write');
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
port.on('close', () => db.close());
