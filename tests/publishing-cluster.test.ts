// Publishing with `--workers 2`: the starting process builds, and every serving process serves the
// new build as soon as it is live; a worker relays an editor's request for a build and shows the
// status the starting process sends it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureContent } from './support/fixture-site.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { addStaff, signIn } from './support/staff-login.ts';

let root: string;
let server: ServerProcess;
let cookie: string;
const editor = { name: 'Cluster Editor', role: 'editor' as const, password: 'a long cluster password' };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'befriend-publishing-cluster-'));
  await writeFixtureContent(join(root, 'content'), [{ path: '2021/only-one.mdx', front: { title: 'Only One', published: '2021-03-01T10:00:00Z' }, body: 'Alone.\n' }]);
  const databaseUrl = `file:${join(root, 'comments.db')}`;
  server = await startServer(
    { WORKERS: '2', DIST_DIR: join(root, 'dist'), DATABASE_URL: databaseUrl, BUILD_ON_START: 'auto', BEFRIEND_CONTENT_DIR: join(root, 'content'), BEFRIEND_PAGES_DIR: join(root, 'pages'), BEFRIEND_CACHE_DIR: join(root, 'cache'), LIMITS: 'off' },
    120_000,
  );
  await addStaff(databaseUrl, editor);
  cookie = await signIn(server.origin, editor.name, editor.password);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Fifty requests, which the two processes share between them: the answers they gave. */
async function fifty(path: string): Promise<number[]> {
  return Promise.all(Array.from({ length: 50 }, async () => (await fetch(`${server.origin}${path}`, { headers: { Connection: 'close' } })).status));
}

describe('publishing in a cluster', { timeout: 150_000 }, () => {
  it('a new post is served by every process once it is live, and takes comments in each', async () => {
    await writeFixtureContent(join(root, 'content'), [{ path: '2021/and-another.mdx', front: { title: 'And Another', published: '2021-04-01T10:00:00Z' }, body: 'Company.\n' }]);
    // The processes are told one after another: until all are, some answer 404.
    const deadline = Date.now() + 90_000;
    let answers = new Set<number>();
    while (Date.now() < deadline) {
      answers = new Set(await fifty('/2021/04/and-another/'));
      if (answers.size === 1 && answers.has(200)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answers).toEqual(new Set([200]));
    const comments = await Promise.all(Array.from({ length: 10 }, () => fetch(`${server.origin}/api/posts/and-another/comments`, { headers: { Connection: 'close' } }).then((r) => r.status)));
    expect(new Set(comments)).toEqual(new Set([200]));
  });

  it('an editor’s request reaches the building process through any worker, and every worker reports its status', async () => {
    const since = new Date().toISOString();
    const asked = await fetch(`${server.origin}/moderation/build`, { method: 'POST', headers: { Cookie: cookie, Origin: server.origin, Accept: 'application/json' } });
    expect(asked.status).toBe(200);
    const deadline = Date.now() + 90_000;
    let statuses: Record<string, any>[] = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(Array.from({ length: 6 }, async () => (await fetch(`${server.origin}/moderation/build`, { headers: { Cookie: cookie, Accept: 'application/json', Connection: 'close' } })).json() as Promise<Record<string, any>>));
      if (statuses.every((s) => s['state'] === 'idle' && (s['finished'] ?? '') > since)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const s of statuses) expect(s).toMatchObject({ state: 'idle', reason: `asked for by ${editor.name}`, served: { posts: 2 } });
  });
});
