// The Blogger import on the two real exports in tests/fixtures/blogger, into a real libSQL file,
// with the board's real renderer; threads read back through the public API.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDatabase, type Database } from '../../api/db/database.ts';
import { createSourceHasher } from '../../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { loadSettings } from '../../api/settings.ts';
import { ExportError, importBlogger } from './importer.ts';
import { threadOrder } from './thread-order.ts';
import { commentEntry, exportWith, postEntry } from '../../tests/support/blogger-export.ts';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/blogger');
const large = join(fixtures, 'ci-lhh-blogger-data-test.xml');
const small = join(fixtures, 'google-blog-converters-blogger-sample2.xml');

let dir: string;
let pool: RenderPool;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-import-'));
  pool = createRenderPool({ size: 1, maxQueue: 100_000, timeoutMs: 2000 });
});
afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

async function fresh(name: string): Promise<{ db: Database; contentDir: string }> {
  const db = await openDatabase({ url: `file:${join(dir, `${name}.db`)}` });
  return { db, contentDir: join(dir, name) };
}

async function files(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(folder.length + 1)).sort();
}

const count = async (db: Database, where = '1') => Number((await db.execute(`SELECT count(*) AS n FROM comments WHERE ${where}`)).rows[0]!['n']);

describe('the larger export (39 posts, 3 drafts, 9 pages, 15 labels, 193 comments)', () => {
  let db: Database;
  let contentDir: string;
  let summary: Awaited<ReturnType<typeof importBlogger>>;

  beforeAll(async () => {
    ({ db, contentDir } = await fresh('large'));
    summary = await importBlogger({ file: large, contentDir, db, renderer: pool, applySettings: true });
  });
  afterAll(() => db.close());

  it('counts what it brought in', () => {
    expect(summary).toMatchObject({ posts: 36, drafts: 3, pages: 9, labels: 15, comments: 193, replies: 113, placeholders: 0 });
    expect(summary.stored).toEqual({ added: 193, alreadyThere: 0 });
    expect(summary.skipped).toMatchObject({ templates: 1, settings: 51, commentsWithoutPost: 0 });
  });

  it('writes posts and pages as Markdown files with the HTML body', async () => {
    const written = await files(contentDir);
    expect(written.filter((f) => f.startsWith('posts/')).length).toBe(39);
    expect(written.filter((f) => f.startsWith('pages/')).length).toBe(9);
    const post = await readFile(join(contentDir, 'posts/2022/aliquam-erat-volutpat.md'), 'utf8');
    expect(post).toMatch(/^---\ntitle: "Aliquam erat volutpat."\npublished: "2022-09-10T19:24:00.007Z"\nupdated: "2022-09-23T01:11:58.724Z"\nlabels: \["Amet Sagittis"\]\n/);
    expect(post).toContain('bloggerPath: "/2022/09/aliquam-erat-volutpat.html"');
    expect(post).toContain('<div class="imported-post">');
    expect(post).not.toMatch(/<img|<script|<iframe|style=/);
    const drafts = written.filter((f) => f.startsWith('posts/'));
    const draftCount = (await Promise.all(drafts.map((f) => readFile(join(contentDir, f), 'utf8')))).filter((text) => /\ndraft: true\n/.test(text)).length;
    expect(draftCount).toBe(3);
  });

  it('converts publication times with their offsets', async () => {
    // Blogger: 2022-09-10T14:24:00.007-05:00
    const post = await readFile(join(contentDir, 'posts/2022/aliquam-erat-volutpat.md'), 'utf8');
    expect(post).toContain('published: "2022-09-10T19:24:00.007Z"');
  });

  it('stores threads that read back through the public API in order, nested, with names', async () => {
    const posts = (await files(join(contentDir, 'posts'))).map((f) => f.replace(/^\d{4}\//, '').replace(/\.md$/, ''));
    const app = createApp({
      distDir: dir,
      pagesOrigin: 'http://127.0.0.1:4321',
      posts: posts.map((id) => ({ id, title: id, url: `/x/${id}/`, published: '2022-01-01T00:00:00Z', labels: [], comments: 'open' as const })),
      comments: { db, renderer: pool, sources: createSourceHasher(() => Date.now()), clock: () => Date.now(), formSecret: 's', limits: false, trustedProxyHeader: undefined },
    });
    const res = await app.request('/api/posts/donec-ultrices-mauris-vitae-diam/comments');
    expect(res.status).toBe(200);
    const thread = (await res.json()) as { count: number; comments: { id: number; parentId: number | null; number: string; depth: number; author: { name: string; kind: string }; html: string; createdAt: string }[] };
    const stored = await count(db, "post_id = 'donec-ultrices-mauris-vitae-diam'");
    expect(thread.count).toBe(stored);
    // The thread as it read on Blogger: the first comment, its replies in time order, then the next.
    expect(thread.comments.slice(0, 8).map((c) => [c.number, c.author.name, c.author.kind])).toEqual([
      ['1', 'Lance Hegland', 'named'],
      ['1.1', 'Lance Hegland (Civic Innovations)', 'staff'],
      ['1.2', 'Lance Hegland', 'named'],
      ['1.3', 'Lance Hegland (Civic Innovations)', 'staff'],
      ['1.4', 'Lance Hegland', 'named'],
      ['1.5', 'Lance Hegland (Civic Innovations)', 'staff'],
      ['2', 'Lance Hegland (Civic Innovations)', 'staff'],
      ['2.1', 'Lance Hegland', 'named'],
    ]);
    expect(thread.comments[0]!.html).toBe('<p>Nam tristique, quam ut vehicula rutrum, urna nunc auctor turpis, sed vulputate nulla libero in mi.</p>\n');
    // Blogger's time to the millisecond, published to the minute like every comment's.
    expect(thread.comments[0]!.createdAt).toBe('2022-09-23T20:02:00Z');
    const seen = new Set<number>();
    for (const c of thread.comments) {
      if (c.parentId !== null) expect(seen.has(c.parentId)).toBe(true);
      seen.add(c.id);
    }
  });

  it('offers Blogger’s moderation settings', async () => {
    expect(summary.settings).toMatchObject({ moderation: 'ENABLED', delayDays: 14 });
    expect((await loadSettings(db)).holdMode).toBe('all');
  });

  it('changes nothing the second time', async () => {
    const before = await files(contentDir);
    const rows = await count(db);
    const again = await importBlogger({ file: large, contentDir, db, renderer: pool });
    expect(again.files).toEqual({ written: 0, updated: 0, unchanged: 48, keptEdited: 0 });
    expect(again.stored).toEqual({ added: 0, alreadyThere: 193 });
    expect(await files(contentDir)).toEqual(before);
    expect(await count(db)).toBe(rows);
  });

  it('keeps a post edited since the import', async () => {
    const path = join(contentDir, 'posts/2022/aliquam-erat-volutpat.md');
    const edited = `${await readFile(path, 'utf8')}\n<p>An editor's note.</p>\n`;
    await writeFile(path, edited);
    const again = await importBlogger({ file: large, contentDir, db, renderer: pool });
    expect(again.files).toMatchObject({ written: 0, keptEdited: 1 });
    expect(await readFile(path, 'utf8')).toBe(edited);
  });
});

describe('the small export (2008)', () => {
  it('imports its posts, labels and comments', async () => {
    const { db, contentDir } = await fresh('small');
    const summary = await importBlogger({ file: small, contentDir, db, renderer: pool });
    expect(summary).toMatchObject({ posts: 4, drafts: 0, pages: 0, comments: 3, replies: 0 });
    expect(await count(db)).toBe(3);
    // Its posts lived under www.blogger.com/blogspot/<blog>/: the path kept is Blogger's own shape.
    const post = await readFile(join(contentDir, 'posts/2008/rolling-in-hawaii.md'), 'utf8');
    expect(post).toContain('bloggerPath: "/2008/04/rolling-in-hawaii.html"');
    // Its number on Blogger names its old comment feed, /feeds/<number>/comments/default.
    expect(post).toContain('bloggerId: "3871393406818523145"');
    // The blog's author answering in the thread is staff.
    const names = (await db.execute("SELECT author_name, author_kind FROM comments WHERE post_id = 'this-about-sums-up-my-life' ORDER BY created_at")).rows.map((r) => [r['author_name'], r['author_kind']]);
    expect(names).toContainEqual(['JJ', 'staff']);
    expect(summary.labels).toBeGreaterThan(0);
    db.close();
  });
});

describe('dry run', () => {
  it('reports the same counts and writes nothing', async () => {
    const { db, contentDir } = await fresh('dry');
    const summary = await importBlogger({ file: large, contentDir, db, renderer: pool, dryRun: true, applySettings: true });
    expect(summary).toMatchObject({ dryRun: true, posts: 36, drafts: 3, pages: 9, comments: 193, replies: 113 });
    expect(summary.stored).toEqual({ added: 193, alreadyThere: 0 });
    expect(await files(contentDir)).toEqual([]);
    expect(await count(db)).toBe(0);
    expect((await loadSettings(db)).holdMode).toBe('none');
    db.close();
  });
});

describe('awkward exports', () => {
  it('imports a reply whose parent is missing as a comment on the post, with a warning', async () => {
    const { db, contentDir } = await fresh('orphan');
    const file = join(dir, 'orphan.xml');
    await writeFile(file, exportWith(postEntry(1, 'first') + commentEntry(11, 1) + commentEntry(12, 1, 99) + commentEntry(13, 1, 11)));
    const summary = await importBlogger({ file, contentDir, db, renderer: pool });
    expect(summary).toMatchObject({ comments: 3, replies: 1 });
    expect(summary.warnings.some((w) => /replies to is not in the export/.test(w))).toBe(true);
    const rows = (await db.execute('SELECT source_id, parent_id FROM comments ORDER BY id')).rows.map((r) => [r['source_id'], r['parent_id'] === null ? null : 'parent']);
    expect(rows).toEqual([
      ['blogger:11', null],
      ['blogger:13', 'parent'],
      ['blogger:12', null],
    ]);
    db.close();
  });

  it('gives posts that share an old file name distinct ids, and reports it', async () => {
    const { db, contentDir } = await fresh('collision');
    const file = join(dir, 'collision.xml');
    await writeFile(file, exportWith(postEntry(1, 'same-name') + postEntry(2, 'same-name')));
    const summary = await importBlogger({ file, contentDir, db, renderer: pool });
    expect(summary.collisions).toEqual([{ bloggerPath: '/2020/02/same-name.html', id: 'same-name-2' }]);
    expect(await files(join(contentDir, 'posts'))).toEqual(['2020/same-name-2.md', '2020/same-name.md']);
    db.close();
  });

  it('brings up to date a post changed on Blogger since the last import, unless it was edited here too', async () => {
    const { db, contentDir } = await fresh('changed-on-blogger');
    const file = join(dir, 'changed-on-blogger.xml');
    const write = (one: string, two: string) => writeFile(file, exportWith(postEntry(1, 'first', one) + postEntry(2, 'second', two)));
    await write('As first written.', 'Second, as first written.');
    await importBlogger({ file, contentDir, db, renderer: pool });
    const first = join(contentDir, 'posts/2020/first.md');
    const second = join(contentDir, 'posts/2020/second.md');
    // Here, the second post gets an editor's note; on Blogger, both posts change.
    const edited = `${await readFile(second, 'utf8')}<p>An editor's note.</p>\n`;
    await writeFile(second, edited);
    await write('Corrected on Blogger.', 'Second, corrected on Blogger.');
    const again = await importBlogger({ file, contentDir, db, renderer: pool });
    expect(again.files).toEqual({ written: 0, updated: 1, unchanged: 0, keptEdited: 1 });
    expect(again.entries.map((e) => [e.id, e.file])).toEqual([['first', 'updated'], ['second', 'keptEdited']]);
    expect(await readFile(first, 'utf8')).toContain('<p>Corrected on Blogger.</p>');
    expect(await readFile(second, 'utf8')).toBe(edited);
    // And once brought up to date, it is as the import wrote it: a third run changes nothing.
    const third = await importBlogger({ file, contentDir, db, renderer: pool });
    expect(third.files).toEqual({ written: 0, updated: 0, unchanged: 1, keptEdited: 1 });
    db.close();
  });

  it('refuses malformed XML naming the line, and writes nothing', async () => {
    const { db, contentDir } = await fresh('malformed');
    const file = join(dir, 'malformed.xml');
    await writeFile(file, exportWith(postEntry(1, 'fine') + commentEntry(11, 1) + '<entry><id>broken</id><title>unclosed</entry>\n'));
    const error = await importBlogger({ file, contentDir, db, renderer: pool }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).line).toBe(4);
    expect((error as Error).message).toMatch(/^Line 4: this is not well-formed XML/);
    expect(await files(contentDir)).toEqual([]);
    expect(await count(db)).toBe(0);
    db.close();
  });

  it('refuses elements nested past any Blogger export’s depth, naming the line, and writes nothing', async () => {
    const { db, contentDir } = await fresh('deep');
    const file = join(dir, 'deep.xml');
    // Lines 2 and 3 are a post and its comment; line 4 opens an entry; line 5 nests 40,000 deep.
    const deep = `<entry><id>tag:blogger.com,1999:blog-1.post-9</id>\n${'<b>'.repeat(40_000)}${'</b>'.repeat(40_000)}\n</entry>\n`;
    await writeFile(file, exportWith(postEntry(1, 'fine') + commentEntry(11, 1) + deep));
    const error = await importBlogger({ file, contentDir, db, renderer: pool }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).line).toBe(5);
    expect((error as Error).message).toMatch(/^Line 5: elements are nested more than 256 deep, which no Blogger export is\..*export the blog again from Blogger/);
    expect(await files(contentDir)).toEqual([]);
    expect(await count(db)).toBe(0);
    db.close();
  });

  it('refuses a post whose HTML nests past any real post’s depth, naming its line, and writes nothing; unclosed paragraphs and list items do not count', async () => {
    const { db, contentDir } = await fresh('deep-html');
    const file = join(dir, 'deep-html.xml');
    const nested = (open: string, close: string, n: number) => (open.repeat(n) + 'x' + close.repeat(n)).replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    // Line 2 is a post with 1,200 unclosed paragraphs and list items; line 3 a comment; line 4 a post nested 1,500 deep.
    const loose = postEntry(1, 'fine').replace('&lt;p&gt;Body 1&lt;/p&gt;', nested('<p><li>', '', 1200));
    const deep = postEntry(2, 'deep').replace('&lt;p&gt;Body 2&lt;/p&gt;', nested('<div>', '</div>', 1500));
    await writeFile(file, exportWith(loose + commentEntry(11, 1) + deep));
    const error = await importBlogger({ file, contentDir, db, renderer: pool }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).line).toBe(4);
    expect((error as Error).message).toMatch(/^Line 4: the post "Post 2" nests its HTML more than 1,000 elements deep.*export the blog again/);
    expect(await files(contentDir)).toEqual([]);
    expect(await count(db)).toBe(0);
    await writeFile(file, exportWith(loose + commentEntry(11, 1)));
    expect(await importBlogger({ file, contentDir, db, renderer: pool })).toMatchObject({ posts: 1, comments: 1 });
    db.close();
  });

  it('reads Blogger’s own prefixes when their declarations are missing, and refuses unknown ones', async () => {
    const { db, contentDir } = await fresh('prefixes');
    const undeclared = join(dir, 'undeclared.xml');
    await writeFile(undeclared, exportWith(postEntry(1, 'fine') + commentEntry(11, 1), "xmlns='http://www.w3.org/2005/Atom'"));
    expect(await importBlogger({ file: undeclared, contentDir, db, renderer: pool })).toMatchObject({ posts: 1, comments: 1 });
    const unknown = join(dir, 'unknown.xml');
    await writeFile(unknown, exportWith(postEntry(2, 'other').replace('<title', '<weird:thing/><title')));
    await expect(importBlogger({ file: unknown, contentDir: join(dir, 'unknown'), db, renderer: pool })).rejects.toThrow(/Line 2: the prefix "weird:" is used without declaring its namespace/);
    expect(await files(join(dir, 'unknown'))).toEqual([]);
    db.close();
  });

  it('refuses a file that is not a Blogger export', async () => {
    const { db, contentDir } = await fresh('not-atom');
    const file = join(dir, 'rss.xml');
    await writeFile(file, '<?xml version="1.0"?><rss><channel/></rss>');
    await expect(importBlogger({ file, contentDir, db, renderer: pool })).rejects.toThrow(/not an Atom <feed>/);
    db.close();
  });
});

describe('threadOrder', () => {
  it('puts parents before replies, oldest first, and breaks cycles', () => {
    const c = (number: string, parent: string | undefined, published: number) => ({ number, parent, published });
    const orphans: string[] = [];
    const order = threadOrder([c('3', '1', 3), c('1', undefined, 1), c('2', undefined, 2), c('4', '5', 4), c('5', '4', 5)], (x) => orphans.push(x.number));
    expect(order.map((o) => o.comment.number)).toEqual(['1', '3', '2', '4', '5']);
    expect(orphans).toEqual([]);
  });
});
