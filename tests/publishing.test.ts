// Publishing while serving, on the real server process: it builds before listening, then rebuilds
// by itself when a post is added, edited, relabelled, unpublished or deleted, at a scheduled post's
// time, and when an editor asks; each build is swapped in whole under a reader loop that never sees
// a failure; a broken post leaves the old site serving and the error on the staff's status endpoint.
import { mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureContent, type FixtureFile } from './support/fixture-site.ts';
import { startServer, waitUntil, type ServerProcess } from './support/server-process.ts';
import { addStaff, signIn } from './support/staff-login.ts';

const posts: FixtureFile[] = [
  { path: '2021/first-light.mdx', front: { title: 'First Light', published: '2021-03-01T10:00:00Z', labels: ['Courts'] }, body: 'The first post.\n' },
  { path: '2021/second-wind.mdx', front: { title: 'Second Wind', published: '2021-04-01T10:00:00Z', labels: ['Courts'] }, body: 'The second post.\n' },
];
const editor = { name: 'Ella Editor', role: 'editor' as const, password: 'a long editor password' };
const moderator = { name: 'Moe Moderator', role: 'moderator' as const, password: 'a long moderator password' };

let root: string;
let server: ServerProcess;
let editorCookie: string;
let moderatorCookie: string;
const contentDir = () => join(root, 'content');
const distDir = () => join(root, 'dist');

/** A reader loop at 10 requests a second over the home page, a post and the search index. */
const reader = { stop: false, requests: 0, failures: [] as string[], done: Promise.resolve() };
function startReaders(origin: string): void {
  const paths = ['/', '/2021/03/first-light/', '/pagefind/shards.json', '/posts.json'];
  reader.done = (async () => {
    while (!reader.stop) {
      const path = paths[reader.requests % paths.length]!;
      reader.requests++;
      const response = await fetch(`${origin}${path}`).catch((error: Error) => ({ status: 0, statusText: error.message, text: async () => '' }));
      const body = await response.text();
      if (response.status !== 200 || (path.endsWith('/') && !body.includes('</html>'))) reader.failures.push(`${path}: ${response.status} ${body.length} bytes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
}

async function page(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.origin}${path}`);
  return { status: response.status, text: await response.text() };
}

const until = (what: string, check: () => Promise<boolean>) => waitUntil(() => server, what, check, 90_000);

const status = async (cookie = editorCookie) => (await (await fetch(`${server.origin}/moderation/build`, { headers: { Cookie: cookie, Accept: 'application/json' } })).json()) as Record<string, any>;
/** Waits for the build the last change started to finish, whatever its outcome. */
async function settled(since: string): Promise<Record<string, any>> {
  let last: Record<string, any> = {};
  await until('the build has finished', async () => {
    last = await status();
    return last['state'] !== 'building' && !last['queued'] && !last['searchBehind'] && (last['finished'] ?? '') > since;
  });
  return last;
}
const write = (path: string, front: Record<string, unknown>, body: string) => writeFixtureContent(contentDir(), [{ path, front, body }]);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'befriend-publishing-'));
  await writeFixtureContent(contentDir(), posts);
  const databaseUrl = `file:${join(root, 'comments.db')}`;
  server = await startServer(
    { DIST_DIR: distDir(), DATABASE_URL: databaseUrl, BUILD_ON_START: 'auto', BEFRIEND_CONTENT_DIR: contentDir(), BEFRIEND_PAGES_DIR: join(root, 'pages'), BEFRIEND_CACHE_DIR: join(root, 'cache'), LIMITS: 'off' },
    120_000,
  );
  await addStaff(databaseUrl, editor);
  await addStaff(databaseUrl, moderator);
  editorCookie = await signIn(server.origin, editor.name, editor.password);
  moderatorCookie = await signIn(server.origin, moderator.name, moderator.password);
  startReaders(server.origin);
}, 180_000);

