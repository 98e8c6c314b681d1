// The API benchmark's child processes (bench/api.ts): the real server and the bare baseline,
// each started with its output logged to a file and watched for error lines, stopped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nodeFlags = ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'];

export interface Child {
  name: string;
  process: ChildProcess;
  /** Lines written to stderr (and stdout lines that look like errors), with when they came. */
  problems: { at: number; line: string }[];
  /** How it ended, once it has: "code 1", "SIGTERM"… */
  exit: string | undefined;
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

export const children: Child[] = [];

export function startChild(name: string, script: string, env: Record<string, string>, logDir: string): Child {
  const child = spawn(process.execPath, [...nodeFlags, script], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(logDir, `${name}.log`));
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const problems: Child['problems'] = [];
  const onLine = (stream: 'out' | 'err') => (line: string) => {
    log.write(`${new Date().toISOString()} ${stream} ${line}\n`);
    if (stream === 'err' ? !/LIMITS=off|^\s*$/.test(line) : /error|failed|SQLITE/i.test(line)) problems.push({ at: Date.now(), line });
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(line);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  createInterface({ input: child.stdout! }).on('line', onLine('out'));
  createInterface({ input: child.stderr! }).on('line', onLine('err'));
  const exited = new Promise<never>((_, reject) => {
    child.on('exit', (code, signal) => {
      entry.exit = signal ?? `code ${code}`;
      log.end();
      const tail = problems.slice(-15).map((p) => `    ${p.line}`).join('\n');
      reject(new Error(`${name} exited (${signal ?? `code ${code}`})${tail ? `:\n${tail}` : ''}`));
    });
  });
  exited.catch(() => {}); // only awaited while starting
  const entry: Child = {
    name,
    process: child,
    problems,
    exit: undefined,
    waitForLine: (pattern, timeoutMs) =>
      Promise.race([
        new Promise<RegExpExecArray>((resolve) => waiters.push({ pattern, resolve })),
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s`)), timeoutMs).unref()),
      ]),
  };
  children.push(entry);
  return entry;
}

/** Throws when a server has ended on its own: the cases after it would measure nothing. */
export function assertServersRunning(): void {
  const gone = children.find((child) => child.exit !== undefined);
  if (!gone) return;
  const tail = gone.problems.slice(-10).map((p) => `    ${p.line}`).join('\n');
  throw new Error(`The ${gone.name} process ended during the benchmark (${gone.exit})${tail ? `; its last error lines:\n${tail}` : ' without printing an error (killed from outside?)'}`);
}

export async function stopChild(child: Child): Promise<void> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(timer);
}
