// What one person can do to other readers through the public API, and what one reader can learn
// about another behind the same address: through app.request(), on a real libSQL file and the real
// renderer, with the limits on as in production.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { createApp } from '../../server/app.ts';
import { useTempDatabase } from '../../tests/support/temp-database.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { createSourceHasher } from '../privacy/source.ts';
import { createRenderPool, type RenderPool } from '../render/pool.ts';
import { saveSettings } from '../settings.ts';
import { issueFormToken } from './form-token.ts';
import { powFor } from '../../tests/support/proof-of-work.ts';

/** Refused comments a source may send in an hour (limits.ts). */
const refusalsPerHour = 10;

const post = (id: string, comments: PostsManifestEntry['comments'] = 'open'): PostsManifestEntry => ({ id, title: id, url: `/2026/11/${id}/`, published: '2026-11-20T10:00:00.000Z', labels: [], comments });
const posts = [post('a-post'), post('closed-post', 'closed')];
const pagesOrigin = 'http://127.0.0.1:4321';
const formSecret = 'abuse-test-secret';

const temp = useTempDatabase('abuse');
let dir: string;
let db: Database;
let pool: RenderPool;
let clock = Date.UTC(2026, 10, 26, 10);
const sources = createSourceHasher(() => clock);
let app: ReturnType<typeof createApp>;

function makeApp(database: Database, limits = true) {
  return createApp({ distDir: dir, pagesOrigin, posts, comments: { db: database, renderer: pool, sources, clock: () => clock, formSecret, limits, trustedProxyHeader: 'X-Forwarded-For' } });
}

beforeAll(async () => {
  ({ dir, db } = temp);
  await writeFile(join(dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"></main></body></html>');
  await saveSettings(db, { commentsPerMinute: 2, commentsPerDay: 4, reportsPerDay: 10, reportThreshold: 3, duplicateWindowMinutes: 5, minFormSeconds: 3 });
  pool = createRenderPool({ size: 1 });
  app = makeApp(db);
});

afterAll(async () => {
  await pool?.close();
});

/** A form fetched ten seconds ago: old enough for the timing check. */
const formToken = () => issueFormToken(formSecret, clock - 10_000);

/** Sent from the script: a comment or report with its browser check solved. */
const send = async (path: string, body: Record<string, unknown>, from: string, headers: Record<string, string> = {}, target = app) =>
  target.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from, ...headers }, body: JSON.stringify(/\/(comments|reports)$/.test(path) ? { pow: await powFor(formSecret, clock), ...body } : body) });

const comment = (body: Record<string, unknown>, from: string, target = app) => send('/api/posts/a-post/comments', { formToken: formToken(), ...body }, from, {}, target);

async function published(text: string, from = '192.0.2.200'): Promise<number> {
  const res = await comment({ body: text }, from);
  expect(res.status).toBe(201);
  return ((await res.json()) as { comment: { id: number } }).comment.id;
}

const report = (id: number, from: string, reason = 'abuse') => send(`/api/comments/${id}/reports`, { reason }, from);

