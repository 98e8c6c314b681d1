// The pages on a static host or CDN (SITE_URL) and the API on its own origin (API_URL): the API
// allows the pages' origin and no other, never with credentials; errors carry the header too, so
// a page can show them; moderation stays on the API's origin; links lead back to the pages.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import type { Database } from '../api/db/database.ts';
import { parseEnv } from '../server/env.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../api/render/pool.ts';
import { buildNeededBecause, staticHostHeaders } from '../build/site-build.ts';
import { resolveApiUrl } from '../site/lib/site-url.ts';
import { writeMinimalDist } from './support/server-process.ts';
import { useTempDatabase } from './support/temp-database.ts';

const pages = 'https://blog.example.org';
const api = 'https://comments.example.org';
const post = { id: 'a-post', title: 'A post', url: '/2026/11/a-post/', published: '2026-11-01T00:00:00.000Z', labels: [], comments: 'open' as const };
const temp = useTempDatabase('cors');
let dir: string;
let db: Database;
let pool: RenderPool;
let split: ReturnType<typeof createApp>;
/** The comment board of every app here. */
const comments = () => ({ db, renderer: pool, sources: createSourceHasher(() => Date.now()), clock: () => Date.now(), formSecret: 's', limits: false, trustedProxyHeader: undefined });
let same: ReturnType<typeof createApp>;

beforeAll(async () => {
  ({ dir, db } = temp);
  await writeMinimalDist(join(dir, 'dist'), [post]);
  pool = createRenderPool({ size: 1 });
  split = createApp({ distDir: join(dir, 'dist'), pagesOrigin: pages, boardOrigin: api, posts: [post], comments: comments() });
  same = createApp({ distDir: join(dir, 'dist'), pagesOrigin: pages, posts: [post], comments: comments() });
});

afterAll(async () => {
  await pool?.close();
});

const count = async () => Number((await db.execute('SELECT count(*) AS n FROM comments')).rows[0]!['n']);
const json = (origin: string, body: unknown, method = 'POST') => ({ method, headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify(body) });

