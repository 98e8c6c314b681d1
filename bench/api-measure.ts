// How the API benchmark (bench/api.ts) measures a case: autocannon runs side by side after a
// warm-up, the CPU of each server (main thread and render workers), of this process and of the
// rest of the machine, read from /proc; and the error responses seen, by case.
import autocannon from 'autocannon';
import { readdirSync, readFileSync } from 'node:fs';
import { assertServersRunning } from './api-processes.ts';

/** CPU seconds (user + system) of a process (all its threads), or of one thread with its tid. */
function cpuSeconds(pid: number | undefined, tid?: number): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Node names its worker threads "WorkerThread": in the server, those are the render pool's. */
function workerThreads(pid: number): Map<number, number> {
  const found = new Map<number, number>();
  try {
    for (const entry of readdirSync(`/proc/${pid}/task`)) {
      const tid = Number(entry);
      try {
        if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() === 'WorkerThread') found.set(tid, cpuSeconds(pid, tid));
      } catch {
        // the thread ended between listing and reading
      }
    }
  } catch {
    // the process ended
  }
  return found;
}

/** Where a server's CPU went during a case, in % of one core. */
export interface ServerCpu {
  total: number;
  /** The event loop's thread. */
  main: number;
  /** Render workers (worker threads), replaced ones included up to their last sample. */
  render: number;
  /** Worker threads started during the case: the render pool replaces a worker whose render overran. */
  newWorkers: number;
}

/** Samples a server's threads every 100 ms, so that workers replaced mid-case are counted. */
function watchServer(pid: number | undefined): () => ServerCpu {
  if (pid === undefined) return () => ({ total: 0, main: 0, render: 0, newWorkers: 0 });
  const started = performance.now();
  const total = cpuSeconds(pid);
  const main = cpuSeconds(pid, pid);
  const initial = workerThreads(pid);
  const last = new Map(initial);
  const sample = () => {
    for (const [tid, cpu] of workerThreads(pid)) last.set(tid, cpu);
  };
  const timer = setInterval(sample, 100);
  return () => {
    clearInterval(timer);
    sample();
    const wall = (performance.now() - started) / 1000;
    let render = 0;
    for (const [tid, cpu] of last) render += cpu - (initial.get(tid) ?? 0);
    const percent = (seconds: number) => (100 * seconds) / wall;
    return {
      total: percent(cpuSeconds(pid) - total),
      main: percent(cpuSeconds(pid, pid) - main),
      render: percent(render),
      newWorkers: [...last.keys()].filter((tid) => !initial.has(tid)).length,
    };
  };
}

/** Busy CPU seconds of the whole machine (every core), from /proc/stat. */
function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu  user nice system idle iowait irq softirq steal
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return 0;
  }
}

/** Processes of ours whose CPU use is not "other": both servers (set once they start). */
export const ownPids: number[] = [];

export interface Row {
  name: string;
  target: 'ours' | 'bare';
  connections: number;
  result: autocannon.Result;
  /** CPU use of the measured server, and of this process (the load generator), in % of one core. */
  serverCpu: ServerCpu;
  clientCpu: number;
  /** CPU used meanwhile by everything else on the machine (other people's jobs), in % of one core. */
  otherCpu: number;
}

export function answered(result: autocannon.Result): number {
  return Object.values(result.statusCodeStats ?? {}).reduce((sum, s) => sum + (s.count ?? 0), 0);
}

export function countOf(result: autocannon.Result, ...codes: number[]): number {
  return codes.reduce((sum, code) => sum + (result.statusCodeStats?.[`${code}`]?.count ?? 0), 0);
}

/** Responses that are neither 2xx nor 3xx. */
export function badResponses(result: autocannon.Result): number {
  return result['1xx'] + result['4xx'] + result['5xx'];
}

export function requestsPerSecond(result: autocannon.Result): number {
  return result.duration > 0 ? result.requests.total / result.duration : 0;
}

/** Error responses seen, by case, status and body (the first 200 characters). */
export const errorSamples = new Map<string, number>();

export function recordError(name: string, status: number, body: string): void {
  if (status < 400 && status >= 200) return;
  const key = `${name}: ${status} ${body.slice(0, 200)}`;
  errorSamples.set(key, (errorSamples.get(key) ?? 0) + 1);
}

export interface Job {
  options: autocannon.Options;
  serverPid: number | undefined;
}

/** Runs the jobs side by side: a warm-up (discarded, but returned) and then the measured run. */
export async function runTogether(
  jobs: Job[],
  opts: { warmup: number; duration: number },
): Promise<{ results: autocannon.Result[]; warmups: autocannon.Result[]; serverCpu: ServerCpu[]; clientCpu: number; otherCpu: number }> {
  assertServersRunning();
  const warmups = opts.warmup > 0 ? await Promise.all(jobs.map((job) => autocannon({ ...job.options, duration: opts.warmup }))) : [];
  const ownCpu = () => ownPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const watchers = new Map([...new Set(jobs.map((job) => job.serverPid))].map((pid) => [pid, watchServer(pid)]));
  const machineBefore = machineBusySeconds();
  const ownBefore = ownCpu();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const results = await Promise.all(jobs.map((job) => autocannon({ ...job.options, duration: opts.duration })));
  assertServersRunning();
  const wall = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const clientSeconds = (client.user + client.system) / 1e6;
  const other = machineBusySeconds() - machineBefore - (ownCpu() - ownBefore) - clientSeconds;
  const servers = new Map([...watchers].map(([pid, stop]) => [pid, stop()]));
  return {
    results,
    warmups,
    serverCpu: jobs.map((job) => servers.get(job.serverPid)!),
    clientCpu: (100 * clientSeconds) / wall,
    otherCpu: Math.max(0, (100 * other) / wall),
  };
}
