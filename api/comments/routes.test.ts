// The comment API through app.request(), on a real libSQL file and the real renderer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { createApp } from '../../server/app.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { createSourceHasher } from '../privacy/source.ts';
import { createRenderPool, type RenderPool } from '../render/pool.ts';
import { issueFormToken } from './form-token.ts';

const post = (id: string, comments: PostsManifestEntry['comments'] = 'open'): PostsManifestEntry => ({
  id,
  title: id,
  url: `/2026/11/${id}/`,
  published: '2026-11-20T10:00:00.000Z',
  labels: [],
  comments,
});
const posts = [post('open-post'), post('other-post'), post('closed-post', 'closed'), post('moderated-post', 'moderated'), post('limits-post'), post('minute-post')];

let dir: string;
let db: Database;
let pool: RenderPool;
let clock = Date.UTC(2026, 10, 26, 10);
const formSecret = 'test-form-secret';

function makeApp(limits: boolean) {
  return createApp({
    distDir: dir,
    siteUrl: 'http://127.0.0.1:4321',
    posts,
    comments: { db, renderer: pool, sources: createSourceHasher(() => clock), clock: () => clock, formSecret, limits, trustedProxyHeader: 'X-Forwarded-For', staffNames: ['The Befriender'] },
  });
}

let app: ReturnType<typeof createApp>;
let limited: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-api-'));
  await writeFile(join(dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"><h1>Sorry, that page does not exist</h1></main></body></html>');
  db = await openDatabase({ url: `file:${join(dir, 'test.db')}` });
  pool = createRenderPool({ size: 1 });
  app = makeApp(false);
  limited = makeApp(true);
});

afterAll(async () => {
  await pool?.close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

const json = (body: unknown, from = '203.0.113.1') => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from },
  body: JSON.stringify(body),
});

async function post_(postId: string, body: Record<string, unknown>, target = app) {
  const res = await target.request(`/api/posts/${postId}/comments`, json(body));
  return { res, data: (await res.json()) as Record<string, any> };
}

async function thread(postId: string) {
  const res = await app.request(`/api/posts/${postId}/comments`);
  return (await res.json()) as { post: { id: string; commentPolicy: string }; count: number; comments: any[] };
}

async function rowCount(table: string): Promise<number> {
  return Number((await db.execute(`SELECT count(*) FROM ${table}`)).rows[0]?.[0]);
}

