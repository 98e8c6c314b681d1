// A build that fails at start never takes down a server that has a site to serve: the real server
// process, on a fixture site built once, restarted after a post is broken.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureSite, type BuiltSite } from './support/fixture-site.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

const fine = { path: '2021/still-here.mdx', front: { title: 'Still Here', published: '2021-03-01T10:00:00Z', labels: ['Courts'] }, body: 'The word **palimpsest** is only here.\n' };
const breakable = { path: '2021/to-break.mdx', front: { title: 'To Break', published: '2021-02-01T10:00:00Z', labels: [] }, body: 'Fine for now.\n' };

let site: BuiltSite;
let server: ServerProcess | undefined;
/** Rebuilds at every start, from the fixture's folders (which the server passes on to the build). */
const env = () => ({
  DIST_DIR: site.outDir,
  DATABASE_URL: `file:${join(site.root, 'comments.db')}`,
  BUILD_ON_START: 'always',
  BEFRIEND_CONTENT_DIR: site.contentDir,
  BEFRIEND_PAGES_DIR: site.pagesDir,
  BEFRIEND_CACHE_DIR: join(site.root, 'cache'),
  LIMITS: 'off',
});
const breakPost = (text: string) => writeFile(join(site.contentDir, breakable.path), text);

beforeAll(async () => {
  site = await buildFixtureSite([fine, breakable]);
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => (site ? rm(site.root, { recursive: true, force: true }) : undefined));

/** The old site's page and the comment API both answer. */
async function servesOldSiteAndComments(origin: string): Promise<void> {
  const page = await fetch(`${origin}/2021/03/still-here/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('palimpsest');
  expect((await fetch(`${origin}/2021/02/to-break/`)).status).toBe(200);
  const posted = await fetch(`${origin}/api/posts/still-here/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Still commenting.' }) });
  expect(posted.status).toBe(201);
  const thread = (await (await fetch(`${origin}/api/posts/still-here/comments`)).json()) as { comments: { html: string }[] };
  expect(thread.comments.some((c) => c.html.includes('Still commenting.'))).toBe(true);
}

describe('a failed build at start', { timeout: 180_000 }, () => {
  it('with a post’s frontmatter broken: serves the old pages and the comment API, and says which file and field', async () => {
    await breakPost(`---\ntitle: "To Break"\npublished: 2021-02-01T10:00:00Z\ncomments: sometimes\n---\n\nBroken.\n`);
    server = await startServer(env(), 120_000);
    await servesOldSiteAndComments(server.origin);
    const log = server.output();
    expect(log).toMatch(/The site could not be built \(.*\): still serving the site as it was built at \d{4}-\d\d-\d\dT/);
    expect(log).toMatch(/to-break/);
    expect(log).toMatch(/comments/);
    expect(log).toMatch(/to-break\.mdx:4: comments: /);
    expect(log).toContain('Fix what the build names (the file, and the line or field) and save: the server builds again.');
    // And a folder asked for with two slashes is sent on to this origin, over the wire too.
    const moved = await fetch(`${server.origin}//labels/courts`, { redirect: 'manual' });
    expect([moved.status, moved.headers.get('Location')]).toEqual([301, '/labels/courts/']);
  });

  it('with a post’s MDX broken (after Astro has emptied its output): still serves the whole old site', async () => {
    await breakPost(`---\ntitle: "To Break"\npublished: 2021-02-01T10:00:00Z\n---\n\nA <Contribution from="someone"> never closed.\n`);
    server = await startServer(env(), 120_000);
    await servesOldSiteAndComments(server.origin);
    expect((await fetch(`${server.origin}/search/`)).status).toBe(200);
    expect((await fetch(`${server.origin}/pagefind/shards.json`)).status).toBe(200);
    const log = server.output();
    expect(log).toMatch(/still serving the site as it was built at/);
    expect(log).toMatch(/to-break\.mdx:\d+:\d+/);
    expect(await readdir(site.outDir)).not.toContain('.building');
  });

  it('with no earlier build to serve: start fails, saying why', async () => {
    const failed = await startServer({ ...env(), DIST_DIR: join(site.root, 'never-built') }, 120_000).then(
      (started) => ((server = started), undefined),
      (error: Error) => error,
    );
    expect(failed?.message).toMatch(/The server exited with 1/);
    expect(failed?.message).toMatch(/there is no earlier build in .*never-built to serve/);
    expect(failed?.message).toMatch(/to-break\.mdx:\d+:\d+/);
  });

  it('once the post is fixed, the next start publishes it', async () => {
    await breakPost(`---\ntitle: "Mended"\npublished: 2021-02-01T10:00:00Z\n---\n\nMended now.\n`);
    server = await startServer(env(), 120_000);
    expect(await (await fetch(`${server.origin}/2021/02/to-break/`)).text()).toContain('Mended now.');
    expect(await readFile(join(site.outDir, '2021/03/still-here/index.html'), 'utf8')).toContain('palimpsest');
    // The server's own build is beside the one it was first given, which stays as it was.
    expect((await readdir(site.outDir)).filter((name) => name.startsWith('.')).sort()).toEqual(['.befriend-build.json', '.releases']);
    expect((await readdir(join(site.outDir, '.releases'))).filter((name) => name !== 'live')).toHaveLength(1);
  });
});
