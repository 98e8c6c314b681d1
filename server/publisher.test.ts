// The publisher in this process, on real builds of a one-post site: one build at a time, asks
// during a build made into one more, a failed build that leaves the live one, a scheduled post's
// time, PUBLISH_COMMAND's outcome, and old releases removed.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveRelease } from '../build/releases.ts';
import { buildSite, projectRoot } from '../build/site-build.ts';
import type { BuildStatus } from '../site/lib/build-status.ts';
import { fixtureSiteUrl, writeFixtureContent } from '../tests/support/fixture-site.ts';
import { createPublisher, type Publisher } from './publisher.ts';

let root: string;
let publisher: Publisher;
const lived: string[] = [];
const statuses: BuildStatus[] = [];
const logged: string[] = [];
const post = (title: string, published = '2021-03-01T10:00:00Z') => writeFixtureContent(join(root, 'content'), [{ path: '2021/the-post.mdx', front: { title, published }, body: `${title}.\n` }]);
/** Every file of a build but its stamp, by path: its bytes' digest. */
async function filesOf(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name === '.befriend-build.json') continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return files;
}
/** The one-post site's folders and addresses, as both publishers here build it. */
const site = () => ({
  distDir: join(root, 'dist'),
  root: projectRoot,
  postsDir: join(root, 'content'),
  pagesDir: join(root, 'pages'),
  pagesOrigin: fixtureSiteUrl,
  boardOrigin: undefined,
  timeZone: 'Europe/London',
  inherit: { ...process.env, BEFRIEND_CACHE_DIR: join(root, 'cache') },
});
const releases = async () => (await readdir(join(root, 'dist', '.releases'))).filter((name) => name !== 'live').sort();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'befriend-publisher-'));
  await post('The First Title');
  await writeFixtureContent(join(root, 'content'), [{ path: '2020/an-older-post.mdx', front: { title: 'An Older Post', published: '2020-06-01T10:00:00Z' }, body: 'From another year.\n' }]);
  publisher = await createPublisher({
    ...site(),
    publishCommand: `printf '%s\\n' "$BUILD_DIR" > ${join(root, 'published.txt')}`,
    onLive: (dir) => void lived.push(dir),
    onStatus: (status) => void statuses.push(status),
    log: (line) => void logged.push(line),
    eraseGraceMs: 0,
  });
});
afterAll(async () => {
  publisher?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the publisher', { timeout: 120_000 }, () => {
  it('has nothing to serve before its first build, then serves the build it made live', async () => {
    expect(publisher.served()).toBeUndefined();
    expect(await publisher.buildNow('first')).toBe(true);
    const live = await liveRelease(join(root, 'dist'));
    expect(publisher.served()).toBe(live);
    expect(lived).toEqual([live]);
    expect(publisher.status()).toMatchObject({ state: 'idle', reason: 'first', served: { posts: 2 }, publish: { ok: true, exit: 'exit code 0' } });
    expect((await readFile(join(root, 'published.txt'), 'utf8')).trim()).toBe(live);
    expect(statuses.map((s) => s.state)).toContain('building');
  });

  it('makes the asks that come during a build into one more build, with all their reasons', async () => {
    const before = lived.length;
    await post('The Second Title');
    publisher.request('one');
    publisher.request('two');
    publisher.request('three');
    expect(publisher.status().queued).toBe(true);
    await publisher.idle();
    // Two builds: the first's pages go live, and its search index, asked for when the second was
    // already waiting, is left to the second, which goes live with its pages and then its index.
    expect(lived.length - before).toBe(3);
    expect(publisher.status()).toMatchObject({ state: 'idle', reason: 'two; three', queued: false });
    expect(await readFile(join(publisher.served()!, '2021/03/the-post/index.html'), 'utf8')).toContain('The Second Title');
    // The live build and the one it replaced; nothing older.
    expect(await releases()).toHaveLength(2);
  });

  it('does not build again for a change the build asked for already has (the desk asks, the watch sees it after)', async () => {
    const before = lived.length;
    await post('The Title the Desk Wrote');
    const written = (await stat(join(root, 'content', '2021/the-post.mdx'))).mtimeMs;
    publisher.request('the desk asks');
    publisher.noticeChange('2021/the-post.mdx changed', written);
    await publisher.idle();
    // One build: its pages, then its search index.
    expect(lived.length - before).toBe(2);
    expect(publisher.status()).toMatchObject({ reason: 'the desk asks', queued: false });
    // A change made after the last build started is built.
    await post('The Second Title');
    publisher.noticeChange('2021/the-post.mdx changed', Date.now() + 1);
    await publisher.idle();
    expect(lived.length - before).toBe(4);
    expect(await readFile(join(publisher.served()!, '2021/03/the-post/index.html'), 'utf8')).toContain('The Second Title');
  });

  it('after a build that erases text, leaves no older build holding it, in pages or search index', async () => {
    const word = 'quillwortian';
    await writeFixtureContent(join(root, 'content'), [{ path: '2021/the-post.mdx', front: { title: 'The Second Title', published: '2021-03-01T10:00:00Z' }, body: `Words to be taken back: ${word}.\n` }]);
    publisher.request('the text is written');
    await publisher.idle();
    expect(await releases()).toHaveLength(2);
    await writeFixtureContent(join(root, 'content'), [{ path: '2021/the-post.mdx', front: { title: 'The Second Title', published: '2021-03-01T10:00:00Z' }, body: '<RemovedAtAuthorsRequest removed="2026-12-01" />\n' }]);
    publisher.request('removed at its author’s request', { erase: true });
    await publisher.idle();
    expect(await releases()).toHaveLength(1);
    // Nor in the build's cache (the rendered HTML set aside, the content store's openings).
    for (const entry of [...(await readdir(join(root, 'dist', '.releases'), { withFileTypes: true, recursive: true })), ...(await readdir(join(root, 'cache'), { withFileTypes: true, recursive: true }))]) {
      if (!entry.isFile()) continue;
      const bytes = await readFile(join(entry.parentPath, entry.name));
      const text = /\.pf_fragment$/.test(entry.name) ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      expect(text, join(entry.parentPath, entry.name)).not.toContain(word);
    }
  });

  it('indexes again only the years whose post pages changed', async () => {
    const entry = (year: string) => stat(join(publisher.served()!, `pagefind/${year}/pagefind-entry.json`));
    const [older, newer] = [await entry('2020'), await entry('2021')];
    // The body only: a title would change the neighbouring posts' pages (their links name it).
    await writeFixtureContent(join(root, 'content'), [{ path: '2021/the-post.mdx', front: { title: 'The Second Title', published: '2021-03-01T10:00:00Z' }, body: 'A new body, with **samphire**.\n' }]);
    publisher.request('body');
    await publisher.idle();
    expect(publisher.status().searchBehind).toBe(false);
    expect((await entry('2020')).ino).toBe(older.ino);
    expect((await entry('2021')).ino).not.toBe(newer.ino);
  });

  it('serves, once its search index has caught up, exactly what a cold `npm run build` of the same posts makes', async () => {
    expect(publisher.status().searchBehind).toBe(false);
    const cold = join(root, 'cold');
    await buildSite({ outDir: cold, contentDir: join(root, 'content'), pagesDir: join(root, 'pages'), cacheDir: join(root, 'cold-cache'), pagesOrigin: fixtureSiteUrl, inherit: process.env, log: () => {} });
    const served = await filesOf(publisher.served()!);
    expect(Object.keys(served).length).toBeGreaterThan(20);
    expect(served).toEqual(await filesOf(cold));
  });

  it('leaves the live build serving when a build fails, and says why until one succeeds', async () => {
    const live = publisher.served();
    await writeFile(join(root, 'content/2021/the-post.mdx'), '---\ntitle: Broken\npublished: 2021-03-01T10:00:00Z\ndraft: perhaps\n---\n\nBroken.\n');
    expect(await publisher.buildNow('broken')).toBe(false);
    expect(publisher.served()).toBe(live);
    expect(publisher.status()).toMatchObject({ state: 'failed', error: { message: expect.stringMatching(/the-post\.mdx:4: draft: /) } });
    expect(logged.join('\n')).toMatch(/The site could not be built .*still serving the site as it was built at/);
    await post('The Mended Title');
    expect(await publisher.buildNow('mended')).toBe(true);
    expect(publisher.status().error).toBeUndefined();
  });

  it('builds by itself when a scheduled post is due', async () => {
    const due = new Date(Date.now() + 3000);
    await writeFixtureContent(join(root, 'content'), [{ path: `${due.getUTCFullYear()}/soon.mdx`, front: { title: 'Soon', published: due.toISOString() }, body: 'Soon.\n' }]);
    await publisher.buildNow('scheduling');
    expect(publisher.status().nextScheduled).toBe(due.toISOString());
    const before = lived.length;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && publisher.status().served?.posts !== 3) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lived.length).toBeGreaterThan(before);
    expect(publisher.status()).toMatchObject({ reason: `a post scheduled for ${due.toISOString()} is due`, served: { posts: 3 } });
    expect(publisher.status().nextScheduled).toBeUndefined();
  });

  it('reports a PUBLISH_COMMAND that fails, with its output', async () => {
    const failing = await createPublisher({
      ...site(),
      publishCommand: 'echo "the host refused the upload" >&2; exit 3',
      onLive: () => {},
      log: (line) => void logged.push(line),
    });
    // It takes over the live release the other made.
    expect(failing.served()).toBe(publisher.served());
    expect(await failing.buildNow('upload')).toBe(true);
    expect(failing.status().publish).toMatchObject({ ok: false, exit: 'exit code 3', output: 'the host refused the upload' });
    expect(logged.join('\n')).toMatch(/PUBLISH_COMMAND failed \(exit code 3\): the host refused the upload/);
    failing.stop();
  });
});