describe('reading and writing a thread', () => {
  it('an unknown post is a 404 in the error shape', async () => {
    const res = await app.request('/api/posts/no-such-post/comments');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'post_not_found', message: expect.any(String) } });
  });

  it('publishes a comment (201) with a removal key, and shows it numbered, sanitised, as Anonymous', async () => {
    const { res, data } = await post_('open-post', { body: 'Hello *there* <script>alert(1)</script> [x](javascript:alert(1))' });
    expect(res.status).toBe(201);
    expect(data['removalKey']).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(data['comment']).toMatchObject({ status: 'published', author: { name: 'Anonymous', kind: 'anonymous' }, parentId: null });
    const t = await thread('open-post');
    expect(t.post).toEqual({ id: 'open-post', commentPolicy: 'open' });
    expect(t.count).toBe(1);
    expect(t.comments[0]).toMatchObject({ number: '1', depth: 0, status: 'published', author: { name: 'Anonymous', kind: 'anonymous' } });
    expect(t.comments[0].html).toContain('<em>there</em>');
    expect(t.comments[0].html).not.toMatch(/<script|javascript:/i);
    expect(Object.keys(t.comments[0]).sort()).toEqual(['author', 'createdAt', 'depth', 'html', 'id', 'number', 'parentId', 'status']);
    expect(JSON.stringify(t)).not.toContain(data['removalKey']);
  });

  it('nests replies and numbers them 1.1, 1.2', async () => {
    const parent = (await post_('other-post', { body: 'Parent' })).data['comment'].id;
    await post_('other-post', { body: 'First reply', parentId: parent, name: 'Jim' });
    await post_('other-post', { body: 'Second reply', parentId: String(parent) });
    const t = await thread('other-post');
    expect(t.comments.map((c) => [c.number, c.depth, c.author?.name])).toEqual([
      ['1', 0, 'Anonymous'],
      ['1.1', 1, 'Jim'],
      ['1.2', 1, 'Anonymous'],
    ]);
  });

  it('holds a comment on a moderated post (202): it appears nowhere public', async () => {
    const { res, data } = await post_('moderated-post', { body: 'A held thought about zanzibar' });
    expect(res.status).toBe(202);
    expect(data['comment'].status).toBe('pending');
    const t = await thread('moderated-post');
    expect(t.count).toBe(0);
    const counts = await (await app.request('/api/counts?posts=moderated-post')).json();
    expect(counts).toEqual({ counts: { 'moderated-post': 0 } });
  });

  it('serves the thread gzipped once per version to clients that accept it', async () => {
    const plain = await app.request('/api/posts/open-post/comments');
    const zipped = await app.request('/api/posts/open-post/comments', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('Vary')).toContain('Accept-Encoding');
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(await plain.text());
  });

  it('answers 304 to an unchanged thread and a new ETag after a write', async () => {
    const first = await app.request('/api/posts/open-post/comments');
    const etag = first.headers.get('ETag')!;
    expect((await app.request('/api/posts/open-post/comments', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await post_('open-post', { body: 'Another one' });
    const after = await app.request('/api/posts/open-post/comments', { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('ETag')).not.toBe(etag);
  });
});

describe('bad input changes nothing', () => {
  it.each<[string, RequestInit, number, string, string?]>([
    ['invalid JSON', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"body": ' }, 400, 'invalid_json'],
    ['a JSON array', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' }, 400, 'invalid_request'],
    ['plain text', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' }, 415, 'unsupported_media_type'],
    ['no body field', json({}), 422, 'validation_failed', 'body'],
    ['an empty body', json({ body: '   ' }), 422, 'validation_failed', 'body'],
    ['a body too long', json({ body: 'x'.repeat(8001) }), 422, 'validation_failed', 'body'],
    ['a name too long', json({ body: 'hi', name: 'n'.repeat(61) }), 422, 'validation_failed', 'name'],
    ['a name of the wrong type', json({ body: 'hi', name: 7 }), 422, 'validation_failed', 'name'],
    ['a staff name', json({ body: 'hi', name: 'Moderator' }), 422, 'reserved_name', 'name'],
    ['the blog author’s name', json({ body: 'hi', name: 'the befriender' }), 422, 'reserved_name', 'name'],
    ['an unknown field', json({ body: 'hi', admin: true }), 422, 'validation_failed', 'admin'],
    ['a bad parentId', json({ body: 'hi', parentId: -1 }), 422, 'validation_failed', 'parentId'],
    ['a parent that does not exist', json({ body: 'hi', parentId: 999999 }), 422, 'parent_not_visible', 'parentId'],
    ['a body over 16 KiB', json({ body: 'x'.repeat(17_000) }), 413, 'payload_too_large'],
    ['a pathologically nested quote', json({ body: '>'.repeat(5000) + ' deep' }), 422, 'body_too_complex', 'body'],
    ['the honeypot filled in', json({ body: 'hi', website: 'http://spam.example' }), 422, 'validation_failed', 'website'],
  ])('%s -> %i %s', async (_, init, status, code, field) => {
    const before = await rowCount('comments');
    const res = await app.request('/api/posts/open-post/comments', init);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; field?: string } };
    expect(body.error.code).toBe(code);
    if (field) expect(body.error.field).toBe(field);
    expect(await rowCount('comments')).toBe(before);
  });

  it('a closed post refuses comments with 409', async () => {
    const { res, data } = await post_('closed-post', { body: 'hi' });
    expect(res.status).toBe(409);
    expect(data['error'].code).toBe('comments_closed');
  });

  it('a reply must be to a comment of the same post', async () => {
    const other = (await post_('other-post', { body: 'Elsewhere' })).data['comment'].id;
    const { res } = await post_('open-post', { body: 'hi', parentId: other });
    expect(res.status).toBe(422);
  });

  it.each(['/api/nothing', '/api/comments/abc/reports', '/api/comments/0'])('%s is a JSON 404', async (path) => {
    const res = await app.request(path, { method: path.endsWith('reports') || path.endsWith('/0') ? 'POST' : 'GET' });
    expect([404]).toContain(res.status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/not_found/);
  });
});

describe('removal by the author', () => {
  it('a wrong key is a 403 and changes nothing; the right key erases the text for good', async () => {
    const { data } = await post_('open-post', { body: 'Regrettable words about quokkas', name: 'Sam' });
    const id = data['comment'].id as number;
    const reply = (await post_('open-post', { body: 'A reply', parentId: id })).data['comment'].id as number;
    const wrong = await app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: 'x'.repeat(32) }) });
    expect(wrong.status).toBe(403);
    expect(JSON.stringify(await thread('open-post'))).toContain('quokkas');

    const right = await app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: data['removalKey'] }) });
    expect(right.status).toBe(200);
    const t = await thread('open-post');
    const placeholder = t.comments.find((c) => c.id === id);
    expect(placeholder).toMatchObject({ status: 'removed_by_author', author: null, html: null });
    expect(t.comments.find((c) => c.id === reply)?.number).toBe(`${placeholder.number}.1`);
    expect(JSON.stringify(t)).not.toContain('quokkas');
    const row = (await db.execute({ sql: 'SELECT body_source, body_html, author_name FROM comments WHERE id = ?', args: [id] })).rows[0]!;
    expect([row[0], row[1], row[2]]).toEqual([null, null, null]);

    const again = await app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: data['removalKey'] }) });
    expect(again.status).toBe(409);
  });
});

