// A command-line tool (tools/<name>.ts) run the way `npm run <name>` runs it: this same Node, from
// the project, on the given database, with no terminal.
import { spawn } from 'node:child_process';
import { projectRoot } from '../../build/site-build.ts';

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `input`, when given, is written to standard input; `env` adds to the database's variables (INIT_CWD, for one). */
export function runTool(name: string, args: string[], options: { databaseUrl: string; input?: string; env?: Record<string, string> }): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', `tools/${name}.ts`, ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: options.databaseUrl, DATABASE_AUTH_TOKEN: '', DATABASE_SYNC_URL: '', ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}
