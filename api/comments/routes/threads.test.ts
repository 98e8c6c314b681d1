// Threads through app.request(): reading (cache, ETag, gzip), writing, refusals, limits, feeds, counts.
import { beforeAll, describe, expect, it } from 'vitest';
import { boardRequests, formSecret, json, useCommentBoard } from '../../../tests/support/comment-board.ts';
import { issueFormToken } from '../form-token.ts';
import { powFor } from '../../../tests/support/proof-of-work.ts';

let clock = Date.UTC(2026, 10, 26, 10);
const board = useCommentBoard('threads', () => clock);
const { postComment: post_, thread, rowCount } = boardRequests(board);

describe('reading and writing a thread', () => {
  it('an unknown post is a 404 in the error shape', async () => {
    const res = await board.app.request('/api/posts/no-such-post/comments');
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
    expect(Object.keys(t.comments[0]).sort()).toEqual(['author', 'createdAt', 'depth', 'html', 'id', 'localTime', 'number', 'parentId', 'status']);
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
    const counts = await (await board.app.request('/api/counts?posts=moderated-post')).json();
    expect(counts).toEqual({ counts: { 'moderated-post': 0 } });
  });

  it('serves the thread gzipped once per version to clients that accept it', async () => {
    const plain = await board.app.request('/api/posts/open-post/comments');
    const zipped = await board.app.request('/api/posts/open-post/comments', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('Vary')).toContain('Accept-Encoding');
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(await plain.text());
  });

  it('answers 304 to an unchanged thread and a new ETag after a write', async () => {
    const first = await board.app.request('/api/posts/open-post/comments');
    const etag = first.headers.get('ETag')!;
    expect((await board.app.request('/api/posts/open-post/comments', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await post_('open-post', { body: 'Another one' });
    const after = await board.app.request('/api/posts/open-post/comments', { headers: { 'If-None-Match': etag } });
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
    const res = await board.app.request('/api/posts/open-post/comments', init);
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
    const res = await board.app.request(path, { method: path.endsWith('reports') || path.endsWith('/0') ? 'POST' : 'GET' });
    expect([404]).toContain(res.status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/not_found/);
  });
});

describe('counts', () => {
  it('counts what threads show, placeholders included, for known posts only', async () => {
    await post_('other-post', { body: 'Counted' });
    const t = await thread('other-post');
    const res = await board.app.request('/api/counts?posts=other-post,closed-post,unknown');
    expect(await res.json()).toEqual({ counts: { 'other-post': t.count, 'closed-post': 0 } });
    expect((await board.app.request('/api/counts')).status).toBe(422);
  });
});

describe('abuse limits (LIMITS on)', () => {
  const send = async (body: Record<string, unknown>, from = '192.0.2.50') => board.limited.request('/api/posts/limits-post/comments', json({ pow: await powFor(formSecret, clock), ...body }, from));

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
    const res = await board.limited.request('/api/posts/limits-post/comments');
    expect(res.headers.get('Form-Token')).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]+$/);
    expect(Object.keys((await res.json()) as object)).toEqual(['post', 'count', 'comments']);
  });
});

