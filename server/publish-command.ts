// PUBLISH_COMMAND: when the pages live on a static host or CDN, the command that uploads a finished
// build there (an rsync, a host's upload tool), run after each successful build with the build's
// folder in BUILD_DIR. Its outcome is part of the build status.
import { spawn } from 'node:child_process';
import type { PublishOutcome } from '../site/lib/build-status.ts';

const tailLines = 20;
const timeoutMs = 10 * 60_000;

export function runPublishCommand(command: string, buildDir: string, cwd: string, inherit: Readonly<Record<string, string | undefined>>, clock: () => number = Date.now): Promise<PublishOutcome> {
  const started = clock();
  return new Promise((resolvePromise) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env: { ...inherit, BUILD_DIR: buildDir }, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).split('\n').slice(-tailLines - 1).join('\n');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const finish = (ok: boolean, exit: string) =>
      resolvePromise({ ok, exit, finished: new Date(clock()).toISOString(), seconds: (clock() - started) / 1000, output: output.trimEnd() });
    child.on('error', (error) => finish(false, error.message));
    child.on('close', (code, signal) => finish(code === 0, signal ?? `exit code ${code}`));
  });
}
