import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slugifyTitle, uniqueSlug } from '../site/lib/post-id.ts';
import { createPost } from './new-post.ts';
import { readPostSource } from '../desk/post-source.ts';
import { checkSafeMdx } from '../desk/safe-mdx.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-new-post-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('slugifyTitle', () => {
  it.each([
    ['Losing the Plot', 'losing-the-plot'],
    ["The Author's Request", 'the-authors-request'],
    ['Café & Courts: 2021!', 'cafe-courts-2021'],
    ['   ', ''],
  ])('%j -> %j', (title, slug) => expect(slugifyTitle(title)).toBe(slug));
});

describe('uniqueSlug', () => {
  it('adds a number when the id is taken', () => {
    expect(uniqueSlug('a', new Set())).toBe('a');
    expect(uniqueSlug('a', new Set(['a', 'a-2']))).toBe('a-3');
  });
});

describe('createPost', () => {
  const published = new Date('2021-02-04T09:30:00Z');

  it('writes content/posts/<year>/<slug>.mdx with frontmatter the schema accepts', async () => {
    const file = await createPost({ title: 'Losing the Plot', labels: ['Volunteers', 'Mentoring'], published, contentDir: dir });
    expect(file).toBe(join(dir, '2021', 'losing-the-plot.mdx'));
    const text = await readFile(file, 'utf8');
    expect(text).toContain('title: "Losing the Plot"\npublished: 2021-02-04T09:30:00Z\nlabels: ["Volunteers", "Mentoring"]\n');
  });

  it('writes a post the desk opens for editing: valid frontmatter, a body inside the safe subset', async () => {
    const file = await createPost({ title: 'For the desk', labels: ['Courts'], published: new Date('2026-11-01T09:00:00Z'), contentDir: dir });
    const read = readPostSource(await readFile(file, 'utf8'));
    expect('fields' in read).toBe(true);
    if ('fields' in read) expect(checkSafeMdx(read.fields.body)).toEqual([]);
  });

  it('never reuses an id, even from another year', async () => {
    await createPost({ title: 'Same', labels: [], published, contentDir: dir });
    const second = await createPost({ title: 'Same', labels: [], published: new Date('2022-01-01T10:00:00Z'), contentDir: dir });
    expect(second).toBe(join(dir, '2022', 'same-2.mdx'));
  });

  it('refuses a title without letters and bad labels', async () => {
    await expect(createPost({ title: '!!!', labels: [], published, contentDir: dir })).rejects.toThrow(/letter or digit/);
    await expect(createPost({ title: 'Fine', labels: ['***'], published, contentDir: dir })).rejects.toThrow(/labels/);
  });

  it('runs from the command line and prints the path', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'tools/new-post.ts', 'A Day in Court', '--labels', 'Courts, Volunteers', '--date', '2020-05-01T10:00:00Z'],
      { env: { ...process.env, BEFRIEND_CONTENT_DIR: dir } },
    );
    expect(stdout.trim()).toMatch(/2020\/a-day-in-court\.mdx$/);
    expect(await readFile(join(dir, '2020', 'a-day-in-court.mdx'), 'utf8')).toContain('labels: ["Courts", "Volunteers"]');
  });
});
