// npm run import:blogger as the editor runs it: the summary, where the report is, and on the
// second run what changed since the first.
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../tests/support/tool.ts';

const small = join(import.meta.dirname, '../tests/fixtures/blogger/google-blog-converters-blogger-sample2.xml');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-import-tool-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run import:blogger', () => {
  it('prints where its report is, and on a second run that nothing changed', async () => {
    const args = [small, '--content-dir', join(dir, 'content'), '--report-dir', join(dir, 'report')];
    const databaseUrl = `file:${join(dir, 'blog.db')}`;
    const first = await runTool('import-blogger', args, { databaseUrl });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const link = /Report, post by post: (file:\S+)/.exec(first.stdout)?.[1];
    expect(link).toBeDefined();
    expect(fileURLToPath(link!)).toBe(join(dir, 'report', 'import-report.html'));
    expect(await readFile(fileURLToPath(link!), 'utf8')).toContain('Everything arrived');
    await access(join(dir, 'report', 'import-report.json'));
    expect(first.stdout).not.toContain('since the last import');

    const second = await runTool('import-blogger', args, { databaseUrl });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Nothing changed since the last import \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)\./);
  }, 60_000); // two whole imports, each its own Node process, beside other test files on a busy machine

  it('says what to do when the report cannot be written, after the import itself is done', async () => {
    const blocked = join(dir, 'report', 'import-report.json', 'nested');
    const run = await runTool('import-blogger', [small, '--content-dir', join(dir, 'content-2'), '--report-dir', blocked], { databaseUrl: `file:${join(dir, 'blog-2.db')}` });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Imported in');
    expect(run.stderr).toContain(`its report could not be written to ${blocked}`);
    expect(run.stderr).toContain('Choose another folder with --report-dir.');
  });
});
