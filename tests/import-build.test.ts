// A whole Blogger blog, imported then built and served: the real importer on the larger fixture,
// a real Astro build of what it wrote, and the app answering old Blogger addresses and threads.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import type { Database } from '../api/db/database.ts';
import { importBlogger } from '../import/blogger/importer.ts';
import { loadPagesManifest, loadPostsManifest } from '../build/posts-manifest.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../api/render/pool.ts';
import { buildSite } from '../build/site-build.ts';
import { readFile } from 'node:fs/promises';
import { useTempDatabase } from './support/temp-database.ts';

const pagesOrigin = 'http://127.0.0.1:4321';
const temp = useTempDatabase('import-build');
let root: string;
let db: Database;
let pool: RenderPool;
let app: ReturnType<typeof createApp>;
let outDir: string;

beforeAll(async () => {
  ({ dir: root, db } = temp);
  pool = createRenderPool({ size: 1, maxQueue: 100_000, timeoutMs: 2000 });
  const contentDir = join(root, 'content');
  await importBlogger({ file: join(import.meta.dirname, 'fixtures/blogger/ci-lhh-blogger-data-test.xml'), contentDir, db, renderer: pool });
  outDir = join(root, 'dist');
  await buildSite({ outDir, contentDir: join(contentDir, 'posts'), pagesDir: join(contentDir, 'pages'), cacheDir: join(root, 'cache'), pagesOrigin, inherit: process.env, log: () => {} });
  app = createApp({
    distDir: outDir,
    pagesOrigin,
    posts: await loadPostsManifest(outDir),
    pages: await loadPagesManifest(outDir),
    comments: { db, renderer: pool, sources: createSourceHasher(() => Date.now()), clock: () => Date.now(), formSecret: 's', limits: false, trustedProxyHeader: undefined },
  });
}, 180_000);

afterAll(async () => {
  await pool?.close();
});

describe('an imported blog, built and served', () => {
  it('builds every published post and page', async () => {
    expect((await loadPostsManifest(outDir)).length).toBe(36);
    expect((await loadPagesManifest(outDir)).length).toBe(9);
    const html = await readFile(join(outDir, '2022/09/aliquam-erat-volutpat/index.html'), 'utf8');
    expect(html).toContain('<h1');
    expect(html).toContain('Aliquam erat volutpat.');
    expect(html).toContain('class="imported-post"');
  });

  it('redirects old Blogger addresses of posts and pages', async () => {
    const post = await app.request('/2022/09/aliquam-erat-volutpat.html');
    expect(post.status).toBe(301);
    expect(post.headers.get('Location')).toBe('/2022/09/aliquam-erat-volutpat/');
    expect((await app.request(post.headers.get('Location')!)).status).toBe(200);
    const page = await app.request('/p/stylesheet.html');
    expect(page.status).toBe(301);
    expect((await app.request(page.headers.get('Location')!)).status).toBe(200);
  });

  it('serves each thread, on posts and on pages', async () => {
    const thread = (await (await app.request('/api/posts/donec-ultrices-mauris-vitae-diam/comments')).json()) as { count: number; comments: { number: string }[] };
    expect(thread.count).toBeGreaterThan(10);
    expect(thread.comments[1]!.number).toBe('1.1');
    const rows = await db.execute("SELECT post_id, count(*) AS n FROM comments WHERE post_id IN (SELECT DISTINCT post_id FROM comments) GROUP BY post_id");
    const pageSlugs = new Set((await loadPagesManifest(outDir)).map((p) => p.slug));
    const onPages = rows.rows.filter((row) => pageSlugs.has(String(row['post_id'])));
    expect(onPages.reduce((n, row) => n + Number(row['n']), 0)).toBe(55);
    const pageThread = (await (await app.request(`/api/posts/${String(onPages[0]!['post_id'])}/comments`)).json()) as { count: number };
    expect(pageThread.count).toBe(Number(onPages[0]!['n']));
    const counts = (await (await app.request(`/api/counts?posts=donec-ultrices-mauris-vitae-diam,${String(onPages[0]!['post_id'])}`)).json()) as { counts: Record<string, number> };
    expect(Object.values(counts.counts).every((n) => n > 0)).toBe(true);
  });
});

describe('an imported blog’s links and jump breaks, built', () => {
  it('lists a post with a jump break by what came before it, with “Read more”', async () => {
    const month = await readFile(join(outDir, '2020/03/index.html'), 'utf8');
    const item = /<article class="post-summary"[^]*?compassion-wisdom-persistence-intro[^]*?<\/article>/.exec(month)?.[0] ?? '';
    expect(item).toMatch(/<p class="post-excerpt">Welcome! Thanks for stopping by[^<]*pointless\.<\/p>/);
    expect(item).toMatch(/<a href="\/2020\/03\/compassion-wisdom-persistence-intro\/">Read more/);
    // The words after the break are on the post's page only.
    expect(item).not.toContain('After talking with friends');
    expect(await readFile(join(outDir, '2020/03/compassion-wisdom-persistence-intro/index.html'), 'utf8')).toContain('After talking with friends');
  });

  it('links pages to each other at their new addresses, which answer', async () => {
    const html = await readFile(join(outDir, 'p/nulla-blandit-non-ante-in-mollis/index.html'), 'utf8');
    expect(html).toContain('href="/p/maecenas-vestibulum-rutrum-mi-at/"');
    expect(html).not.toContain('cwp-project.net/p/');
    expect((await app.request('/p/maecenas-vestibulum-rutrum-mi-at/')).status).toBe(200);
  });
});
