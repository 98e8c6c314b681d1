// The posts folder as two server processes share it: saves from either go one at a time, so a
// save over a version another process has just replaced is refused, and two new posts with one
// title get two ids.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slugifyTitle, uniqueSlug } from '../site/lib/post-id.ts';
import { postFolder, StaleVersion } from './post-folder.ts';
import type { PostFields } from './post-source.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'befriend-desk-folder-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Each process has its own folder object (its own cache and its own queue of saves). */
const processes = () => [0, 1].map(() => postFolder(root, (title, taken) => uniqueSlug(slugifyTitle(title), taken)));
const fields = (body: string, title = 'Shared'): PostFields => ({ title, published: new Date('2026-11-20T10:00:00Z'), labels: [], comments: 'open', draft: false, body });

describe('a posts folder shared by processes', () => {
  it('refuses the second of two saves made from one version at the same moment', async () => {
    const [a, b] = processes() as [ReturnType<typeof postFolder>, ReturnType<typeof postFolder>];
    const { post } = await a.save({ fields: fields('First.'), timeZone: 'Europe/London' });
    const outcomes = await Promise.allSettled([
      a.save({ id: post.id, baseVersion: post.version, fields: fields('From process A.'), timeZone: 'Europe/London' }),
      b.save({ id: post.id, baseVersion: post.version, fields: fields('From process B.'), timeZone: 'Europe/London' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StaleVersion);
    const text = await readFile(join(root, '2026', 'shared.mdx'), 'utf8');
    const winner = outcomes[0]!.status === 'fulfilled' ? 'From process A.' : 'From process B.';
    expect(text).toContain(winner);
    expect(await readdir(root)).toEqual(['2026']);
  });

  it('gives two new posts with one title two ids', async () => {
    const [a, b] = processes() as [ReturnType<typeof postFolder>, ReturnType<typeof postFolder>];
    const saved = await Promise.all([a.save({ fields: fields('One.', 'Same title'), timeZone: 'Europe/London' }), b.save({ fields: fields('Two.', 'Same title'), timeZone: 'Europe/London' })]);
    expect(saved.map((s) => s.post.id).sort()).toEqual(['same-title', 'same-title-2']);
  });
});