describe('the API on its own origin', () => {
  it('answers a preflight from the pages’ origin: the methods and header the pages use, no credentials', async () => {
    const res = await split.request('/api/posts/a-post/comments', { method: 'OPTIONS', headers: { Origin: pages, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(pages);
    expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET,HEAD,POST,DELETE');
    expect(res.headers.get('Access-Control-Allow-Headers')).toBe('Content-Type');
    expect(res.headers.get('Access-Control-Max-Age')).toBe('600');
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    expect(res.headers.get('Vary')).toContain('Origin');
  });

  it('allows no other origin, not even the API’s own subdomain sibling or the http: form of the pages', async () => {
    for (const origin of ['https://evil.example', 'http://blog.example.org', 'https://blog.example.org.evil.example', 'null']) {
      const preflight = await split.request('/api/posts/a-post/comments', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
      expect(preflight.headers.get('Access-Control-Allow-Origin'), origin).toBeNull();
      const read = await split.request('/api/posts/a-post/comments', { headers: { Origin: origin } });
      expect(read.status).toBe(200);
      expect(read.headers.get('Access-Control-Allow-Origin'), origin).toBeNull();
    }
  });

  it('lets the pages read a thread, its form token and its ETag', async () => {
    const res = await split.request('/api/posts/a-post/comments', { headers: { Origin: pages } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(pages);
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe('Retry-After,Form-Token,Pow-Challenge,ETag');
    expect(res.headers.get('Form-Token')).toBeTruthy();
    // A shared cache must not hand this answer to another origin.
    expect(res.headers.get('Vary')).toContain('Origin');
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull();
  });

  it('posts and deletes a comment for the pages, and lets them read a refusal', async () => {
    const before = await count();
    const created = await split.request('/api/posts/a-post/comments', json(pages, { body: 'From the static pages.' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('Access-Control-Allow-Origin')).toBe(pages);
    const { comment, removalKey } = (await created.json()) as { comment: { id: number }; removalKey: string };
    expect(await count()).toBe(before + 1);

    const refused = await split.request('/api/posts/a-post/comments', json(pages, { body: '' }));
    expect(refused.status).toBe(422);
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBe(pages);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    const missing = await split.request('/api/posts/no-such-post/comments', { headers: { Origin: pages } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Access-Control-Allow-Origin')).toBe(pages);

    const deleted = await split.request(`/api/comments/${comment.id}`, json(pages, { removalKey }, 'DELETE'));
    expect(deleted.status).toBe(200);
    expect(deleted.headers.get('Access-Control-Allow-Origin')).toBe(pages);
  });

  it('takes forms and posts from the pages’ origin and its own thread pages, and from no other site', async () => {
    const form = (origin: string, body: string, fetchSite: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, 'Sec-Fetch-Site': fetchSite }, body: new URLSearchParams({ body }).toString() });
    const before = await count();
    // The static pages' no-JS link leads to the thread page here, whose form posts from this origin.
    expect((await split.request('/api/posts/a-post/comments', form(api, 'From the API’s own thread page.', 'same-origin'))).status).toBe(201);
    expect((await split.request('/api/posts/a-post/comments', form(pages, 'From a form on the static pages.', 'same-site'))).status).toBe(201);
    for (const origin of ['https://evil.example', 'http://blog.example.org', 'https://blog.example.org.evil.example', 'null']) {
      const refused = await split.request('/api/posts/a-post/comments', form(origin, `From ${origin}.`, 'cross-site'));
      expect(refused.status, origin).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('cross_site');
      const json = await split.request('/api/comments/1/reports', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ reason: 'spam' }) });
      expect(json.status, origin).toBe(403);
    }
    expect(await count()).toBe(before + 2);
  });

  it('allows the API origin in the pages’ Content Security Policy, and only there', async () => {
    const csp = (await split.request('/')).headers.get('Content-Security-Policy')!;
    expect(csp).toContain(`connect-src 'self' ${api};`);
    expect(csp).toContain("form-action 'self'");
    expect((await same.request('/')).headers.get('Content-Security-Policy')).toContain("connect-src 'self';");
  });

  it('sends HSTS for its own https origin', async () => {
    const http = createApp({ distDir: join(dir, 'dist'), pagesOrigin: 'http://blog.example.org', boardOrigin: api, posts: [post] });
    expect((await http.request('/')).headers.get('Strict-Transport-Security')).toContain('max-age=');
  });

  it('names itself in the feeds’ own addresses and the pages in their links', async () => {
    const xml = await (await split.request('/api/posts/a-post/comments.atom')).text();
    expect(xml).toContain(`<link rel="self" href="${api}/api/posts/a-post/comments.atom"/>`);
    expect(xml).toContain(`<link rel="alternate" type="text/html" href="${pages}/"/>`);
  });

  it('leads readers without JavaScript back to the post on the pages’ host', async () => {
    // The shell's own links lead to the pages' host; its stylesheets stay here.
    await writeFile(join(dir, 'dist', '404.html'), '<!doctype html><html><head><title>Not found</title><link rel="stylesheet" href="/_astro/site.css"></head><body><a href="/" rel="home">Befriend</a><nav><a href="/labels/">Labels</a></nav><main id="main" class="wrap"></main><footer><a href="/feed.xml">Feed</a> <a href="https://elsewhere.example/">x</a></footer></body></html>');
    const shelled = createApp({ distDir: join(dir, 'dist'), pagesOrigin: pages, boardOrigin: api, posts: [post], comments: comments() });
    const page = await (await shelled.request('/posts/a-post/comments')).text();
    for (const link of ['<a href="https://blog.example.org/" rel="home">', '<a href="https://blog.example.org/labels/">', '<a href="https://blog.example.org/feed.xml">', '<a href="https://elsewhere.example/">', '<link rel="stylesheet" href="/_astro/site.css">']) expect(page).toContain(link);
    const html = await (await split.request('/posts/a-post/comments')).text();
    expect(html).toContain(`<a href="${pages}/2026/11/a-post/">← Back to`);
    expect(html).toContain('action="/api/posts/a-post/comments"');
    expect(await (await same.request('/posts/a-post/comments')).text()).toContain('<a href="/2026/11/a-post/">← Back to');
  });

  it('keeps moderation on its own origin: a sign-in from the pages’ origin is refused, cookies never cross', async () => {
    const form = (origin: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin }, body: 'name=nobody&password=not-a-real-password' });
    expect((await split.request('/moderation/login', form(pages))).status).toBe(403);
    expect((await split.request('/moderation/login', form(api))).status).not.toBe(403);
    const preflight = await split.request('/moderation/login', { method: 'OPTIONS', headers: { Origin: pages, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('sends no CORS headers at all when the pages and the API share an origin', async () => {
    const res = await same.request('/api/posts/a-post/comments', { headers: { Origin: pages } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const preflight = await same.request('/api/posts/a-post/comments', { method: 'OPTIONS', headers: { Origin: pages, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('API_URL', () => {
  it('is an origin alone, different from the pages’ one', () => {
    expect(resolveApiUrl({ SITE_URL: pages, API_URL: `${api}/` })).toBe(api);
    expect(resolveApiUrl({ SITE_URL: pages, API_URL: '' })).toBeUndefined();
    expect(resolveApiUrl({ SITE_URL: pages, API_URL: `${pages}/` })).toBeUndefined();
    expect(() => resolveApiUrl({ SITE_URL: pages, API_URL: `${api}/api` })).toThrow(/origin alone/);
    expect(() => resolveApiUrl({ SITE_URL: pages, API_URL: 'ftp://comments.example.org' })).toThrow(/http/);
    expect(() => resolveApiUrl({ SITE_URL: pages, API_URL: 'comments' })).toThrow(/not a URL/);
  });

  it('needs SITE_URL, the address readers open', () => {
    expect(() => parseEnv({ API_URL: api })).toThrow(/API_URL: needs SITE_URL/);
    expect(parseEnv({ API_URL: api, SITE_URL: pages })).toMatchObject({ pagesOrigin: pages, boardOrigin: api });
    expect(parseEnv({ SITE_URL: pages }).boardOrigin).toBeUndefined();
  });

  it('is allowed in the static host’s headers too, with HSTS for an https site', () => {
    const headers = staticHostHeaders({ pagesOrigin: pages, boardOrigin: api });
    expect(headers).toContain(`connect-src 'self' ${api};`);
    expect(headers).toContain('  Strict-Transport-Security: max-age=31536000; includeSubDomains\n');
  });

  it('is part of what a build was made for: changing it rebuilds', async () => {
    const outDir = join(dir, 'stamped');
    await writeMinimalDist(outDir, [post]);
    await writeFile(join(outDir, '.befriend-build.json'), JSON.stringify({ siteUrl: pages, apiUrl: api, builtAt: new Date().toISOString() }));
    const stamp = JSON.parse(await readFile(join(outDir, '.befriend-build.json'), 'utf8')) as { apiUrl: string };
    expect(stamp.apiUrl).toBe(api);
    await expect(buildNeededBecause({ outDir, pagesOrigin: pages })).resolves.toMatch(/API_URL changed/);
    await expect(buildNeededBecause({ outDir, pagesOrigin: pages, boardOrigin: 'https://other.example.org' })).resolves.toMatch(/API_URL changed/);
  });

  it('so is the blog time zone, which post addresses follow: changing it rebuilds', async () => {
    const outDir = join(dir, 'zoned');
    await writeMinimalDist(outDir, [post]);
    await writeFile(join(outDir, '.befriend-build.json'), JSON.stringify({ siteUrl: pages, timeZone: 'Europe/London', builtAt: new Date().toISOString() }));
    await expect(buildNeededBecause({ outDir, pagesOrigin: pages, timeZone: 'America/Chicago' })).resolves.toBe('BLOG_TIME_ZONE changed from Europe/London to America/Chicago');
  });
});