describe('too long to read', () => {
  it('a JSON body too long says how much fits', async () => {
    const res = await board.app.request('/api/posts/other-post/comments', json({ body: '語'.repeat(6000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/at most 16 KiB, about 5,400 characters of Chinese, Japanese or Korean text\. Nothing was saved/);
  });
});

describe('feeds', () => {
  // Held (zanzibar), removed by its author (quokkas) and hidden by reports (walruses): none may show.
  beforeAll(async () => {
    await post_('open-post', { body: 'Published for the feed' });
    await post_('moderated-post', { body: 'A held thought about zanzibar' });
    const removed = (await post_('open-post', { body: 'Regrettable words about quokkas' })).data;
    await board.app.request(`/api/comments/${removed['comment'].id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: removed['removalKey'] }) });
    const hidden = (await post_('open-post', { body: 'Something offensive about walruses' })).data['comment'].id as number;
    for (const from of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) await board.app.request(`/api/comments/${hidden}/reports`, json({ reason: 'racism' }, from));
  });

  it('a post’s comments feed lists published comments only', async () => {
    const res = await board.app.request('/api/posts/open-post/comments.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('http://127.0.0.1:4321/2026/11/open-post/#c');
    expect(xml).not.toMatch(/quokkas|walruses/);
  });

  it('the recent comments feed never carries held, hidden or removed text', async () => {
    const xml = await (await board.app.request('/api/comments/recent.atom')).text();
    expect(xml).toContain('<entry>');
    expect(xml).not.toMatch(/zanzibar|quokkas|walruses/);
    expect((await board.app.request('/api/posts/nope/comments.atom')).status).toBe(404);
  });
});

describe('times to the minute', () => {
  const minuteIso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/;
  const at = (second: number, ms = 0) => Date.UTC(2026, 10, 27, 9, 41, second, ms);

  it('stores and publishes a comment’s time to the minute: its answer, the thread, the page and the feeds', async () => {
    clock = at(37, 512);
    const { data } = await post_('minute-post', { body: 'Timed to the minute' });
    expect(data['comment'].createdAt).toBe('2026-11-27T09:41:00Z');
    const row = (await board.database.db.execute({ sql: 'SELECT created_at, updated_at FROM comments WHERE id = ?', args: [data['comment'].id] })).rows[0]!;
    expect([Number(row['created_at']), Number(row['updated_at'])]).toEqual([at(0), at(0)]);

    const json = await (await board.app.request('/api/posts/minute-post/comments')).text();
    const times = [...json.matchAll(/"createdAt":"([^"]+)"/g)].map((m) => m[1]);
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(minuteIso);

    const page = await (await board.app.request('/posts/minute-post/comments')).text();
    const datetimes = [...page.matchAll(/datetime="([^"]+)"/g)].map((m) => m[1]);
    expect(datetimes).toContain('2026-11-27T09:41:00Z');
    for (const time of datetimes) expect(time).toMatch(minuteIso);

    for (const feed of ['/api/posts/minute-post/comments.atom', '/api/posts/closed-post/comments.atom', '/api/comments/recent.atom']) {
      const xml = await (await board.app.request(feed)).text();
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
    const xml = await (await board.app.request('/api/posts/minute-post/comments.atom')).text();
    const inFeed = [...xml.matchAll(/#c(\d+)<\/id>/g)].map((m) => Number(m[1])).filter((id) => ids.includes(id));
    expect(inFeed).toEqual([...ids].reverse());
  });
});

describe('references to earlier comments', () => {
  it('links "#1" and a time to the comment meant, in the thread, the page and the feed', async () => {
    clock = Date.UTC(2026, 10, 28, 10, 46);
    const first = (await post_('reference-post', { body: 'The first word on it' })).data['comment'].id as number;
    clock = Date.UTC(2026, 10, 28, 11, 2);
    await post_('reference-post', { body: 'A second thought' });
    clock = Date.UTC(2026, 10, 28, 11, 30);
    const reply = (await post_('reference-post', { body: 'Anon 10:46 and #2 are both right; #9 is not here, nor is `#1` in code' })).data['comment'];
    const second = (await thread('reference-post')).comments.find((c) => c.number === '2')!.id;
    expect(reply.html).toBe(`<p><a href="#c${first}">Anon 10:46</a> and <a href="#c${second}">#2</a> are both right; #9 is not here, nor is <code>#1</code> in code</p>\n`);
    const stored = (await board.database.db.execute({ sql: 'SELECT body_html FROM comments WHERE id = ?', args: [reply.id] })).rows[0]!['body_html'];
    expect(stored).toBe(reply.html);
    const page = await (await board.app.request('/posts/reference-post/comments')).text();
    expect(page).toContain(`<a href="#c${first}">Anon 10:46</a>`);
    const xml = await (await board.app.request('/api/posts/reference-post/comments.atom')).text();
    expect(xml).toContain(`href=&quot;http://127.0.0.1:4321/2026/11/reference-post/#c${second}&quot;`);
  });
});
