import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { run } from './tool-process.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('running a build tool', () => {
  it('passes its lines on and fails with its exit code', async () => {
    const lines: string[] = [];
    await run('/bin/sh', ['-c', 'echo one; echo two >&2'], { cwd: tmpdir(), env: process.env, log: (line) => lines.push(line) });
    expect(lines.sort()).toEqual(['one', 'two']);
    await expect(run('/bin/sh', ['-c', 'exit 3'], { cwd: tmpdir(), env: process.env, log: () => {} })).rejects.toThrow(/exited with code 3/);
  });

  it('once stopped, stops what it started too (Pagefind runs its binary as a child)', async () => {
    const stopping = new AbortController();
    const lines: string[] = [];
    const running = run('/bin/sh', ['-c', 'sleep 60 & echo $!; wait'], {
      cwd: tmpdir(),
      env: process.env,
      log: (line) => {
        lines.push(line);
        stopping.abort();
      },
      signal: stopping.signal,
    });
    await expect(running).rejects.toThrow(/was stopped/);
    const grandchild = Number(lines[0]);
    expect(grandchild).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    while (alive(grandchild) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(grandchild)).toBe(false);
  });
});