afterAll(async () => {
  reader.stop = true;
  await reader.done;
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('publishing while serving', { timeout: 120_000 }, () => {
  it('builds before listening, and tells staff what is served', async () => {
    expect((await page('/2021/03/first-light/')).status).toBe(200);
    const now = await status(moderatorCookie);
    expect(now).toMatchObject({ state: 'idle', served: { posts: 2 } });
    expect((await fetch(`${server.origin}/moderation/build`, { headers: { Accept: 'application/json' } })).status).toBe(401);
  });

  it('a new post is live without a restart: its page, the home page, its label page, and it takes comments', async () => {
    const since = new Date().toISOString();
    await write('2021/third-time.mdx', { title: 'Third Time', published: '2021-05-01T10:00:00Z', labels: ['Courts', 'Volunteers'] }, 'The word **bladderwrack** arrives.\n');
    await until('the new post is served', async () => (await page('/2021/05/third-time/')).status === 200);
    expect((await page('/2021/05/third-time/')).text).toContain('bladderwrack');
    expect((await page('/')).text).toContain('Third Time');
    expect((await page('/labels/volunteers/')).text).toContain('Third Time');
    const posted = await fetch(`${server.origin}/api/posts/third-time/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'First to comment.' }) });
    expect(posted.status).toBe(201);
    const done = await settled(since);
    expect(done).toMatchObject({ state: 'idle', served: { posts: 3 } });
    expect(done['reason']).toMatch(/third-time\.mdx/);
    expect(server.output()).toMatch(/Published \(.*third-time\.mdx.*\): \d+ pages built in [\d.]+ s; serving 3 posts/);
  });

  it('listings follow an edit, a relabel, an unpublish and a delete', async () => {
    let since = new Date().toISOString();
    await write('2021/third-time.mdx', { title: 'Third Time Lucky', published: '2021-05-01T10:00:00Z', labels: ['Courts'] }, 'Edited: **kelp** now.\n');
    await settled(since);
    expect((await page('/2021/05/third-time/')).text).toContain('kelp');
    expect((await page('/')).text).toContain('Third Time Lucky');
    expect((await page('/labels/courts/')).text).toContain('Third Time Lucky');
    expect((await page('/labels/volunteers/')).status).toBe(404);

    since = new Date().toISOString();
    await write('2021/second-wind.mdx', { title: 'Second Wind', published: '2021-04-01T10:00:00Z', labels: ['Courts'], draft: true }, 'The second post.\n');
    await settled(since);
    expect((await page('/2021/04/second-wind/')).status).toBe(404);
    expect((await page('/')).text).not.toContain('Second Wind');
    expect((await page('/labels/courts/')).text).not.toContain('Second Wind');
    expect((await page('/posts.json')).text).not.toContain('second-wind');
    const closed = await fetch(`${server.origin}/api/posts/second-wind/comments`);
    expect(closed.status).toBe(404);

    since = new Date().toISOString();
    await unlink(join(contentDir(), '2021/third-time.mdx'));
    await settled(since);
    expect((await page('/2021/05/third-time/')).status).toBe(404);
    expect((await page('/')).text).not.toContain('Third Time');
    expect((await page('/feed.xml')).text).not.toContain('third-time');
  });

  it('a broken post leaves the old site serving and says which file, line and field', async () => {
    const since = new Date().toISOString();
    await writeFile(join(contentDir(), '2021/first-light.mdx'), '---\ntitle: First Light\npublished: 2021-03-01T10:00:00Z\ncomments: sometimes\n---\n\nBroken.\n');
    const failed = await settled(since);
    expect(failed).toMatchObject({ state: 'failed', served: { posts: 1 } });
    expect(failed['error']['details']).toMatch(/2021\/first-light\.mdx:4: comments: /);
    expect(server.output()).toMatch(/The site could not be built .*still serving the site as it was built at/);
    expect((await page('/2021/03/first-light/')).text).toContain('The first post.');
  });

  it('a post scheduled seconds ahead is published by the server at its time', async () => {
    const since = new Date().toISOString();
    await writeFile(join(contentDir(), '2021/first-light.mdx'), '---\ntitle: First Light\npublished: 2021-03-01T10:00:00Z\nlabels: [Courts]\n---\n\nThe first post, mended.\n');
    const dueAt = new Date(Date.now() + 40_000);
    const year = dueAt.getUTCFullYear();
    await write(`${year}/right-on-time.mdx`, { title: 'Right On Time', published: dueAt.toISOString(), labels: ['Courts'] }, 'Scheduled.\n');
    const built = await settled(since);
    expect(built['state']).toBe('idle');
    expect(built['nextScheduled']).toBe(dueAt.toISOString());
    expect((await page('/')).text).not.toContain('Right On Time');
    expect((await page('/posts.json')).text).not.toContain('right-on-time');
    await until('the scheduled post is on the home page', async () => (await page('/')).text.includes('Right On Time'));
    expect(Date.now()).toBeGreaterThanOrEqual(dueAt.getTime());
    expect((await page('/posts.json')).text).toContain('right-on-time');
  });

  it('builds when an editor asks (a moderator may not), and keeps no more than two builds', async () => {
    const since = new Date().toISOString();
    const refused = await fetch(`${server.origin}/moderation/build`, { method: 'POST', headers: { Cookie: moderatorCookie, Origin: server.origin, Accept: 'application/json' } });
    expect(refused.status).toBe(403);
    const asked = await fetch(`${server.origin}/moderation/build`, { method: 'POST', headers: { Cookie: editorCookie, Origin: server.origin, Accept: 'application/json' } });
    expect(asked.status).toBe(200);
    const done = await settled(since);
    expect(done['reason']).toBe(`asked for by ${editor.name}`);
    const releases = (await readdir(join(distDir(), '.releases'))).filter((name) => name !== 'live');
    expect(releases.length).toBeLessThanOrEqual(2);
  });

  it('no reader request failed or saw a half-built page during any of the swaps', async () => {
    reader.stop = true;
    await reader.done;
    expect(reader.requests).toBeGreaterThan(100);
    expect(reader.failures).toEqual([]);
  });
});
