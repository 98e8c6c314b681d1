// One comment carrying control characters or noncharacters must not break a feed: they are
// stripped on the way in, and the feed writers leave out whatever XML cannot carry (older rows).
// Through app.request() on a real libSQL file, the real renderer, and a real XML parser (saxes).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { createAccount, createFeedToken } from '../../moderation/auth/accounts.ts';
import { createApp } from '../../server/app.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import type { Database } from '../db/database.ts';
import { createSourceHasher } from '../privacy/source.ts';
import { createRenderPool, type RenderPool } from '../render/pool.ts';

const post = (id: string, comments: PostsManifestEntry['comments']): PostsManifestEntry => ({ id, title: `Post ${id}`, url: `/2026/11/${id}/`, published: '2026-11-20T10:00:00.000Z', labels: [], comments });
const posts = [post('open-post', 'open'), post('moderated-post', 'moderated')];

const temp = useTempDatabase('controls');
let dir: string;
let db: Database;
let pool: RenderPool;
let clock = Date.UTC(2026, 10, 26, 10);
let app: ReturnType<typeof createApp>;
let feedToken = '';

const hostile = '\u0007\u001B\uFFFE\u0085';

beforeAll(async () => {
  ({ dir, db } = temp);
  await writeFile(join(dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"><h1>Sorry</h1></main></body></html>');
  pool = createRenderPool({ size: 1 });
  app = createApp({
    distDir: dir,
    pagesOrigin: 'http://127.0.0.1:4321',
    posts,
    comments: { db, renderer: pool, sources: createSourceHasher(() => clock), clock: () => clock, formSecret: 's', limits: false, trustedProxyHeader: undefined },
  });
  const editor = await createAccount(db, { name: 'Edith', role: 'editor', password: 'plum lantern orbit seventy' }, clock);
  feedToken = await createFeedToken(db, editor.id);
});

afterAll(async () => {
  await pool?.close();
});

const jsonPost = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** The XML errors saxes finds in the document (none for a well-formed one). */
function xmlErrors(xml: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => errors.push(error.message));
  parser.write(xml).close();
  return errors;
}

async function feeds(): Promise<Record<string, string>> {
  const get = async (path: string) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    return res.text();
  };
  return {
    recent: await get('/api/comments/recent.atom'),
    post: await get('/api/posts/open-post/comments.atom'),
    moderators: await get(`/moderation/feed/${feedToken}`),
  };
}

describe('control characters', () => {
  it('are stripped from names, bodies, report notes and removal-request notes on the way in', async () => {
    const res = await app.request('/api/posts/open-post/comments', jsonPost({ name: `Bell${hostile} Ringer`, body: `Ding${hostile} dong\r\nsecond line` }));
    expect(res.status).toBe(201);
    const { comment } = (await res.json()) as { comment: { id: number; author: { name: string } } };
    expect(comment.author.name).toBe('Bell Ringer');
    const stored = (await db.execute({ sql: 'SELECT author_name, body_source FROM comments WHERE id = ?', args: [comment.id] })).rows[0]!;
    expect(stored['author_name']).toBe('Bell Ringer');
    expect(stored['body_source']).toBe('Ding dong\nsecond line');

    expect((await app.request(`/api/comments/${comment.id}/reports`, jsonPost({ reason: 'spam', note: `note${hostile}!` }))).status).toBe(201);
    expect((await app.request(`/api/comments/${comment.id}/removal-requests`, jsonPost({ note: `mine${hostile}!` }))).status).toBe(201);
    const notes = await db.execute('SELECT note FROM reports UNION ALL SELECT note FROM removal_requests');
    expect(notes.rows.map((row) => row['note'])).toEqual(['note!', 'mine!']);

    const held = await app.request('/api/posts/moderated-post/comments', jsonPost({ name: `Held${hostile}`, body: `Held${hostile} text` }));
    expect(held.status).toBe(202);
  });

  it('leave the recent, per-post and moderators’ Atom feeds valid XML', async () => {
    const all = await feeds();
    expect(all.recent).toContain('Bell Ringer');
    expect(all.moderators).toContain('Held text');
    for (const xml of Object.values(all)) expect(xmlErrors(xml)).toEqual([]);
  });

  it('already stored (before this check) are left out of the feeds, which stay valid XML', async () => {
    clock += 60_000;
    await db.execute({
      sql: `INSERT INTO comments (post_id, author_name, author_kind, body_source, body_html, status, removal_key_hash, created_at, updated_at)
            VALUES ('open-post', ?, 'named', ?, ?, 'published', 'x', ?, ?), ('moderated-post', ?, 'named', ?, ?, 'pending', 'y', ?, ?)`,
      args: [`Old${hostile}name`, `old${hostile}`, `<p>old${hostile}\uD800</p>`, clock, clock, `Old${hostile}held`, 'b', `<p>held${hostile}</p>`, clock, clock],
    });
    await db.execute("INSERT INTO thread_versions (post_id, version) VALUES ('open-post', 1000) ON CONFLICT (post_id) DO UPDATE SET version = version + 1");
    const all = await feeds();
    expect(all.recent).toContain('Oldname');
    expect(all.post).toContain('Oldname');
    expect(all.moderators).toContain('Oldheld');
    for (const xml of Object.values(all)) expect(xmlErrors(xml)).toEqual([]);
  });
});