async function statusOf(id: number): Promise<string | undefined> {
  const thread = (await (await app.request('/api/posts/a-post/comments')).json()) as { comments: { id: number; status: string }[] };
  return thread.comments.find((c) => c.id === id)?.status;
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

async function rows(table: string): Promise<number> {
  return Number((await db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!['n']);
}

/** A new minute and a new day for the limits, so each test starts with room. */
function nextDay() {
  clock += 86_400_000;
}

describe('one reader learns nothing about another behind the same address', () => {
  it('two readers behind one office address who report the same comment each get their own reference and outcome, and count once', async () => {
    nextDay();
    const id = await published('A comment two colleagues dislike.');
    const first = (await (await report(id, '203.0.113.5')).json()) as { report: { id: string; status: string } };
    const second = (await (await report(id, '203.0.113.5', 'spam')).json()) as { report: { id: string; status: string } };
    expect(second.report.id).not.toBe(first.report.id);
    expect(second.report.status).toBe('open');
    for (const ref of [first.report.id, second.report.id]) expect(await (await app.request(`/api/reports/${ref}`)).json()).toEqual({ report: { id: ref, status: 'open' } });
    // Counted once: two more distinct sources reach the threshold of 3, one does not.
    expect((await report(id, '198.51.100.5')).status).toBe(201);
    expect(await statusOf(id)).toBe('published');
    expect((await report(id, '198.51.100.6')).status).toBe(201);
    expect(await statusOf(id)).toBe('hidden');
  });

  it('refused comments count nothing against the address’s limits: a colleague cannot probe them', async () => {
    nextDay();
    const from = '192.0.2.10';
    const probes: [Record<string, unknown>, number][] = [
      [{ body: '' }, 422],
      [{ body: 'Aiming at a comment that is not there.', parentId: 999_999 }, 422],
      [{ body: '>'.repeat(5000) + ' too deep' }, 422],
      [{ body: 'Calling myself a moderator.', name: 'Moderator' }, 422],
    ];
    for (const [body, status] of probes) expect((await comment(body, from)).status).toBe(status);
    expect((await send('/api/posts/closed-post/comments', { body: 'Closed.', formToken: formToken() }, from)).status).toBe(409);
    // The address has its whole minute's room: two comments, then the limit.
    expect((await comment({ body: 'My first real comment.' }, from)).status).toBe(201);
    expect((await comment({ body: 'My second real comment.' }, from)).status).toBe(201);
    expect((await comment({ body: 'My third, too soon.' }, from)).status).toBe(429);
  });

  it('only accepted comments count, even when they arrive together: the limit and the insert are one write', async () => {
    nextDay();
    const from = '192.0.2.11';
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => comment({ body: `Burst ${i}` }, from)));
    expect(burst.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429, 429]);
    // Only the two stored count toward the day's 4: two more fit once the minute has passed.
    clock += 61_000;
    expect((await comment({ body: 'Later, one.' }, from)).status).toBe(201);
    expect((await comment({ body: 'Later, two.' }, from)).status).toBe(201);
    clock += 61_000;
    expect((await comment({ body: 'Over the day’s limit.' }, from)).status).toBe(429);
  });

  it('reports and removal requests aimed at comments that do not exist count nothing', async () => {
    nextDay();
    const from = '192.0.2.12';
    const id = await published('Reported and asked about after the probes.');
    for (let i = 0; i < 12; i++) expect((await report(999_999, from)).status).toBe(404);
    expect((await report(id, from)).status).toBe(201);
    for (let i = 0; i < 12; i++) expect((await send('/api/comments/999999/removal-requests', { note: 'Was it mine?' }, from)).status).toBe(404);
    expect((await send(`/api/comments/${id}/removal-requests`, { note: 'It is mine: I wrote it at work.' }, from)).status).toBe(201);
  });

  it('a colleague who sends a comment seen on the thread learns nothing of where it came from', async () => {
    nextDay();
    const text = 'I saw this happen in our own office last week.';
    await published(text, '192.0.2.13');
    const colleague = await comment({ body: text }, '192.0.2.13');
    const stranger = await comment({ body: text }, '198.51.100.13');
    expect([colleague.status, await errorCode(colleague)]).toEqual([stranger.status, await errorCode(stranger)]);
  });
});

describe('a form token makes one comment', () => {
  it('one token makes one comment, whichever address sends it', async () => {
    nextDay();
    const token = formToken();
    const before = await rows('comments');
    const answers = [];
    for (const from of ['192.0.2.20', '198.51.100.20', '2001:db8:20::1']) answers.push(await send('/api/posts/a-post/comments', { body: `Sent from ${from}`, formToken: token }, from));
    expect(answers.map((r) => r.status)).toEqual([201, 422, 422]);
    expect((await answers[1]!.json()) as unknown).toEqual({ error: { code: 'validation_failed', message: expect.stringContaining('This form has been sent already'), field: 'formToken' } });
    expect(await rows('comments')).toBe(before + 1);
  });

  it('processes sharing the database accept a token once, even when it reaches them at the same moment', async () => {
    nextDay();
    const other = await openDatabase({ url: temp.url });
    try {
      const second = makeApp(other);
      const token = formToken();
      const answers = await Promise.all([app, second].map((target, i) => send('/api/posts/a-post/comments', { body: `Raced ${i}`, formToken: token }, `192.0.2.${21 + i}`, {}, target)));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
      expect((await send('/api/posts/a-post/comments', { body: 'Raced again', formToken: token }, '192.0.2.23', {}, second)).status).toBe(422);
    } finally {
      other.close();
    }
  });

  it('each comment’s answer brings the next form, and a refused comment leaves its form good', async () => {
    nextDay();
    const token = formToken();
    const refused = await send('/api/posts/a-post/comments', { body: 'Signed as staff.', name: 'Administrator', formToken: token }, '192.0.2.24');
    expect(await errorCode(refused)).toBe('reserved_name');
    const sent = await send('/api/posts/a-post/comments', { body: 'Signed as myself.', name: 'Sam', formToken: token }, '192.0.2.24');
    expect(sent.status).toBe(201);
    const next = sent.headers.get('Form-Token');
    expect(next).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]+$/);
    clock += 5000;
    expect((await send('/api/posts/a-post/comments', { body: 'And one more.', formToken: next }, '192.0.2.24')).status).toBe(201);
  });

  it('with LIMITS=off (tests and benchmarks) no form token is needed', async () => {
    const unlimited = makeApp(db, false);
    expect((await send('/api/posts/a-post/comments', { body: 'No token at all.' }, '192.0.2.25', {}, unlimited)).status).toBe(201);
  });
});

