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
  /** A render using more CPU time is refused (RenderRefusedError) and its worker replaced. */
  timeoutMs?: number;
  /** Renders waiting for a worker; beyond this, render() rejects with RenderOverloadedError. */
  maxQueue?: number;
  /** The worker script; tests swap in one that stalls, as no real body can. */
  workerUrl?: URL;
  /**
   * A cap on each worker's old generation (MB), for batch jobs such as an import, where memory
   * matters more than a steady latency. Off for the server (see start()).
   */
  heapLimitMb?: number;
}

export interface RenderPool {
  /** Markdown source to sanitised HTML; rejects with RenderRefusedError (code body_too_complex). */
  render(source: string): Promise<string>;
  /**
   * Several sources in one message (for an import: one round trip instead of one per body). Each
   * result is the HTML, or the error that source alone would have been rejected with; a batch that
   * overruns its time (timeoutMs for each source) is rejected whole.
   */
  renderBatch(sources: readonly string[]): Promise<(string | Error)[]>;
  /** Rejects what is waiting or running with RenderUnavailableError and ends the workers. */
  close(): Promise<void>;
}

interface Job {
  request: RenderRequest;
  /** Its share of CPU time: timeoutMs for each body. */
  timeoutMs: number;
  resolve: (reply: RenderReply) => void;
  reject: (error: Error) => void;
  /** Sent on its own, never in a group: it was in a group that overran or broke its worker. */
  alone?: boolean;
}

/** Bodies waiting together go to a worker in one message: at most this many. */
const maxGroup = 32;

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  /** When the job was sent, on the clock and in the worker's CPU time (ms). */
  startedAt: number;
  cpuAtStart: Promise<number | undefined>;
  /** Why the worker failed, from its 'error' event, for the 'exit' that follows. */
  failure: Error | undefined;
}

function outcomeError(outcome: RenderReply | undefined): Error {
  if (outcome?.type !== 'failed') return new Error('Rendering failed: unexpected reply from a render worker.');
  return outcome.code === 'body_too_complex' ? new RenderRefusedError(outcome.message) : new Error(`Rendering failed: ${outcome.message}`);
}

/** How many times timeoutMs a render may wait for CPU before its worker is ended anyway. */
const maxStarvation = 10;

function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** CPU time the worker has used in ms; undefined if it has stopped (or Node is older than 24.6). */
async function cpuTime(worker: Worker): Promise<number | undefined> {
  if (typeof worker.cpuUsage !== 'function') return undefined;
  try {
    const { user, system } = await worker.cpuUsage();
    return (user + system) / 1_000;
  } catch {
    return undefined;
  }
}

