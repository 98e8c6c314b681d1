// A post dated in the future is scheduled: in no page, listing, feed, sitemap, search index or
// posts.json until its time, then everywhere. Two real builds of one content folder, with the
// build's clock set before and after the post's time.
import { spawnSync } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNeededBecause, buildSite, projectRoot, type BuildResult } from '../build/site-build.ts';
import { fixtureSiteUrl, writeFixtureContent } from './support/fixture-site.ts';

// Far ahead, so that the real clock (which `npm run build -- --if-needed` reads) never reaches it.
const due = '2099-12-24T09:00:00.000Z';
const posts = [
  { path: '2026/already-out.mdx', front: { title: 'Already Out', published: '2026-11-02T10:00:00Z', labels: ['Courts'] }, body: 'Out for a month.\n' },
  { path: '2099/advent-post.mdx', front: { title: 'The Advent Post', published: due, labels: ['Seasonal', 'Courts'] }, body: 'The word **quillwort** is only here.\n' },
];

let root: string;
const dist = (name: string) => join(root, name);

async function build(name: string, now: string): Promise<BuildResult> {
  return buildSite({ outDir: dist(name), contentDir: join(root, 'content'), pagesDir: join(root, 'pages'), cacheDir: join(root, 'cache'), pagesOrigin: fixtureSiteUrl, inherit: process.env, now: new Date(now), log: () => {} });
}

const read = (name: string, path: string) => readFile(join(dist(name), path), 'utf8');
const exists = (name: string, path: string) => access(join(dist(name), path)).then(() => true, () => false);

/** Every place a post could show, as text: listings, feeds, sitemap, manifest, archive, search index. */
async function everywhere(name: string): Promise<string> {
  const pagefind = join(dist(name), 'pagefind');
  const files = (await readdir(pagefind, { recursive: true })).filter((file) => /(^|\/)fragment\/[^/]+$/.test(file));
  const fragments = await Promise.all(files.map(async (file) => gunzipSync(await readFile(join(pagefind, file))).toString('utf8')));
  const texts: string[] = await Promise.all(['pagefind/shards.json', 'index.html', 'feed.xml', 'sitemap-0.xml', 'posts.json', 'archive/index.html', 'labels/index.html', 'labels/courts/index.html', 'labels/courts/feed.xml', 'search/index.html'].map((path) => read(name, path)));
  return [...texts, ...fragments].join('\n');
}

let before: BuildResult;
let after: BuildResult;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'befriend-scheduled-'));
  await writeFixtureContent(join(root, 'content'), posts);
  before = await build('before', '2026-12-06T12:00:00Z');
  after = await build('after', '2099-12-24T09:00:30Z');
}, 180_000);
afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

describe('a post dated in the future', () => {
  it('is nowhere before its time: no page, listing, label, feed, sitemap, manifest or search entry', async () => {
    expect(await exists('before', '2099/12/advent-post/index.html')).toBe(false);
    expect(await exists('before', 'labels/seasonal/index.html')).toBe(false);
    const text = await everywhere('before');
    expect(text).toContain('Already Out');
    expect(text).not.toMatch(/advent-post|Advent Post|quillwort|Seasonal/);
  });

  it('is recorded as the next scheduled post, and makes the build out of date at its time', async () => {
    expect(before.stamp.nextScheduled).toBe(due);
    expect(before.scheduled.map((p) => p.title)).toEqual(['The Advent Post']);
    const options = { root, outDir: dist('before'), pagesOrigin: fixtureSiteUrl, contentDirs: [join(root, 'content')] };
    await expect(buildNeededBecause({ ...options, now: new Date('2099-12-24T08:59:59Z') })).resolves.toBeUndefined();
    await expect(buildNeededBecause({ ...options, now: new Date(due) })).resolves.toBe(`a post scheduled for ${due} is due`);
  });

  it('`npm run build -- --if-needed` leaves a site alone until a post is due', () => {
    const env = { ...process.env, DIST_DIR: dist('before'), BEFRIEND_CONTENT_DIR: join(root, 'content'), BEFRIEND_PAGES_DIR: join(root, 'pages'), SITE_URL: fixtureSiteUrl };
    const run = spawnSync(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'tools/build.ts', '--if-needed'], { cwd: projectRoot, env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/is up to date: nothing changed and no scheduled post is due/);
  });

  it('is everywhere once its time has come', async () => {
    expect(await read('after', '2099/12/advent-post/index.html')).toContain('quillwort');
    expect(await exists('after', 'labels/seasonal/index.html')).toBe(true);
    const text = await everywhere('after');
    for (const place of ['index.html', 'feed.xml', 'sitemap-0.xml', 'posts.json', 'labels/courts/index.html']) expect(await read('after', place), place).toContain('advent-post');
    expect(text).toContain('quillwort');
    expect(after.stamp.nextScheduled).toBeUndefined();
  });
});