describe('requests from other websites’ pages change nothing', () => {
  const form = (fields: Record<string, string>, headers: Record<string, string>) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.30', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  let target: number;
  beforeAll(async () => {
    target = await published('A comment a hostile page wants hidden.', '192.0.2.30');
  });

  const elsewhere: [string, Record<string, string>][] = [
    ['a page on another site', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }],
    ['a page on a sibling subdomain', { Origin: 'http://evil.127.0.0.1.nip.io:4321', 'Sec-Fetch-Site': 'same-site' }],
    ['an older browser that sends only Origin', { Origin: 'https://evil.example' }],
    ['a sandboxed page (Origin: null)', { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }],
    ['a browser that sends only Sec-Fetch-Site', { 'Sec-Fetch-Site': 'cross-site' }],
  ];
  it.each(elsewhere)('%s: 403 cross_site for a comment, a report, a removal request and a removal, and nothing changes', async (_, headers) => {
    const tables = ['comments', 'reports', 'removal_requests', 'rate_limits', 'thread_versions'];
    const before = await Promise.all(tables.map(rows));
    const attempts = [
      app.request('/api/posts/a-post/comments', form({ body: 'Posted by a hostile page.', formToken: formToken() }, headers)),
      app.request(`/api/comments/${target}/reports`, form({ reason: 'abuse' }, headers)),
      app.request('/api/comments/removal-requests', form({ commentId: String(target), note: 'Mine.' }, headers)),
      app.request('/api/comments/remove', form({ commentId: String(target), removalKey: 'x'.repeat(32) }, headers)),
      app.request(`/api/comments/${target}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ reason: 'abuse' }) }),
      app.request(`/api/comments/${target}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ removalKey: 'x'.repeat(32) }) }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'cross_site', message: expect.stringContaining('use the blog’s own pages') } });
    }
    expect(await Promise.all(tables.map(rows))).toEqual(before);
  });

  it.each<[string, Record<string, string>]>([
    ['the blog’s own page', { Origin: pagesOrigin, 'Sec-Fetch-Site': 'same-origin' }],
    ['the blog’s own page reached by another host name', { Origin: 'http://localhost:4321', 'Sec-Fetch-Site': 'same-origin' }],
    ['an older browser on the blog’s own page', { Origin: pagesOrigin }],
    ['a script, not a browser (neither header)', {}],
  ])('%s is served', async (_, headers) => {
    nextDay();
    const res = await app.request('/api/posts/a-post/comments', form({ body: `Sent from ${JSON.stringify(headers)}`, formToken: formToken() }, headers));
    // Taken, and held: a form from the page without JavaScript comes without the browser check.
    expect(res.status).toBe(202);
    expect((await app.request(`/api/comments/${target}/reports`, form({ reason: 'spam' }, headers))).status).toBe(303);
  });
});

describe('one person cannot hide a comment', () => {
  it('every /64 of one IPv6 home line counts as one reader; three lines hide it', async () => {
    nextDay();
    const id = await published('Fine, but someone with a /48 wants it gone.');
    for (let i = 1; i <= 8; i++) expect((await report(id, `2001:db8:77:${i.toString(16)}00::1`)).status).toBe(201);
    expect(await statusOf(id)).toBe('published');
    await report(id, '2001:db8:78::1');
    expect(await statusOf(id)).toBe('published');
    await report(id, '198.51.100.77');
    expect(await statusOf(id)).toBe('hidden');
  });

  it('every /64 of one home line shares its comment limits', async () => {
    nextDay();
    const statuses = [];
    for (const subnet of ['1', '2', '3']) statuses.push((await comment({ body: `From subnet ${subnet}` }, `2001:db8:66:${subnet}::1`)).status);
    expect(statuses).toEqual([201, 201, 429]);
  });
});

describe('staff names are told only to a good form from a source under its limits', () => {
  /** A comment signed with a name; `null`: without a form token. */
  const tryName = (name: string, from: string, token: string | null = formToken()) => send('/api/posts/a-post/comments', { body: 'Who am I?', name, ...(token !== null ? { formToken: token } : {}) }, from);

  it('without a good form token, a staff name gets the form’s answer, not the name’s', async () => {
    nextDay();
    for (const token of [null, 'forged.token', issueFormToken('another secret', clock - 10_000)]) {
      const res = await tryName('Moderator', '192.0.2.40', token);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { field?: string } }).error.field).toBe('formToken');
    }
  });

  it('a source over its comment limit is told so, whatever the name', async () => {
    nextDay();
    await comment({ body: 'One.' }, '192.0.2.41');
    await comment({ body: 'Two.' }, '192.0.2.41');
    expect(await errorCode(await tryName('Moderator', '192.0.2.41'))).toBe('rate_limited');
  });

  it(`after ${refusalsPerHour} refused comments in an hour, a source learns nothing more about names`, async () => {
    nextDay();
    for (let i = 0; i < refusalsPerHour; i++) expect(await errorCode(await tryName(['Moderator', 'Editor', 'Admin'][i % 3]!, '192.0.2.42'))).toBe('reserved_name');
    const staff = await tryName('Administrator', '192.0.2.42');
    const nobody = await tryName('Somebody Else', '192.0.2.42');
    expect([staff.status, await errorCode(staff)]).toEqual([429, 'rate_limited']);
    expect([nobody.status, await errorCode(nobody)]).toEqual([429, 'rate_limited']);
    clock += 3_600_000;
    expect(await errorCode(await tryName('Administrator', '192.0.2.42'))).toBe('reserved_name');
  });
});
