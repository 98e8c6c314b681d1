import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPosts, describeProblems } from './content-check.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-content-check-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const write = async (path: string, text: string) => {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
};
const now = new Date('2026-12-06T12:00:00Z');

describe('checking the posts before a build', () => {
  it('names the file, the line and the field of a value the contract refuses', async () => {
    await write('2026/fine.mdx', '---\ntitle: Fine\npublished: 2026-01-01T10:00:00Z\n---\n\nText.\n');
    await write('2026/typo.mdx', '---\ntitle: Typo\nlabels: [Courts]\npublished: next Tuesday\ncomments: sometimes\n---\n\nText.\n');
    const { problems } = await checkPosts(dir, now);
    expect(problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ['2026/typo.mdx', 4, 'published'],
      ['2026/typo.mdx', 5, 'comments'],
    ]);
    expect(describeProblems(problems)).toMatch(/^2026\/typo\.mdx:4: published: "next Tuesday" is not a date-time/);
  });

  it('names the line of frontmatter that is not YAML', async () => {
    await write('2026/bad-yaml.md', '---\ntitle: Fine\npublished: 2026-01-01T10:00:00Z\nlabels: [unclosed\n---\n\nText.\n');
    const { problems } = await checkPosts(dir, now);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: '2026/bad-yaml.md', message: expect.stringMatching(/not valid YAML/) });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('finds the posts dated after now, soonest first, and leaves drafts and hidden files out', async () => {
    await write('2026/later.mdx', '---\ntitle: Later\npublished: 2026-12-24T09:00:00Z\n---\n');
    await write('2026/sooner.mdx', '---\ntitle: Sooner\npublished: 2026-12-06T12:01:00Z\n---\n');
    await write('2026/past.mdx', '---\ntitle: Past\npublished: 2026-12-06T11:59:00Z\n---\n');
    await write('2026/draft.mdx', '---\ntitle: Draft\npublished: 2026-12-07T09:00:00Z\ndraft: true\n---\n');
    await write('2026/_partial.mdx', '---\ntitle: [not checked\n---\n');
    await write('.hidden/secret.mdx', '---\ntitle: [not checked\n---\n');
    const { problems, scheduled } = await checkPosts(dir, now);
    expect(problems).toEqual([]);
    expect(scheduled.map((p) => [p.title, p.published.toISOString()])).toEqual([
      ['Sooner', '2026-12-06T12:01:00.000Z'],
      ['Later', '2026-12-24T09:00:00.000Z'],
    ]);
  });

  it('is empty for a folder that does not exist', async () => {
    await expect(checkPosts(join(dir, 'missing'), now)).resolves.toEqual({ problems: [], scheduled: [] });
  });
});
