// The import report on a real import (a real libSQL file, the board's real renderer): each post's
// old and new address and its comments counted in the database; a second run says what changed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../api/db/database.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { commentEntry, exportWith, postEntry } from '../../tests/support/blogger-export.ts';
import { importBlogger } from './importer.ts';
import { changesLine, writeImportReport, type ImportReport } from './report.ts';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/blogger');
const large = join(fixtures, 'ci-lhh-blogger-data-test.xml');

let dir: string;
let pool: RenderPool;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-import-report-'));
  pool = createRenderPool({ size: 1, maxQueue: 100_000, timeoutMs: 2000 });
});
afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

const page = (html: string) => new JSDOM(html).window.document;

describe('the report of the larger export', () => {
  let db: Database;
  const contentDir = () => join(dir, 'large');
  const reportDir = () => join(dir, 'large-report');
  let first: ImportReport;
  let html: Document;

  beforeAll(async () => {
    db = await openDatabase({ url: `file:${join(dir, 'large.db')}` });
    const summary = await importBlogger({ file: large, contentDir: contentDir(), db, renderer: pool, timeZone: 'Europe/London' });
    const written = await writeImportReport(reportDir(), summary, { file: large, seconds: 1 });
    first = JSON.parse(await readFile(written.json, 'utf8')) as ImportReport;
    html = page(await readFile(written.html, 'utf8'));
  });
  afterAll(() => db.close());

  it('lists every post and page with its old and new address, its comments counted in the database', () => {
    expect(first.totals).toMatchObject({ posts: 36, pages: 9, drafts: 3, comments: { found: 193, expected: 193, inDatabase: 193 }, needALook: 0, refused: 0 });
    expect(first.entries).toHaveLength(48);
    const post = first.entries.find((entry) => entry.oldUrl === 'https://www.cwp-project.net/2019/07/nam-vel-justo-et-arcu-dictum-pharetra.html');
    expect(post).toMatchObject({ kind: 'post', newUrl: '/2019/07/nam-vel-justo-et-arcu-dictum-pharetra/', file: 'written', comments: { found: 1, expected: 1, inDatabase: 1 } });
    const pages = first.entries.filter((entry) => entry.kind === 'page');
    expect(pages).toHaveLength(9);
    for (const entry of pages) expect(entry.newUrl).toBe(`/p/${entry.id}/`);
    // The comments counted per post add up to what the database holds.
    expect(first.entries.reduce((n, entry) => n + (entry.comments.inDatabase ?? 0), 0)).toBe(193);
    expect(first.changes).toBeUndefined();
  });

  it('says per post which links now point here, what was repaired and which summaries end at the jump break', () => {
    expect(first.totals).toMatchObject({ links: { rewritten: 4 }, repaired: 1, jumpBreaks: 3 });
    const stylesheet = first.entries.find((entry) => entry.id === 'stylesheet')!;
    expect(stylesheet.repaired.length).toBeGreaterThan(0);
    expect(first.entries.filter((entry) => entry.links.rewritten > 0).reduce((n, entry) => n + entry.links.rewritten, 0)).toBe(4);
    expect(first.entries.filter((entry) => entry.jumpBreak).every((entry) => entry.kind === 'post')).toBe(true);
    const row = html.getElementById(`entry-${stylesheet.number}`)!;
    expect(row.textContent).toContain(`repaired: ${stylesheet.repaired[0]}`);
  });

  it('shows the editor the totals, then every post as a row', () => {
    expect(html.title).toBe('Import report: ci-lhh-blogger-data-test.xml');
    expect(html.body.textContent).toContain('Everything arrived');
    expect(html.body.textContent).toContain('first import of this blog here');
    const rows = [...html.querySelectorAll('#all ~ table tbody tr, section[aria-labelledby="all"] tbody tr')];
    expect(rows).toHaveLength(48);
    const row = rows.find((r) => r.textContent!.includes('/2019/07/nam-vel-justo-et-arcu-dictum-pharetra/'))!;
    expect(row.querySelector('th')!.textContent).toBe('Nam vel justo et arcu dictum pharetra eu at enim.');
    expect(row.textContent).toContain('1 found; 1 of 1 in the database');
    // It loads nothing from anywhere: no script, stylesheet link or image.
    expect(html.querySelectorAll('script, link, img, iframe')).toHaveLength(0);
  });

  it('says on a second run that nothing changed', async () => {
    const summary = await importBlogger({ file: large, contentDir: contentDir(), db, renderer: pool, timeZone: 'Europe/London' });
    const { report, html: file } = await writeImportReport(reportDir(), summary, { file: large, seconds: 1 });
    expect(report.changes).toEqual({ since: first.finishedAt, added: [], gone: [], changed: [] });
    expect(changesLine(report.changes)).toMatch(/^Nothing changed since the last import/);
    expect(page(await readFile(file, 'utf8')).body.textContent).toContain('Nothing changed');
    expect(report.entries.every((entry) => entry.file === 'unchanged')).toBe(true);
  });
});