describe('reports', () => {
  const report = (id: number, from: string, reason = 'racism') =>
    app.request(`/api/comments/${id}/reports`, json({ reason, note: 'Please remove it' }, from));

  it('counts one source once (each report with its own reference), and hides the comment at the threshold (3)', async () => {
    const id = (await post_('open-post', { body: 'Something offensive about walruses' })).data['comment'].id as number;
    const first = await report(id, '198.51.100.1');
    expect(first.status).toBe(201);
    const { report: r } = (await first.json()) as { report: { id: string; status: string } };
    expect(r.status).toBe('open');
    const again = (await (await report(id, '198.51.100.1', 'abuse')).json()) as { report: { id: string } };
    expect(again.report.id).not.toBe(r.id);
    await report(id, '198.51.100.2');
    expect((await thread('open-post')).comments.find((c) => c.id === id)?.status).toBe('published');
    await report(id, '198.51.100.3');
    const hidden = (await thread('open-post')).comments.find((c) => c.id === id);
    expect(hidden).toMatchObject({ status: 'hidden', html: null, author: null });
    expect(JSON.stringify(await thread('open-post'))).not.toContain('walruses');

    const status = await app.request(`/api/reports/${r.id}`);
    expect(await status.json()).toEqual({ report: { id: r.id, status: 'open' } });
  });

  it.each([
    [{ reason: 'boring' }, 422],
    [{ reason: 'spam', note: 'n'.repeat(1001) }, 422],
    [{}, 422],
  ])('refuses %j', async (body, status) => {
    const id = (await post_('open-post', { body: 'Fine' })).data['comment'].id as number;
    const before = await rowCount('reports');
    expect((await app.request(`/api/comments/${id}/reports`, json(body))).status).toBe(status);
    expect(await rowCount('reports')).toBe(before);
  });

  it('an unknown report reference is a 404', async () => {
    expect((await app.request('/api/reports/nope')).status).toBe(404);
  });
});

describe('removal requests and counts', () => {
  it('files a removal request for an author who lost the key', async () => {
    const id = (await post_('open-post', { body: 'Mine' })).data['comment'].id as number;
    const res = await app.request(`/api/comments/${id}/removal-requests`, json({ note: 'I wrote this on my work computer and lost the key.' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ removalRequest: { id: expect.any(String), status: 'open' } });
  });

  it('counts what threads show, placeholders included, for known posts only', async () => {
    const t = await thread('other-post');
    const res = await app.request('/api/counts?posts=other-post,closed-post,unknown');
    expect(await res.json()).toEqual({ counts: { 'other-post': t.count, 'closed-post': 0 } });
    expect((await app.request('/api/counts')).status).toBe(422);
  });
});

describe('abuse limits (LIMITS on)', () => {
  const send = async (body: Record<string, unknown>, from = '192.0.2.50') => limited.request('/api/posts/limits-post/comments', json(body, from));

  it('needs a form token, refuses forms sent too fast, then limits comments per minute', async () => {
    expect((await send({ body: 'no token' })).status).toBe(422);
    const token = issueFormToken(formSecret, clock);
    const fast = await send({ body: 'too fast', formToken: token });
    expect(fast.status).toBe(429);
    expect(fast.headers.get('Retry-After')).toBe('3');
    // A form token is good for one comment: each comment here has its own.
    const tokens = Array.from({ length: 3 }, () => issueFormToken(formSecret, clock));
    clock += 5000;
    expect((await send({ body: 'one', formToken: token })).status).toBe(201);
    expect((await send({ body: 'two', formToken: tokens[0] })).status).toBe(201);
    const third = await send({ body: 'three', formToken: tokens[1] });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Another reader is not affected.
    expect((await send({ body: 'someone else', formToken: tokens[2] }, '192.0.2.99')).status).toBe(201);
  });

  it('refuses the same comment twice within 5 minutes', async () => {
    clock += 120_000;
    const token = issueFormToken(formSecret, clock - 10_000);
    expect((await send({ body: 'same words', formToken: token }, '192.0.2.77')).status).toBe(201);
    const twice = await send({ body: 'same words', formToken: token }, '192.0.2.77');
    expect(twice.status).toBe(429);
  });

  it('the thread brings a form token', async () => {
    const res = await limited.request('/api/posts/limits-post/comments');
    expect(res.headers.get('Form-Token')).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]+$/);
    expect(Object.keys((await res.json()) as object)).toEqual(['post', 'count', 'comments']);
  });
});

