// Memory of a process tree, read from /proc (Linux): the sum of VmRSS over every descendant of a
// process, sampled on a timer, with the highest sum kept. Each process's own high-water mark
// (VmHWM) is kept too: it is exact, where the sampled sum can miss a spike between two samples.
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeProcess {
  pid: number;
  /** Short name of the command (e.g. "astro", "pagefind"), from its command line. */
  name: string;
  rssBytes: number;
  hwmBytes: number;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** Parent pid from /proc/<pid>/stat; the command name may hold spaces and parentheses. */
function parentOf(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function statusKiB(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : 0;
}

const names = new Map<number, string>();

/** "astro" for `node .../node_modules/.bin/astro build`, "pagefind" for Pagefind's wrapper and binary. */
function nameOf(pid: number): string {
  let name = names.get(pid);
  if (name !== undefined) return name;
  const args = (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean);
  const script = args.find((arg, i) => i > 0 && !arg.startsWith('-')) ?? args[0] ?? '?';
  const base = script.split('/').pop() ?? script;
  name = /pagefind/i.test(args.join(' ')) ? 'pagefind' : base;
  names.set(pid, name);
  return name;
}

/** Every live descendant of `rootPid` (not the root itself), with its memory. */
function processTree(rootPid: number): TreeProcess[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const ppid = parentOf(pid);
    if (ppid === undefined) continue;
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found: TreeProcess[] = [];
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    queue.push(...(children.get(pid) ?? []));
    const status = readText(`/proc/${pid}/status`);
    if (!status) continue;
    found.push({ pid, name: nameOf(pid), rssBytes: statusKiB(status, 'VmRSS') * 1024, hwmBytes: statusKiB(status, 'VmHWM') * 1024 });
  }
  return found;
}

export interface TreeSampler {
  /** The latest sample. */
  current(): { rssBytes: number; names: string[] };
  /** Stops sampling (after one last sample) and returns what was seen. */
  stop(): TreeSummary;
}

export interface TreeSummary {
  samples: number;
  /** Highest sum of VmRSS over the tree in one sample. */
  peakBytes: number;
  /** Highest sum while a process of that name was alive, e.g. { astro: ..., pagefind: ... }. */
  peakBytesByPhase: Record<string, number>;
  /** Highest VmHWM of any single process of each name. */
  peakProcessBytes: Record<string, number>;
  /** When a process of each name was first seen (performance.now() milliseconds). */
  firstSeenAt: Record<string, number>;
}

/** Samples the tree under `rootPid` every `intervalMs` until stopped. */
export function sampleTree(rootPid: number, intervalMs = 100): TreeSampler {
  const summary: TreeSummary = { samples: 0, peakBytes: 0, peakBytesByPhase: {}, peakProcessBytes: {}, firstSeenAt: {} };
  let latest = { rssBytes: 0, names: [] as string[] };
  const sample = () => {
    const now = performance.now();
    const tree = processTree(rootPid);
    let total = 0;
    const seen = new Set<string>();
    for (const proc of tree) {
      total += proc.rssBytes;
      seen.add(proc.name);
      summary.firstSeenAt[proc.name] ??= now;
      summary.peakProcessBytes[proc.name] = Math.max(summary.peakProcessBytes[proc.name] ?? 0, proc.hwmBytes, proc.rssBytes);
    }
    for (const name of seen) summary.peakBytesByPhase[name] = Math.max(summary.peakBytesByPhase[name] ?? 0, total);
    summary.peakBytes = Math.max(summary.peakBytes, total);
    summary.samples += 1;
    latest = { rssBytes: total, names: [...seen] };
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    current: () => latest,
    stop: () => {
      clearInterval(timer);
      sample();
      return summary;
    },
  };
}

/** CPU time in seconds: the whole machine's busy time, and this process's own and its reaped children's. */
export interface CpuSnapshot {
  machineBusy: number;
  mine: number;
}

const userHz = 100; // /proc reports clock ticks in USER_HZ, 100 on Linux

export function cpuSnapshot(): CpuSnapshot {
  const line = (readText('/proc/stat') ?? '').split('\n')[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  const stat = readText('/proc/self/stat') ?? '';
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
  const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return { machineBusy: (user + nice + system + irq + softirq + steal) / userHz, mine: own / userHz };
}
