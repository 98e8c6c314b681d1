// Every kind of response carries the security headers and the Content Security Policy, and none
// carries anything of the reader back: not their address, user agent or a removal key.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import type { Database } from '../api/db/database.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../api/render/pool.ts';
import { writeMinimalDist } from './support/server-process.ts';
import { useTempDatabase } from './support/temp-database.ts';

const pagesOrigin = 'https://blog.example.org';
const address = '198.51.100.213';
const agent = 'Mozilla/5.0 (X11; Linux x86_64) FingerprintMe/99.1';
const temp = useTempDatabase('headers');
let dir: string;
let db: Database;
let pool: RenderPool;
let app: ReturnType<typeof createApp>;
let removalKey = '';
let commentId = 0;

beforeAll(async () => {
  ({ dir, db } = temp);
  await writeMinimalDist(join(dir, 'dist'), [{ id: 'a-post', title: 'A post', url: '/2026/11/a-post/', published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' }]);
  await mkdir(join(dir, 'dist', '_astro'), { recursive: true });
  await writeFile(join(dir, 'dist', '_astro', 'thread.abc123.js'), 'export {};\n');
  pool = createRenderPool({ size: 1 });
  app = createApp({
    distDir: join(dir, 'dist'),
    pagesOrigin,
    posts: [{ id: 'a-post', title: 'A post', url: '/2026/11/a-post/', published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' }],
    comments: { db, renderer: pool, sources: createSourceHasher(() => Date.now()), clock: () => Date.now(), formSecret: 's', limits: false, trustedProxyHeader: 'X-Forwarded-For' },
  });
  const res = await app.request('/api/posts/a-post/comments', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address, 'User-Agent': agent }, body: JSON.stringify({ body: 'Hello' }) });
  const data = (await res.json()) as { comment: { id: number }; removalKey: string };
  removalKey = data.removalKey;
  commentId = data.comment.id;
});

afterAll(async () => {
  await pool?.close();
});

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: pagesOrigin }, body: new URLSearchParams(fields).toString() });

describe('every kind of response', () => {
  it.each([
    ['a static page', '/', {}],
    ['a missing page', '/no/such/page', {}],
    ['a Blogger redirect', '/2026/11/a-post.html', {}],
    ['a thread (JSON)', '/api/posts/a-post/comments', {}],
    ['an API error', '/api/posts/none/comments', {}],
    ['an unknown API path', '/api/nothing', {}],
    ['a comment feed (Atom)', '/api/posts/a-post/comments.atom', {}],
    ['the recent comments feed', '/api/comments/recent.atom', {}],
    ['counts', '/api/counts?posts=a-post', {}],
    ['the thread page without JavaScript', '/posts/a-post/comments', {}],
    ['a report’s outcome page', '/reports/no-such-report', {}],
    ['a follow page', '/follow/c.no-such-token', {}],
    ['a follow feed', '/api/follow/c.no-such-token.atom', {}],
    ['a form post answered with its thread page', '/api/posts/a-post/comments', form({ body: 'By form' })],
    ['a form post answered with an error page', '/api/posts/a-post/comments', form({ body: '' })],
    ['the sign-in page', '/moderation/login', {}],
    ['a moderation page without a session', '/moderation/held', {}],
    ['a refused moderation action', '/moderation/comments/1/approve', { method: 'POST', headers: { Origin: 'https://evil.example' } }],
    ['the moderation script', '/moderation/assets/keys.js', {}],
  ] as [string, string, RequestInit][])('%s', async (_, path, init) => {
    const headers = new Headers(init.headers);
    headers.set('X-Forwarded-For', address);
    headers.set('User-Agent', agent);
    const res = await app.request(path, { ...init, headers });
    expect(res.status).toBeLessThan(500);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Strict-Transport-Security')).toContain('max-age=');
    const everything = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await res.text()}`;
    expect(everything).not.toContain(address);
    expect(everything).not.toContain('FingerprintMe');
    expect(everything).not.toContain(removalKey);
    expect(res.headers.get('Set-Cookie')).toBeNull();
  });

  it('a build asset carries the headers that mean something on a file that is no page, and not a page’s policies', async () => {
    const res = await app.request('/_astro/thread.abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Strict-Transport-Security')).toContain('max-age=');
    for (const name of ['Content-Security-Policy', 'X-Frame-Options', 'Permissions-Policy', 'Cross-Origin-Opener-Policy']) expect(res.headers.get(name), name).toBeNull();
  });

  it('the removal key is in the answer to its own comment only, and stored nowhere as such', async () => {
    expect(removalKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const thread = await (await app.request('/api/posts/a-post/comments')).text();
    expect(thread).not.toContain(removalKey);
    const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) => String(r['name']));
    for (const table of tables) expect(JSON.stringify((await db.execute(`SELECT * FROM "${table}"`)).rows), table).not.toMatch(new RegExp(`${removalKey}|${address.replaceAll('.', '\\.')}|FingerprintMe`));
    expect(commentId).toBeGreaterThan(0);
  });
});
