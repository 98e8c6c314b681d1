import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './site-build.ts';
import { astroWorkingDir, run } from './tool-process.ts';

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

describe('where astro build runs', () => {
  it('in the project for an output folder inside it', async () => {
    expect((await astroWorkingDir(projectRoot, join(projectRoot, 'dist'))).dir).toBe(projectRoot);
  });

  it('in a folder of its own for each build whose output is outside the project, removed after', async () => {
    const outside = join(tmpdir(), 'befriend-site');
    const [one, two] = await Promise.all([astroWorkingDir(projectRoot, outside), astroWorkingDir(projectRoot, outside)]);
    expect(one.dir).not.toBe(two.dir);
    for (const { dir } of [one, two]) expect(dir.startsWith(join(projectRoot, 'node_modules', '.befriend-astro'))).toBe(true);
    await one.done();
    await expect(access(one.dir)).rejects.toThrow();
    await access(two.dir);
    await two.done();
  });
});