describe('a blog that changed between two imports', () => {
  it('names the posts added, changed and gone, with their new comments', async () => {
    const db = await openDatabase({ url: `file:${join(dir, 'changes.db')}` });
    const contentDir = join(dir, 'changes');
    const reportDir = join(dir, 'changes-report');
    const file = join(dir, 'changes.xml');
    const run = async () => {
      const summary = await importBlogger({ file, contentDir, db, renderer: pool });
      return (await writeImportReport(reportDir, summary, { file, seconds: 1 })).report;
    };
    await writeFile(file, exportWith(postEntry(1, 'first') + postEntry(2, 'second') + commentEntry(11, 1)));
    const before = await run();
    expect(before.entries.map((entry) => [entry.id, entry.comments.inDatabase])).toEqual([['first', 1], ['second', 0]]);

    // On Blogger since: the first post edited and answered, the second deleted, a third written.
    await writeFile(file, exportWith(postEntry(1, 'first', 'Body 1, corrected') + postEntry(3, 'third') + commentEntry(11, 1) + commentEntry(12, 1, 11)));
    const after = await run();
    expect(after.changes!.added).toEqual([{ number: '3', id: 'third', title: 'Post 3', what: ['new post'] }]);
    expect(after.changes!.gone).toEqual([expect.objectContaining({ number: '2', id: 'second' })]);
    expect(after.changes!.changed).toEqual([
      {
        number: '1',
        id: 'first',
        title: 'Post 1',
        what: ['changed on Blogger: its file here, untouched since the last import, is brought up to date', '1 comment added', '2 comments in the export (1 before)'],
      },
    ]);
    expect(changesLine(after.changes)).toMatch(/: 1 new post or page, 1 changed, 1 gone\.$/);
    const html = page(await readFile(join(reportDir, 'import-report.html'), 'utf8'));
    const changed = html.querySelector('section[aria-labelledby="changes"]')!;
    expect(changed.textContent).toContain('Post 1: changed on Blogger: its file here, untouched since the last import, is brought up to date');
    expect(changed.querySelector('a[href="#entry-1"]')).not.toBeNull();
    expect(html.getElementById('entry-1')!.textContent).toContain('2 found; 2 of 2 in the database');
    db.close();
  });

  it('points at a post whose comments are not all in the database, and at what was not imported', async () => {
    const db = await openDatabase({ url: `file:${join(dir, 'missing.db')}` });
    const file = join(dir, 'missing.xml');
    const undated = postEntry(4, 'undated').replace(/<published>[^<]*<\/published>/, '<published>someday</published>');
    // A comment already stored, from another blog's import, under the same Blogger id: this
    // import's copy of it does not go in.
    await writeFile(file, exportWith(postEntry(1, 'first') + commentEntry(11, 1) + commentEntry(12, 1) + undated + commentEntry(13, 4)));
    await db.execute({
      sql: `INSERT INTO comments (post_id, author_kind, body_source, body_html, status, removal_key_hash, created_at, updated_at, source_id) VALUES ('elsewhere', 'anonymous', 'x', '<p>x</p>', 'published', 'h', 1, 1, 'blogger:12')`,
    });
    const summary = await importBlogger({ file, contentDir: join(dir, 'missing'), db, renderer: pool });
    const { report, html } = await writeImportReport(join(dir, 'missing-report'), summary, { file, seconds: 1 });
    expect(report.entries[0]!.comments).toMatchObject({ found: 2, expected: 2, inDatabase: 1 });
    expect(report.totals).toMatchObject({ needALook: 1, refused: 1, comments: { withoutPost: 1 } });
    expect(report.refused).toEqual([{ kind: 'post', title: 'Post 4', line: expect.any(Number), reason: 'the post "Post 4" has no valid publication date ("someday") and was skipped.' }]);
    const doc = page(await readFile(html, 'utf8'));
    expect(doc.body.textContent).toContain('1 post needs a look, and 1 entry was not imported');
    expect(doc.querySelector('section[aria-labelledby="look"] tbody')!.textContent).toContain('1 missing');
    expect(doc.querySelector('section[aria-labelledby="refused"]')!.textContent).toContain('“Post 4” (line');
    expect(doc.querySelector('section[aria-labelledby="totals"]')!.textContent).toContain('1 answering posts not imported');
    db.close();
  });

  it('writes a dry run’s report beside the last real one, compared with it', async () => {
    const db = await openDatabase({ url: `file:${join(dir, 'dry.db')}` });
    const file = join(dir, 'dry.xml');
    const reportDir = join(dir, 'dry-report');
    await writeFile(file, exportWith(postEntry(1, 'first') + commentEntry(11, 1)));
    const real = await writeImportReport(reportDir, await importBlogger({ file, contentDir: join(dir, 'dry'), db, renderer: pool }), { file, seconds: 1 });
    await writeFile(file, exportWith(postEntry(1, 'first') + postEntry(2, 'second') + commentEntry(11, 1)));
    const dry = await writeImportReport(reportDir, await importBlogger({ file, contentDir: join(dir, 'dry'), db, renderer: pool, dryRun: true }), { file, seconds: 1 });
    expect(dry.json).toBe(join(reportDir, 'import-report-dry-run.json'));
    expect(dry.report.changes!.added.map((c) => c.id)).toEqual(['second']);
    expect(dry.report.entries[0]!.comments.inDatabase).toBeUndefined();
    // The real import's report is still the one the next import compares with.
    expect(JSON.parse(await readFile(real.json, 'utf8'))).toEqual(real.report);
    db.close();
  });
});