describe('privacy', () => {
  it('stores no address anywhere and sets no cookie', async () => {
    const res = await app.request('/api/posts/open-post/comments', json({ body: 'Privacy check' }, '203.0.113.222'));
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const tables = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    expect(tables.rows.length).toBeGreaterThan(5);
    for (const { name } of tables.rows) {
      const dump = JSON.stringify((await db.execute(`SELECT * FROM "${String(name)}"`)).rows);
      expect(dump, String(name)).not.toContain('203.0.113.222');
      expect(dump, String(name)).not.toMatch(/198\.51\.100/);
    }
  });
});

describe('without JavaScript', () => {
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.40' },
    body: new URLSearchParams(fields).toString(),
  });

  it('serves the thread as a page with a comment form', async () => {
    const res = await app.request('/posts/other-post/comments');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Comments on “other-post”');
    expect(html).toMatch(/<span class="comment-number">1\.1<\/span> <span class="comment-author">Jim<\/span>/);
    expect(html).toContain('action="/api/posts/other-post/comments"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('finds a report by its reference, on a page: the form, a redirect, and a clear 404', async () => {
    const lookup = await app.request('/reports');
    expect(lookup.status).toBe(200);
    expect(await lookup.text()).toContain('<form method="get" action="/reports">');
    expect((await app.request('/reports/?ref=x')).headers.get('Location')).toBe('/reports?ref=x');
    const redirect = await app.request('/reports?ref=%20abc_DEF-1%20');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('Location')).toBe('/reports/abc_DEF-1');
    for (const ref of ['abc_DEF-1', encodeURIComponent('<script>x</script>')]) {
      const missing = await app.request(`/reports/${ref}`);
      expect(missing.status).toBe(404);
      const html = await missing.text();
      expect(html).toContain('There is no report or request with the reference');
      expect(html).not.toContain('<script>x');
    }
  });

  it('links a reporter without JavaScript to the outcome of their report', async () => {
    const res = await app.request('/api/comments/1/reports', form({ reason: 'spam' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    const ref = /ref=([^&#]+)/.exec(location)![1]!;
    const page = await (await app.request(location.replace(/#.*/, ''))).text();
    expect(page).toContain(`<a href="/reports/${ref}">Check its outcome</a>`);
    expect(await (await app.request(`/reports/${ref}`)).text()).toContain('Waiting for a moderator');
  });

  it('an author who lost the key asks the moderators from the page, and is given a reference', async () => {
    const before = await rowCount('removal_requests');
    const page = await (await app.request('/posts/other-post/comments')).text();
    expect(page).toContain('<form method="post" action="/api/comments/removal-requests"');
    const refused = await app.request('/api/comments/removal-requests', form({ commentId: '1', note: '   ' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Say why the comment is yours and should go');
    expect(await rowCount('removal_requests')).toBe(before);

    const res = await app.request('/api/comments/removal-requests', form({ commentId: '1', note: 'I wrote it on my old phone.' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    expect(location).toMatch(/^\/posts\/open-post\/comments\?sent=requested&ref=[A-Za-z0-9_-]+#remove-form$/);
    const ref = /ref=([^&#]+)/.exec(location)![1]!;
    const after = await (await app.request(location.replace(/#.*/, ''))).text();
    expect(after).toContain('Your request has been sent to the moderators.');
    expect(after).toContain(`Your request’s reference: <code>${ref}</code>. <a href="/reports/${ref}">Check its outcome</a>`);
    expect(await rowCount('removal_requests')).toBe(before + 1);
    expect((await app.request('/api/comments/removal-requests', form({ commentId: '999999', note: 'Mine.' }))).status).toBe(404);
  });

  it('a form too long to read is answered with the thread page, saying how to get the text back', async () => {
    const before = await rowCount('comments');
    // 2,000 characters of Japanese: under the 8,000-character limit, but 18 KB once form-encoded.
    const res = await app.request('/api/posts/other-post/comments', form({ body: 'あ'.repeat(2000) }));
    expect(res.status).toBe(413);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Comments on “other-post”');
    expect(html).toContain('This is too long to send from this page: a form carries at most 16 KiB, about 1,800 characters of Chinese, Japanese or Korean text.');
    expect(html).toContain('Back button to get your text back');
    const report = await app.request('/api/comments/1/reports', form({ reason: 'spam', note: 'n'.repeat(17_000) }));
    expect(report.status).toBe(413);
    expect(await report.text()).toContain('<h1>Too long to send</h1>');
    expect(await rowCount('comments')).toBe(before);
  });

  it('a JSON body too long says how much fits', async () => {
    const res = await app.request('/api/posts/other-post/comments', json({ body: '語'.repeat(6000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/at most 16 KiB, about 5,400 characters of Chinese, Japanese or Korean text\. Nothing was saved/);
  });

  it('posts a form and is answered with the thread itself: the removal key beside the new comment, in no URL', async () => {
    const res = await app.request('/api/posts/other-post/comments', form({ body: 'Sent without script', name: '' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('Location')).toBeNull();
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const page = await res.text();
    expect(page).toContain('Your comment is published.');
    const box = /<div class="key-box" id="new-comment-key" data-key-for="(\d+)"[^>]*>[^]*?<code class="removal-key">([A-Za-z0-9_-]{32})<\/code>/.exec(page)!;
    const [, id, key] = box as unknown as [string, string, string];
    // Right after the new comment, inside its item of the list.
    const beside = page.slice(page.lastIndexOf('<li', box.index), box.index);
    expect(beside).toMatch(new RegExp(`^<li class="depth-0"><article class="comment" id="c${id}"[^]*Sent without script[^]*</article>$`));
    expect(beside.match(/<article/g)).toHaveLength(1);
    // No link, form or address on the page carries it.
    expect([...page.matchAll(/(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]).join(' ')).not.toContain(key);
    const datetimes = [...page.matchAll(/datetime="([^"]+)"/g)].map((m) => m[1]);
    expect(datetimes.length).toBeGreaterThan(0);
    for (const time of datetimes) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);

    // Everyone else, and the writer coming back, see the comment without its key.
    const later = await (await app.request('/posts/other-post/comments')).text();
    expect(later).toContain('Sent without script');
    expect(later).not.toContain(key);
    expect(later).not.toContain('key-box');

    const removed = await app.request('/api/comments/remove', form({ commentId: id, removalKey: key }));
    expect(removed.status).toBe(303);
    expect(removed.headers.get('Location')).toBe('/posts/other-post/comments?sent=removed');
    expect(await (await app.request('/posts/other-post/comments')).text()).not.toContain('Sent without script');
  });

  it('never shows a key that comes in a URL', async () => {
    const page = await (await app.request('/posts/other-post/comments?sent=published&key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).text();
    expect(page).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(page).not.toContain('removal-key');
  });

  it('a held comment is shown, waiting, with its key, to its writer only', async () => {
    const res = await app.request('/api/posts/moderated-post/comments', form({ body: 'Held by form, about capybaras' }));
    expect(res.status).toBe(202);
    expect(res.headers.get('Location')).toBeNull();
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const page = await res.text();
    const held = /<article class="comment comment-held"[^]*?<\/article><div class="key-box"[^]*?<\/div>/.exec(page)?.[0] ?? '';
    expect(held).toContain('Waiting for a moderator');
    expect(held).toContain('capybaras');
    expect(held.replace(/<[^>]+>/g, '')).toContain('Thank you: your comment is held until a moderator has read it. Only you can see it here, and only until you leave this page.');
    expect(held).toMatch(/<code class="removal-key">[A-Za-z0-9_-]{32}<\/code>/);
    expect(await (await app.request('/posts/moderated-post/comments')).text()).not.toContain('capybaras');
    expect(JSON.stringify(await thread('moderated-post'))).not.toContain('capybaras');
  });

  it('a refused form shows the page again with the error and the text kept', async () => {
    const res = await app.request('/api/posts/other-post/comments', form({ body: 'My careful words', name: 'Administrator' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('That name is kept for the blog’s staff');
    expect(html).toContain('>My careful words</textarea>');
    expect(html).toContain('aria-invalid="true"');
  });

  it('reports through a form', async () => {
    const id = (await post_('other-post', { body: 'Report me' })).data['comment'].id as number;
    const page = await (await app.request(`/posts/other-post/comments?report=${id}`)).text();
    expect(page).toContain(`action="/api/comments/${id}/reports"`);
    const res = await app.request(`/api/comments/${id}/reports`, form({ reason: 'spam', note: '' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toMatch(/^\/posts\/other-post\/comments\?sent=reported&ref=/);
  });

  it('an unknown post’s thread page is the site’s 404 page', async () => {
    const res = await app.request('/posts/no-such-post/comments');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toContain('text/html');
    expect(await res.text()).toContain('Sorry, that page does not exist');
  });

  it('a closed post has no form', async () => {
    const html = await (await app.request('/posts/closed-post/comments')).text();
    expect(html).toContain('Comments are closed on this post.');
    expect(html).not.toContain('action="/api/posts/closed-post/comments"');
  });
});

describe('feeds', () => {
  it('a post’s comments feed lists published comments only', async () => {
    const res = await app.request('/api/posts/open-post/comments.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('http://127.0.0.1:4321/2026/11/open-post/#c');
    expect(xml).not.toMatch(/quokkas|walruses/);
  });

  it('the recent comments feed never carries held, hidden or removed text', async () => {
    const xml = await (await app.request('/api/comments/recent.atom')).text();
    expect(xml).toContain('<entry>');
    expect(xml).not.toMatch(/zanzibar|quokkas|walruses/);
    expect((await app.request('/api/posts/nope/comments.atom')).status).toBe(404);
  });
});

describe('times to the minute', () => {
  const minuteIso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/;
  const at = (second: number, ms = 0) => Date.UTC(2026, 10, 27, 9, 41, second, ms);

  it('stores and publishes a comment’s time to the minute: its answer, the thread, the page and the feeds', async () => {
    clock = at(37, 512);
    const { data } = await post_('minute-post', { body: 'Timed to the minute' });
    expect(data['comment'].createdAt).toBe('2026-11-27T09:41:00Z');
    const row = (await db.execute({ sql: 'SELECT created_at, updated_at FROM comments WHERE id = ?', args: [data['comment'].id] })).rows[0]!;
    expect([Number(row['created_at']), Number(row['updated_at'])]).toEqual([at(0), at(0)]);

    const json = await (await app.request('/api/posts/minute-post/comments')).text();
    const times = [...json.matchAll(/"createdAt":"([^"]+)"/g)].map((m) => m[1]);
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(minuteIso);

    const page = await (await app.request('/posts/minute-post/comments')).text();
    const datetimes = [...page.matchAll(/datetime="([^"]+)"/g)].map((m) => m[1]);
    expect(datetimes).toContain('2026-11-27T09:41:00Z');
    for (const time of datetimes) expect(time).toMatch(minuteIso);

    for (const feed of ['/api/posts/minute-post/comments.atom', '/api/posts/closed-post/comments.atom', '/api/comments/recent.atom']) {
      const xml = await (await app.request(feed)).text();
      const stamps = [...xml.matchAll(/<(published|updated)>([^<]+)</g)].map((m) => m[2]);
      expect(stamps.length, feed).toBeGreaterThan(0);
      for (const stamp of stamps) expect(stamp, feed).toMatch(minuteIso);
    }
  });

  it('keeps the comments of one minute in the order they were written, whatever the clock says within it', async () => {
    const ids: number[] = [];
    for (const [second, body] of [[50, 'Minute first'], [10, 'Minute second'], [30, 'Minute third']] as const) {
      clock = Date.UTC(2026, 10, 27, 9, 43, second);
      ids.push((await post_('minute-post', { body })).data['comment'].id as number);
    }
    const t = await thread('minute-post');
    expect(t.comments.filter((c) => ids.includes(c.id)).map((c) => c.id)).toEqual(ids);
    const xml = await (await app.request('/api/posts/minute-post/comments.atom')).text();
    const inFeed = [...xml.matchAll(/#c(\d+)<\/id>/g)].map((m) => Number(m[1])).filter((id) => ids.includes(id));
    expect(inFeed).toEqual([...ids].reverse());
  });
});
