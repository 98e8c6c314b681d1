// Every old Blogger address of an imported blog answers 301 to a page that answers 200: the real
// importer on each fixture export, a real Astro build of what it wrote, served by the real app
// with its comment board. The old addresses are taken from the export itself where it names them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import { importBlogger } from '../import/blogger/importer.ts';
import { loadPagesManifest, loadPostsManifest } from '../build/posts-manifest.ts';
import { buildSite } from '../build/site-build.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../api/render/pool.ts';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { openTempDatabase, type TempDatabase } from './support/temp-database.ts';
import { pageValidator } from './support/html-validator.ts';

const pagesOrigin = 'http://127.0.0.1:4321';
const fixtures = ['ci-lhh-blogger-data-test.xml', 'google-blog-converters-blogger-sample2.xml'];

describe.each(fixtures)('the old addresses of %s', (fixture) => {
  let temp: TempDatabase;
  let pool: RenderPool;
  let app: ReturnType<typeof createApp>;
  let posts: PostsManifestEntry[];
  let pages: PagesManifestEntry[];
  let exported: string;
  let outDir: string;

  beforeAll(async () => {
    temp = await openTempDatabase('old-addresses');
    pool = createRenderPool({ size: 1, maxQueue: 100_000, timeoutMs: 2000 });
    const file = join(import.meta.dirname, 'fixtures/blogger', fixture);
    exported = await readFile(file, 'utf8');
    const contentDir = join(temp.dir, 'content');
    await importBlogger({ file, contentDir, db: temp.db, renderer: pool });
    outDir = join(temp.dir, 'dist');
    await buildSite({ outDir, contentDir: join(contentDir, 'posts'), pagesDir: join(contentDir, 'pages'), cacheDir: join(temp.dir, 'cache'), pagesOrigin, inherit: process.env, log: () => {} });
    posts = await loadPostsManifest(outDir);
    pages = await loadPagesManifest(outDir);
    const comments = { db: temp.db, renderer: pool, sources: createSourceHasher(() => Date.now()), clock: () => Date.now(), formSecret: 's', limits: false as const, trustedProxyHeader: undefined };
    app = createApp({ distDir: outDir, pagesOrigin, posts, pages, comments });
  }, 240_000);

  afterAll(async () => {
    await pool?.close();
    await temp?.close();
  });

  /** The address answers 301, and where it sends the reader answers 200. */
  const movesTo = async (from: string): Promise<string> => {
    const res = await app.request(from);
    expect(res.status, from).toBe(301);
    const to = res.headers.get('Location')!;
    expect(to, from).toMatch(/^\/(?![/\\])/);
    expect((await app.request(to)).status, `${from} -> ${to}`).toBe(200);
    return to;
  };

  it('builds every imported post and page into a valid HTML page, under html-validate’s recommended rules', async () => {
    const problems: string[] = [];
    for (const { url } of [...posts, ...pages]) {
      const html = await readFile(join(outDir, url, 'index.html'), 'utf8');
      const report = await pageValidator.validateString(html);
      problems.push(...report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.ruleId}: ${m.message} (…${html.slice(Math.max(0, m.offset - 40), m.offset + 40)}…)`)));
    }
    expect(posts.length + pages.length).toBeGreaterThan(3);
    expect(problems).toEqual([]);
  });

  it('keeps each imported post’s and page’s Blogger number in the manifests', () => {
    const numbers = [...exported.matchAll(/<id>tag:blogger\.com,1999:blog-\d+\.(?:post|page)-(\d+)<\/id>/g)].map((m) => m[1]);
    for (const entry of [...posts, ...pages]) expect(numbers, entry.url).toContain(entry.bloggerId);
  });

  it('moves every comment feed the export names to the thread’s feed on the board, in Atom or RSS', async () => {
    const feeds = [...new Set([...exported.matchAll(/rel=['"]replies['"] type=['"]application\/atom\+xml['"] href=['"][^'"]*?(\/feeds\/(\d+)\/comments\/default)['"]/g)].map((m) => m[1]!))];
    const threads = new Map<string | undefined, string>([...posts.map((p) => [p.bloggerId, p.id] as const), ...pages.map((p) => [p.bloggerId, p.slug] as const)]);
    const moved = new Set<string>();
    for (const path of feeds) {
      const thread = threads.get(/\/feeds\/(\d+)\//.exec(path)![1]);
      // A draft's feed was never public, and it has no thread here.
      if (!thread) {
        expect((await app.request(path)).status, path).toBe(404);
        continue;
      }
      expect(await movesTo(path)).toBe(`/api/posts/${encodeURIComponent(thread)}/comments.atom`);
      expect(await movesTo(`${path}?alt=rss`)).toBe(`/api/posts/${encodeURIComponent(thread)}/comments.atom`);
      moved.add(thread);
    }
    expect(moved.size).toBeGreaterThan(0);
    // Those the export does not name (it names none for some pages) too, by the number kept.
    for (const [number, thread] of threads) expect(await movesTo(`/feeds/${number}/comments/default`)).toBe(`/api/posts/${encodeURIComponent(thread)}/comments.atom`);
    expect(threads.size).toBe(posts.length + pages.length);
    expect(await movesTo('/feeds/comments/default')).toBe('/api/comments/recent.atom');
    expect(await movesTo('/feeds/comments/default?alt=rss')).toBe('/api/comments/recent.atom');
    expect((await app.request('/feeds/1/comments/default')).status).toBe(404);
  });

  it('moves the blog’s feeds, whole and by label, to the site’s', async () => {
    for (const path of ['/feeds/posts/default', '/feeds/posts/default?alt=rss', '/feeds/posts/summary', '/feeds/posts/summary?alt=rss', '/atom.xml', '/rss.xml']) expect(await movesTo(path)).toBe('/feed.xml');
    const labels = new Map(posts.flatMap((post) => post.labels).map((label) => [label.slug, label.name]));
    expect(labels.size).toBeGreaterThan(0);
    for (const [slug, name] of labels) {
      expect(await movesTo(`/feeds/posts/default/-/${encodeURIComponent(name)}`)).toBe(`/labels/${slug}/feed.xml`);
      expect(await movesTo(`/feeds/posts/summary/-/${encodeURIComponent(name)}?alt=rss`)).toBe(`/labels/${slug}/feed.xml`);
    }
    expect((await app.request('/feeds/posts/default/-/No%20such%20label')).status).toBe(404);
    // One entry of the feed, by its number on Blogger: the post or page itself.
    for (const entry of [...posts, ...pages].filter((e) => e.bloggerId)) {
      expect(await movesTo(`/feeds/${'slug' in entry ? 'pages' : 'posts'}/default/${entry.bloggerId}`)).toBe(entry.url);
      expect(await movesTo(`/feeds/posts/summary/${entry.bloggerId}?alt=rss`)).toBe(entry.url);
    }
    expect((await app.request('/feeds/posts/default/1')).status).toBe(404);
  });

  it('moves Blogger’s paging, of the home page and of each label, to the listing page that holds those posts', async () => {
    // Blogger's "Older posts" after the first n posts: updated-max is the nth post's date.
    for (const n of [1, 3, posts.length]) {
      const to = await movesTo(`/search?updated-max=${encodeURIComponent(posts[n - 1]!.published)}&max-results=${n}`);
      const listing = await (await app.request(to)).text();
      if (n < posts.length) expect(listing, to).toContain(`href="${posts[n]!.url}"`);
    }
    for (const [slug, name] of new Map(posts.flatMap((post) => post.labels).map((label) => [label.slug, label.name]))) {
      const tagged = posts.filter((post) => post.labels.some((label) => label.slug === slug));
      const to = await movesTo(`/search/label/${encodeURIComponent(name)}?updated-max=${encodeURIComponent(tagged[0]!.published)}&max-results=1`);
      if (tagged.length > 1) expect(await (await app.request(to)).text(), to).toContain(`href="${tagged[1]!.url}"`);
    }
  });

  it('keeps the archive addresses: the site’s own where it has posts, else the archive page that holds the date', async () => {
    for (const post of posts) {
      const [, year, month] = /^\/(\d{4})\/(\d{2})\//.exec(post.url)!;
      expect((await app.request(`/${year}/`)).status).toBe(200);
      expect((await app.request(`/${year}/${month}/`)).status).toBe(200);
      expect(await movesTo(`/${year}_${month}_01_archive.html`)).toBe(`/${year}/${month}/`);
      expect(await movesTo(`/${year}/${month}/01/`)).toBe(`/${year}/${month}/`);
    }
    expect(await movesTo('/1999/')).toBe('/archive/');
    expect(await movesTo('/1999/12/')).toBe('/archive/');
  });

  it('moves mobile addresses, old and new, to the same address without the switch, in one step', async () => {
    const post = posts.find((p) => p.bloggerPath)!;
    expect(await movesTo(`${post.bloggerPath}?m=1`)).toBe(post.url);
    expect(await movesTo(`${post.url}?m=1`)).toBe(post.url);
    expect(await movesTo('/?m=1')).toBe('/');
    expect(await movesTo('/?m=0')).toBe('/');
    expect(await movesTo('/feeds/posts/default?alt=rss&m=1')).toBe('/feed.xml');
    const feed = /\/feeds\/\d+\/comments\/default/.exec(exported)![0];
    if (posts.some((p) => feed.includes(`/${p.bloggerId}/`))) expect(await movesTo(`${feed}?m=1`)).toMatch(/^\/api\/posts\/.+\/comments\.atom$/);
  });

  it('on a static host, leaves a file at each old feed and archive address a file can have, sending the reader to a page that answers 200', async () => {
    const refreshTo = async (file: string) => {
      const html = await readFile(join(outDir, file), 'utf8');
      const to = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(html)?.[1];
      expect((await app.request(to!)).status, `${file} -> ${to}`).toBe(200);
      return { to, html };
    };
    const feed = await readFile(join(outDir, 'feed.xml'), 'utf8');
    for (const copy of ['atom.xml', 'rss.xml']) expect(await readFile(join(outDir, copy), 'utf8')).toBe(feed);
    for (const kind of ['default', 'summary']) expect((await refreshTo(`feeds/posts/${kind}/index.html`)).html).toContain('<link rel="alternate" type="application/rss+xml" href="/feed.xml">');
    for (const label of new Map(posts.flatMap((post) => post.labels).map((l) => [l.slug, l.name])).values()) await refreshTo(`feeds/posts/default/-/${label}/index.html`);
    for (const entry of [...posts, ...pages]) expect((await refreshTo(`feeds/${entry.bloggerId}/comments/default/index.html`)).to).toMatch(/^\/api\/posts\/.+\/comments\.atom$/);
    for (const entry of [...posts, ...pages]) expect((await refreshTo(`feeds/${'slug' in entry ? 'pages' : 'posts'}/default/${entry.bloggerId}/index.html`)).to).toBe(entry.url);
    expect((await refreshTo('feeds/comments/default/index.html')).to).toBe('/api/comments/recent.atom');
    for (const post of posts) {
      const [, year, month] = /^\/(\d{4})\/(\d{2})\//.exec(post.url)!;
      expect((await refreshTo(`${year}_${month}_01_archive.html`)).to).toBe(`/${year}/${month}/`);
    }
  });
});
