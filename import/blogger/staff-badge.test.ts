// Who gets the Staff badge from a Blogger import: the blog's own authors, known by their Blogger
// profile address, never someone who merely typed an author's name. A small export written here,
// imported into a real libSQL file with the real renderer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../api/db/database.ts';
import { createRenderPool, type RenderPool } from '../../api/render/pool.ts';
import { importBlogger } from './importer.ts';

const blog = 'tag:blogger.com,1999:blog-42';
const kind = (term: string) => `<category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#${term}"/>`;
const author = (name: string, uri?: string) => `<author><name>${name}</name>${uri ? `<uri>${uri}</uri>` : ''}<email>noreply@blogger.com</email></author>`;
const owner = 'https://www.blogger.com/profile/1111';

const comment = (n: number, name: string, uri?: string) => `
  <entry>
    <id>${blog}.post-${900 + n}</id>
    <published>2020-01-0${n}T10:00:00.000Z</published>
    <updated>2020-01-0${n}T10:00:00.000Z</updated>
    ${kind('comment')}
    <title type="text">Comment ${n}</title>
    <content type="html">Comment number ${n}</content>
    ${author(name, uri)}
    <thr:in-reply-to href="https://old.example/2020/01/a-post.html" ref="${blog}.post-100" type="text/html"/>
  </entry>`;

const exportXml = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0" xmlns:gd="http://schemas.google.com/g/2005">
  <id>${blog}.archive</id>
  <title type="text">Edith's blog</title>
  <link rel="alternate" type="text/html" href="https://old.example/"/>
  ${author('Edith', owner)}
  <entry>
    <id>${blog}.post-100</id>
    <published>2020-01-01T09:00:00.000Z</published>
    <updated>2020-01-01T09:00:00.000Z</updated>
    ${kind('post')}
    <title type="text">A post</title>
    <content type="html">&lt;p&gt;Hello.&lt;/p&gt;</content>
    <link rel="alternate" type="text/html" href="https://old.example/2020/01/a-post.html" title="A post"/>
    ${author('Edith', owner)}
  </entry>
  ${comment(1, 'Edith', owner)}
  ${comment(2, 'Edith', owner.replace('https:', 'http:'))}
  ${comment(3, 'Edith')}
  ${comment(4, 'edith', 'https://www.blogger.com/profile/2222')}
  ${comment(5, 'Edith', 'https://edith.example/')}
</feed>
`;

let dir: string;
let db: Database;
let pool: RenderPool;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-staff-badge-'));
  pool = createRenderPool({ size: 1 });
  db = await openDatabase({ url: `file:${join(dir, 'import.db')}` });
  await writeFile(join(dir, 'export.xml'), exportXml);
});
afterAll(async () => {
  await pool?.close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the Staff badge on imported comments', () => {
  it('goes to comments from the blog author’s profile only, not to anyone who typed the author’s name', async () => {
    const summary = await importBlogger({ file: join(dir, 'export.xml'), contentDir: join(dir, 'content'), db, renderer: pool });
    expect(summary.comments).toBe(5);
    const rows = await db.execute('SELECT body_source, author_name, author_kind FROM comments ORDER BY created_at');
    expect(rows.rows.map((row) => [row['body_source'], row['author_name'], row['author_kind']])).toEqual([
      ['Comment number 1', 'Edith', 'staff'],
      ['Comment number 2', 'Edith', 'staff'], // the same profile over http
      ['Comment number 3', 'Edith', 'named'], // a name typed with no profile
      ['Comment number 4', 'edith', 'named'], // another Blogger account called Edith
      ['Comment number 5', 'Edith', 'named'], // a name with a web address of its own
    ]);
  });
});
