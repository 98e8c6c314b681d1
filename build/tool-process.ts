// Running the build's tools (Astro, Pagefind) as child processes of this same Node: their output
// line by line, the folder Astro runs in, and the lines that say why a build failed.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';

/** Runs `command`, passing each line it prints (but known noise) to `log`; rejects on failure. */
export function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: (line: string) => void; signal?: AbortSignal | undefined }): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    // Stoppable (the server's builds): in a process group of its own, so that stopping it stops
    // what it started too (Pagefind's command starts its binary as a child of its own).
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.signal !== undefined });
    const stop = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    child.on('close', () => options.signal?.removeEventListener('abort', stop));
    const forward = (stream: NodeJS.ReadableStream) => {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (!isNoise(line)) options.log(line);
      });
      stream.on('end', () => {
        if (buffered && !isNoise(buffered)) options.log(buffered);
      });
    };
    forward(child.stdout!);
    forward(child.stderr!);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (options.signal?.aborted) reject(new Error(`${args[0] ?? command} was stopped`));
      else if (code === 0) resolvePromise();
      else reject(new Error(`${args[0] ?? command} exited with ${signal ?? `code ${code}`}`));
    });
  });
}

/**
 * Harmless warnings: one Astro prints per MDX file (known upstream), and the one for an empty pages
 * collection, which is how most blogs are.
 */
function isNoise(line: string): boolean {
  return line.includes('astro:head-inject') || line.includes('The collection "pages" does not exist or is empty');
}

/** A command installed by npm, run with this same Node (the `node` on PATH may be older). */
export function binPath(root: string, name: string): string {
  return join(root, 'node_modules', '.bin', name);
}

/**
 * Where `astro build` runs. Astro writes its page-rendering chunks inside the output folder when
 * that folder's path starts with the working folder's, as a string: for an output folder outside
 * the project whose path merely begins like it (project /srv/befriend, output /srv/befriend-site)
 * the chunks land where they cannot find the project's packages. Outside the project, Astro runs
 * in a folder of the project's own that no output path can begin with, and puts its chunks there:
 * a new one for each build, so that two builds at once (the server's and `npm run build`, or two
 * tests) never load each other's chunks. `done` removes it.
 */
export async function astroWorkingDir(root: string, outDir: string): Promise<{ dir: string; done: () => Promise<void> }> {
  const inside = relative(root, resolve(outDir));
  if (inside && !inside.startsWith('..') && !isAbsolute(inside)) return { dir: root, done: async () => undefined };
  const parent = join(root, 'node_modules', '.befriend-astro');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, 'build-'));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}

/** The build's own words for what failed: its error lines up to the stack trace, or its last lines. */
export function failureLines(output: string[]): string {
  const start = output.findIndex((line) => /\[ERROR\]|Error\]/.test(line));
  if (start < 0) return output.slice(-12).join('\n');
  const end = output.findIndex((line, i) => i > start && /^\s*Stack trace:/.test(line));
  return output.slice(start, end < 0 ? start + 12 : end).join('\n');
}
