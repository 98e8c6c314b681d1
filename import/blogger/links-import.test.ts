// The importer's last pass on real files: links between posts, the jump break and broken structure,
// on a small export written here and on the two real exports in tests/fixtures/blogger.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../api/db/database.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { bodyProblems } from '../../tests/support/html-validator.ts';
import { importBlogger } from './importer.ts';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/blogger');
let dir: string;
let pool: RenderPool;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-links-'));
  pool = createRenderPool({ size: 1, maxQueue: 10_000, timeoutMs: 2000 });
});
afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

async function importInto(name: string, file: string) {
  const db = await openDatabase({ url: `file:${join(dir, `${name}.db`)}` });
  const contentDir = join(dir, name);
  const summary = await importBlogger({ file, contentDir, db, renderer: pool, timeZone: 'Europe/London' });
  return { db, contentDir, summary };
}

async function importedFiles(contentDir: string): Promise<Map<string, string>> {
  const entries = (await readdir(contentDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return new Map(await Promise.all(entries.map(async (e) => [join(e.parentPath, e.name).slice(contentDir.length + 1), await readFile(join(e.parentPath, e.name), 'utf8')] as const)));
}

const body = (text: string) => text.slice(text.indexOf('\n---\n', 3) + 5);
const escaped = (html: string) => html.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const entry = (n: number, kind: 'post' | 'page', path: string, html: string, labels: string[] = []) =>
  `<entry><id>tag:blogger.com,1999:blog-1.${kind}-${n}</id><published>2020-0${n}-10T10:00:00.000+01:00</published><updated>2020-0${n}-10T10:00:00.000+01:00</updated>` +
  `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#${kind}'/>${labels.map((l) => `<category scheme='http://www.blogger.com/atom/ns#' term='${l}'/>`).join('')}` +
  `<title type='text'>Entry ${n}</title><content type='html'>${escaped(html)}</content><link rel='alternate' type='text/html' href='https://notes.blogspot.com${path}'/><author><name>Owner</name></author></entry>\n`;
const exportOf = (entries: string) =>
  `<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><id>tag:blogger.com,1999:blog-1.archive</id><title type='text'>Notes</title><link rel='alternate' type='text/html' href='https://notes.blogspot.com/'/>\n${entries}</feed>`;

describe('a blog whose posts link to each other', () => {
  let contentDir: string;
  let summary: Awaited<ReturnType<typeof importBlogger>>;
  let file: string;

  beforeAll(async () => {
    file = join(dir, 'links.xml');
    await writeFile(
      file,
      exportOf(
        entry(1, 'post', '/2020/01/first.html', '<p>The start of it.</p><!--more--><p>See <a href="/2020/02/second.html">the next</a>, <a href="https://notes.blogspot.co.uk/2020/02/second.html?m=1#c42">a comment on it</a>, <a href="http://notes.blogspot.com/p/about.html">about</a> and <a href="https://notes.blogspot.com/2019/03/lost.html">one not exported</a>.</p>', ['Tea Time']) +
          entry(2, 'post', '/2020/02/second.html', '<p>Before the break, <b>bold</b>.<a name="more"></a></p><p>After.</p><p><a href="https://notes.blogspot.com/search/label/Tea%20Time">more tea</a>, <a href="https://notes.blogspot.com/2020/01/">January</a>, <a href="https://notes.blogspot.com/">home</a>, <a href="/search?q=cups">cups</a>.</p><ul><li>a</li><ul><li>b</li></ul></ul>') +
          entry(3, 'page', '/p/about.html', '<p>Back to <a href="https://notes.blogspot.com/2020/01/first.html">the first</a>.</p>'),
      ),
    );
    ({ contentDir, summary } = await importInto('links', file));
  });

  it('rewrites links between posts and pages, labels, archives, the home page and search to the new addresses', async () => {
    const files = await importedFiles(contentDir);
    expect(body(files.get('posts/2020/first.md')!)).toBe(
      '<div class="imported-post"><p>The start of it.</p><p>See <a href="/2020/02/second/">the next</a>, <a href="/2020/02/second/#comments">a comment on it</a>, <a href="/p/about/">about</a> and <a href="https://notes.blogspot.com/2019/03/lost.html">one not exported</a>.</p></div>\n',
    );
    expect(body(files.get('posts/2020/second.md')!)).toContain('<a href="/labels/tea-time/">more tea</a>, <a href="/2020/01/">January</a>, <a href="/">home</a>, <a href="/search/?q=cups">cups</a>');
    expect(files.get('pages/about.md')).toContain('<a href="/2020/01/first/">the first</a>');
    expect(summary.links).toEqual({
      rewritten: 8,
      perPost: { first: 3, second: 4, about: 1 },
      kept: [{ post: 'first', href: 'https://notes.blogspot.com/2019/03/lost.html' }],
    });
  });

  it('makes what came before the jump break the post’s summary, and removes the marker', async () => {
    const files = await importedFiles(contentDir);
    expect(files.get('posts/2020/first.md')).toContain('\nsummary: "The start of it."\n---\n');
    expect(files.get('posts/2020/second.md')).toContain('\nsummary: "Before the break, bold."\n---\n');
    expect(files.get('pages/about.md')).not.toContain('summary:');
    for (const text of files.values()) expect(text).not.toMatch(/name="more"|id="more"|<!--/);
    expect(summary.jumpBreaks).toEqual(['first', 'second']);
  });

  it('repairs a list inside a list, and says where', async () => {
    const files = await importedFiles(contentDir);
    expect(files.get('posts/2020/second.md')).toContain('<ul><li>a<ul><li>b</li></ul></li></ul>');
    expect(summary.repaired).toEqual([{ post: 'second', what: 'a list directly inside a list, moved into the item before it' }]);
  });

  it('changes nothing the second time, and reports the same', async () => {
    const before = await importedFiles(contentDir);
    const again = await importInto('links', file);
    expect(again.summary.files).toEqual({ written: 0, updated: 0, unchanged: 3, keptEdited: 0 });
    expect(again.summary.links.rewritten).toBe(8);
    expect(await importedFiles(contentDir)).toEqual(before);
    again.db.close();
  });
});

describe.each([
  // The larger export's template posts link to placeholders the author never filled in ("image-url",
  // "[ImagePath]-21.jpg"): addresses that were not pages of the old blog either, left as they are.
  ['ci-lhh-blogger-data-test.xml', ['www.cwp-project.net'], 4, ['http://www.cwp-project.net/image-url', 'http://www.cwp-project.net/[ImagePath]-21.jpg', 'http://www.cwp-project.net/[ImagePath]-22.jpg', 'http://www.cwp-project.net/[ImagePath]-23.jpg', 'http://www.cwp-project.net/[ImagePath]-24.jpg', 'http://www.cwp-project.net/[ImagePath]-25.jpg']],
  ['google-blog-converters-blogger-sample2.xml', ['blogger.com/blogspot/jjsfavoritethings', 'jjsfavoritethings.blogspot'], 0, []],
])('the real export %s', (name, oldHosts, rewritten, left) => {
  let contentDir: string;
  let summary: Awaited<ReturnType<typeof importBlogger>>;
  beforeAll(async () => {
    ({ contentDir, summary } = await importInto(name.replace('.xml', ''), join(fixtures, name)));
  });

  it('leaves no link to the old blog but to addresses it did not have', async () => {
    const found = new Set<string>();
    for (const text of (await importedFiles(contentDir)).values()) {
      for (const [, href] of body(text).matchAll(/href="([^"]*)"/g)) if (oldHosts.some((host) => href!.includes(host))) found.add(href!);
    }
    expect([...found].sort()).toEqual([...left].sort());
    expect(summary.links.rewritten).toBe(rewritten);
  });

  it('is valid HTML, every post and page, under html-validate’s recommended rules', async () => {
    const files = await importedFiles(contentDir);
    expect(files.size).toBeGreaterThan(0);
    const problems = (await Promise.all([...files].map(async ([path, text]) => (await bodyProblems(body(text))).map((p) => `${path}: ${p}`)))).flat();
    expect(problems).toEqual([]);
  });
});
