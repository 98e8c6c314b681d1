// Names, held words and links that try to look like something else, through app.request() on a
// real libSQL file with the real renderer (marked + DOMPurify on jsdom) and real staff accounts.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { createAccount } from '../../moderation/auth/accounts.ts';
import { createApp } from '../../server/app.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import type { Database } from '../db/database.ts';
import { createSourceHasher } from '../privacy/source.ts';
import { createRenderPool, type RenderPool } from '../render/pool.ts';
import { saveSettings } from '../settings.ts';

const post: PostsManifestEntry = { id: 'a-post', title: 'A post', url: '/2026/11/a-post/', published: '2026-11-20T10:00:00.000Z', labels: [], comments: 'open' };

const temp = useTempDatabase('look-alikes');
let dir: string;
let db: Database;
let pool: RenderPool;
const clock = Date.UTC(2026, 10, 26, 10);
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  ({ dir, db } = temp);
  await writeFile(join(dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"><h1>Sorry</h1></main></body></html>');
  pool = createRenderPool({ size: 1 });
  app = createApp({
    distDir: dir,
    pagesOrigin: 'http://127.0.0.1:4321',
    posts: [post],
    comments: { db, renderer: pool, sources: createSourceHasher(() => clock), clock: () => clock, formSecret: 's', limits: false, trustedProxyHeader: undefined, staffNames: ['The Befriender'] },
  });
  await createAccount(db, { name: 'Edith', role: 'editor', password: 'plum lantern orbit seventy' }, clock);
  await createAccount(db, { name: 'Mo', role: 'moderator', password: 'violet kettle marsh quiet' }, clock);
  await saveSettings(db, { heldWords: ['idiot'], maxLinks: 2 });
});

afterAll(async () => {
  await pool?.close();
});

async function send(body: Record<string, unknown>) {
  const res = await app.request(`/api/posts/${post.id}/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, data: (await res.json()) as { comment?: { author: { name: string; kind: string }; status: string; html: string }; error?: { code: string; field?: string } } };
}

describe('staff names', () => {
  it.each([
    ['Ed\u0456th', 'Cyrillic i'],
    ['M\u043E', 'Cyrillic o'],
    ['Ed\u202Eith', 'a right-to-left override'],
    ['Ed\u200Bith', 'a zero-width space'],
    ['Edith Staff', 'a staff word'],
    ['Edith (moderator)', 'a staff word in brackets'],
    ['Mo Admin', 'a staff word after a short name'],
    ['The Bef\u0433iender', 'a look-alike of the blog author'],
  ])('%j (%s) is kept for staff', async (name) => {
    const { status, data } = await send({ body: 'Hello', name });
    expect(status).toBe(422);
    expect(data.error).toMatchObject({ code: 'reserved_name', field: 'name' });
  });

  it('keeps a name without the override that would have shown it reversed', async () => {
    const { status, data } = await send({ body: 'Hello', name: '\u202Ehtide' });
    expect(status).toBe(201);
    expect(data.comment?.author).toEqual({ name: 'htide', kind: 'named' });
  });

  it('takes a look-alike of "Anonymous" as no name', async () => {
    const { status, data } = await send({ body: 'Hello', name: '\u0410nonym\u043Eus' });
    expect(status).toBe(201);
    expect(data.comment?.author).toEqual({ name: 'Anonymous', kind: 'anonymous' });
  });

  it('lets other people be called Edith Smith', async () => {
    const { status, data } = await send({ body: 'Hello', name: 'Edith Smith' });
    expect(status).toBe(201);
    expect(data.comment?.author.name).toBe('Edith Smith');
  });
});

describe('held words and links', () => {
  it.each([
    ['You \u0456diot.', 'Cyrillic i'],
    ['You id\u200Biot.', 'a zero-width space'],
    ['You id\u00ADi\u00ADot.', 'soft hyphens'],
  ])('holds %j (%s)', async (body) => {
    const { status, data } = await send({ body });
    expect(status).toBe(202);
    expect(data.comment?.status).toBe('pending');
  });

  it('counts links as rendered: three links the source does not spell as addresses are held', async () => {
    const { status, data } = await send({ body: 'See [a](https:e.example/1), [b](https:e.example/2) and [c](https:e.example/3).' });
    expect(status).toBe(202);
    expect(data.comment?.html.match(/<a /g)).toHaveLength(3);
  });

  it('publishes two such links', async () => {
    const { status } = await send({ body: 'See [a](https:e.example/1) and [b](https:e.example/2).' });
    expect(status).toBe(201);
  });
});
