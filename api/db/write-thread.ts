// Runs the comment board's write batches off the event loop. For an embedded file the batches go
// to a worker thread with its own connection (see write-worker.ts); a libSQL server or an embedded
// replica already writes over the network without blocking, so their batches stay on the client.
import { Worker } from 'node:worker_threads';
import type { Database } from './database.ts';
import { clientBatch, type BatchWrite, type PlainResult } from './write-queue.ts';
import type { WriteReply, WriteRequest, WriteWorkerData } from './write-worker.ts';

export interface WriteThread {
  batch: BatchWrite;
  /** Ends the worker once the writes in progress are answered. */
  close(): Promise<void>;
}

type Pending = { resolve: (results: PlainResult[]) => void; reject: (error: Error) => void };

/** An error from the worker, with the database's error code (SQLITE_BUSY, SQLITE_FULL, …). */
export class WriteError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'WriteError';
    this.code = code;
  }
}

export function openWriteThread(db: Database, options: { url: string; syncUrl?: string | undefined; heapLimitMb?: number }): WriteThread {
  if (!options.url.startsWith('file:') || options.syncUrl) return { batch: clientBatch(db), close: async () => {} };

  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | undefined;
  let closing = false;

  const start = (): Worker => {
    const started = new Worker(new URL('./write-worker.ts', import.meta.url), {
      workerData: { url: options.url } satisfies WriteWorkerData,
      ...(options.heapLimitMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapLimitMb } } : {}),
    });
    started.on('message', (reply: WriteReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      // Idle, the thread does not keep the process alive; busy, it does (a command awaiting its
      // last write must not exit under it).
      if (pending.size === 0) started.unref();
      if ('error' in reply) waiting.reject(new WriteError(reply.error.message, reply.error.code));
      else waiting.resolve(reply.results);
    });
    // A worker that dies fails what it held (nothing of it was acknowledged); the next write
    // starts another.
    const lost = (error: Error) => {
      if (worker === started) worker = undefined;
      for (const [id, waiting] of pending) {
        pending.delete(id);
        waiting.reject(error);
      }
    };
    started.on('error', lost);
    started.on('exit', (code) => lost(new WriteError(`The write thread stopped (exit code ${code}).`, 'unavailable')));
    started.unref();
    return started;
  };

  return {
    batch(statements, options) {
      if (closing) return Promise.reject(new WriteError('The board is shutting down.', 'unavailable'));
      worker ??= start();
      const id = nextId++;
      const request: WriteRequest = { id, statements, erases: options?.erases === true };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.ref();
        worker!.postMessage(request);
      });
    },
    async close() {
      closing = true;
      while (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await worker?.terminate();
      worker = undefined;
    },
  };
}