export function createRenderPool({
  size = defaultPoolSize(),
  timeoutMs = 200,
  maxQueue = 1_000,
  workerUrl = new URL('./worker.ts', import.meta.url),
  heapLimitMb,
}: RenderPoolOptions = {}): RenderPool {
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let closed = false;
  /** Set when workers die before they are ready (a broken install): no point starting more. */
  let startupFailure: Error | undefined;

  for (let i = 0; i < size; i++) start();

  function start(): void {
    // No resourceLimits: capping the heap at 128 MB made V8 collect so often that one render in
    // a thousand took over 150 ms, and timed out.
    const slot: Slot = {
      worker: new Worker(workerUrl, heapLimitMb ? { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } } : {}),
      ready: false,
      job: undefined,
      timer: undefined,
      startedAt: 0,
      cpuAtStart: Promise.resolve(undefined),
      failure: undefined,
    };
    slots.add(slot);
    slot.worker.on('message', (reply: RenderReply) => {
      if (reply.type === 'ready') {
        slot.ready = true;
        // Starting, a worker keeps the process alive (work may be waiting for it); idle, not.
        slot.worker.unref();
      } else {
        finish(slot)?.resolve(reply);
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

  /**
   * The next job for a free worker. Under load the main thread is slow to answer each reply, and
   * one body at a time would leave the worker waiting on it: bodies waiting together go as one
   * batch instead (one round trip), with twice one body's time. A group that overruns, or whose
   * worker dies, sends each of its bodies again alone, so only the culprit is refused.
   */
  function nextJob(): Job | undefined {
    const first = queue.shift();
    if (!first || typeof first.request !== 'string' || first.alone) return first;
    const members = [first];
    while (members.length < maxGroup && typeof queue[0]?.request === 'string' && !queue[0].alone) members.push(queue.shift()!);
    if (members.length === 1) return first;
    return {
      request: { batch: members.map((member) => member.request as string) },
      timeoutMs: first.timeoutMs * 2,
      resolve(reply) {
        members.forEach((member, i) => (reply.type === 'batch' && reply.results[i] ? member.resolve(reply.results[i]) : member.reject(new Error('Rendering failed: the worker did not answer the batch.'))));
      },
      reject(error) {
        if (closed || error instanceof RenderUnavailableError) return members.forEach((member) => member.reject(error));
        queue.unshift(...members.map((member) => ({ ...member, alone: true })));
      },
    };
  }

  function dispatch(): void {
    for (const slot of slots) {
      const job = slot.ready && !slot.job ? nextJob() : undefined;
      if (!job) continue;
      slot.job = job;
      slot.worker.ref();
      slot.startedAt = performance.now();
      slot.cpuAtStart = cpuTime(slot.worker);
      slot.timer = setTimeout(() => checkTime(slot, job), job.timeoutMs);
      slot.worker.postMessage(job.request);
    }
  }

  /**
   * Ends a render that has used timeoutMs of CPU, or waited maxStarvation times that long. A
   * render merely starved of CPU by a busy machine gets more time: ending its worker would only
   * add the cost of starting another (~1 s of CPU).
   */
  function checkTime(slot: Slot, job: Job): void {
    // Timers run before messages in a turn of the event loop: a reply may be waiting already, so
    // look after the messages (setImmediate, then the CPU time, which comes back later still).
    setImmediate(async () => {
      const [before, now] = await Promise.all([slot.cpuAtStart, cpuTime(slot.worker)]);
      if (slot.job !== job) return;
      const used = before !== undefined && now !== undefined ? now - before : job.timeoutMs;
      if (used < job.timeoutMs && performance.now() - slot.startedAt < job.timeoutMs * maxStarvation) {
        slot.timer = setTimeout(() => checkTime(slot, job), job.timeoutMs - used);
        return;
      }
      if (!slots.delete(slot)) return;
      void slot.worker.terminate();
      finish(slot);
      job.reject(new RenderRefusedError('This comment took too long to display.'));
      start();
      dispatch();
    });
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

  function submit(request: RenderRequest, jobTimeoutMs: number): Promise<RenderReply> {
    if (closed) return Promise.reject(new RenderUnavailableError('The comment renderer is closed.'));
    if (startupFailure) return Promise.reject(startupFailure);
    if (queue.length >= maxQueue) return Promise.reject(new RenderOverloadedError('Too many comments are waiting to be displayed: try again in a moment.'));
    return new Promise<RenderReply>((resolve, reject) => {
      queue.push({ request, timeoutMs: jobTimeoutMs, resolve, reject });
      dispatch();
    });
  }

  function failStartup(failure: Error): void {
    startupFailure = new RenderUnavailableError(`The comment renderer could not start: ${failure.message}`, { cause: failure });
    for (const job of queue.splice(0)) job.reject(startupFailure);
  }

  return {
    async render(source) {
      const reply = await submit(source, timeoutMs);
      const outcome = reply.type === 'batch' ? reply.results[0] : reply;
      if (outcome?.type === 'rendered') return outcome.html;
      throw outcomeError(outcome);
    },

    async renderBatch(sources) {
      if (sources.length === 0) return [];
      const reply = await submit({ batch: [...sources] }, timeoutMs * sources.length);
      if (reply.type !== 'batch') throw new Error('Rendering failed: the worker did not answer the batch.');
      return reply.results.map((outcome) => (outcome.type === 'rendered' ? outcome.html : outcomeError(outcome)));
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
