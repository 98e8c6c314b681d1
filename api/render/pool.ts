// Renders comment bodies on worker threads, so neither a slow body nor DOMPurify's steady cost
// (~0.5 ms a comment) holds up the server's event loop. A render that overruns is cut short by
// ending its worker and starting another.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RenderOverloadedError, RenderRefusedError, RenderUnavailableError } from './errors.ts';
import type { RenderReply, RenderRequest } from './worker.ts';

export interface RenderPoolOptions {
  /** Worker threads; by default one per core but one, between 1 and 4. */
  size?: number;
  /** A render taking longer is refused (RenderRefusedError) and its worker replaced. */
  timeoutMs?: number;
  /** Renders waiting for a worker; beyond this, render() rejects with RenderOverloadedError. */
  maxQueue?: number;
}

export interface RenderPool {
  /** Markdown source to sanitised HTML; rejects with RenderRefusedError (code body_too_complex). */
  render(source: string): Promise<string>;
  /** Rejects what is waiting or running with RenderUnavailableError and ends the workers. */
  close(): Promise<void>;
}

interface Job {
  source: string;
  resolve: (html: string) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Why the worker failed, from its 'error' event, for the 'exit' that follows. */
  failure: Error | undefined;
}

const workerUrl = new URL('./worker.ts', import.meta.url);

function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export function createRenderPool({ size = defaultPoolSize(), timeoutMs = 200, maxQueue = 1_000 }: RenderPoolOptions = {}): RenderPool {
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let closed = false;
  /** Set when workers die before they are ready (a broken install): no point starting more. */
  let startupFailure: Error | undefined;

  for (let i = 0; i < size; i++) start();

  function start(): void {
    const slot: Slot = { worker: new Worker(workerUrl), ready: false, job: undefined, timer: undefined, failure: undefined };
    slots.add(slot);
    slot.worker.on('message', (reply: RenderReply) => {
      if (reply.type === 'ready') {
        slot.ready = true;
        // Starting, a worker keeps the process alive (work may be waiting for it); idle, not.
        slot.worker.unref();
      } else {
        const job = finish(slot);
        if (reply.type === 'rendered') job?.resolve(reply.html);
        else job?.reject(reply.code === 'body_too_complex' ? new RenderRefusedError(reply.message) : new Error(`Rendering failed: ${reply.message}`));
      }
      dispatch();
    });
    slot.worker.on('error', (error) => {
      slot.failure = error;
    });
    slot.worker.on('exit', (exitCode) => {
      // A worker ended on purpose (timeout, close) has already left the set.
      if (!slots.delete(slot)) return;
      const failure = slot.failure ?? new Error(`A render worker stopped (exit code ${exitCode})`);
      finish(slot)?.reject(failure);
      if (slot.ready) start();
      else if (slots.size === 0) failStartup(failure);
      dispatch();
    });
  }

  function dispatch(): void {
    for (const slot of slots) {
      const job = slot.ready && !slot.job ? queue.shift() : undefined;
      if (!job) continue;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        slots.delete(slot);
        void slot.worker.terminate();
        finish(slot)?.reject(new RenderRefusedError('This comment took too long to display.'));
        start();
        dispatch();
      }, timeoutMs);
      slot.worker.postMessage(job.source satisfies RenderRequest);
    }
  }

  /** Frees the slot and returns the job it held. */
  function finish(slot: Slot): Job | undefined {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    slot.worker.unref();
    return job;
  }

  function failStartup(failure: Error): void {
    startupFailure = new RenderUnavailableError(`The comment renderer could not start: ${failure.message}`, { cause: failure });
    for (const job of queue.splice(0)) job.reject(startupFailure);
  }

  return {
    render(source) {
      if (closed) return Promise.reject(new RenderUnavailableError('The comment renderer is closed.'));
      if (startupFailure) return Promise.reject(startupFailure);
      if (queue.length >= maxQueue) return Promise.reject(new RenderOverloadedError('Too many comments are waiting to be displayed: try again in a moment.'));
      return new Promise<string>((resolve, reject) => {
        queue.push({ source, resolve, reject });
        dispatch();
      });
    },

    async close() {
      closed = true;
      const closing = new RenderUnavailableError('The comment renderer is closed.');
      for (const job of queue.splice(0)) job.reject(closing);
      const ending = [...slots].map((slot) => {
        finish(slot)?.reject(closing);
        return slot.worker.terminate();
      });
      slots.clear();
      await Promise.all(ending);
    },
  };
}
