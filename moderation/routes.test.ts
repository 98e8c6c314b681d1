// The moderation app through app.request(), on a real libSQL file and the real renderer: sign in,
// cross-site refusals, each queue action with its effect on the public API and the audit log.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { createApp } from '../server/app.ts';
import { openDatabase, type Database } from '../api/db/database.ts';
import { clientBatch, createWriteQueue } from '../api/db/write-queue.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../api/render/pool.ts';
import { createAccount } from './auth/accounts.ts';
import { createSetupToken } from './auth/setup.ts';
import { eraseExpiredText } from './decisions.ts';

const siteUrl = 'http://127.0.0.1:4321';
const post = (id: string): PostsManifestEntry => ({ id, title: `Post ${id}`, url: `/2026/11/${id}/`, published: '2026-11-20T10:00:00.000Z', labels: [], comments: 'open' });
const posts = ['held-post', 'report-post', 'dismiss-post', 'request-post', 'restore-post', 'staff-post', 'bulk-post'].map(post);

let dir: string;
let db: Database;
let pool: RenderPool;
let clock = Date.UTC(2026, 10, 26, 10);
let app: ReturnType<typeof createApp>;
let editor = '';
let moderator = '';
let nextSource = 1;

const headers = (cookie?: string, extra: Record<string, string> = {}) => ({
  Origin: siteUrl,
  'X-Forwarded-For': `198.51.100.${nextSource++ % 250}`,
  ...(cookie ? { Cookie: cookie } : {}),
  ...extra,
});
const form = (fields: Record<string, string | string[]>, cookie?: string, extra: Record<string, string> = {}) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return { method: 'POST', headers: headers(cookie, { 'Content-Type': 'application/x-www-form-urlencoded', ...extra }), body: body.toString() };
};
const jsonPost = (data: unknown, cookie?: string, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: headers(cookie, { 'Content-Type': 'application/json', Accept: 'application/json', ...extra }),
  body: JSON.stringify(data),
});

async function login(name: string, password: string): Promise<string> {
  const res = await app.request('/moderation/login', form({ username: name, password }));
  expect(res.status).toBe(303);
  const cookies = res.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith('befriend_session='))!;
  return session.split(';')[0]!;
}

async function comment(postId: string, body: string, extra: Record<string, unknown> = {}, from = '203.0.113.9') {
  const res = await app.request(`/api/posts/${postId}/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify({ body, ...extra }) });
  expect([201, 202]).toContain(res.status);
  return ((await res.json()) as { comment: { id: number; status: string } }).comment;
}

async function thread(postId: string) {
  const res = await app.request(`/api/posts/${postId}/comments`);
  return ((await res.json()) as { comments: { id: number; status: string; html?: string; author: { name: string; kind: string } | null }[] }).comments;
}

async function report(id: number, reason: string, from: string) {
  const res = await app.request(`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify({ reason }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { report: { id: string; status: string } }).report;
}

async function audit(action: string) {
  return (await db.execute({ sql: 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', args: [action] })).rows;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'befriend-moderation-'));
  await writeFile(join(dir, '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"><h1>Sorry</h1></main></body></html>');
  db = await openDatabase({ url: `file:${join(dir, 'test.db')}` });
  pool = createRenderPool({ size: 1 });
  app = createApp({
    distDir: dir,
    siteUrl,
    posts,
    comments: { db, writes: createWriteQueue(clientBatch(db)), renderer: pool, sources: createSourceHasher(() => clock), clock: () => clock, formSecret: 'secret', limits: false, trustedProxyHeader: 'X-Forwarded-For' },
  });
  await createAccount(db, { name: 'Edith Editor', role: 'editor', password: 'a long editor password' }, clock);
  await createAccount(db, { name: 'Mo Derator', role: 'moderator', password: 'a long moderator password' }, clock);
  editor = await login('Edith Editor', 'a long editor password');
  moderator = await login('mo derator', 'a long moderator password');
});

afterAll(async () => {
  await pool?.close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie (the development name over plain HTTP) and a staff hint', async () => {
    const res = await app.request('/moderation/login', form({ username: 'Edith Editor', password: 'a long editor password', next: '/moderation/reports' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/moderation/reports');
    const [session, hint] = res.headers.getSetCookie();
    expect(session).toMatch(/^befriend_session=[^;]+; /);
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Lax');
    expect(session).toContain('Path=/');
    expect(hint).toMatch(/^befriend_staff=Edith%20Editor;/);
    expect(hint).not.toContain('HttpOnly');
  });

  it('uses a __Host- Secure cookie on an https site', async () => {
    const secureApp = createApp({
      distDir: dir,
      siteUrl: 'https://blog.example.org',
      posts,
      comments: { db, renderer: pool, sources: createSourceHasher(() => clock), clock: () => clock, formSecret: 'secret', limits: false, trustedProxyHeader: 'X-Forwarded-For' },
    });
    const res = await secureApp.request('/moderation/login', { ...form({ username: 'Edith Editor', password: 'a long editor password' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', 'X-Forwarded-For': '192.0.2.200' } });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie()[0]!;
    expect(session).toMatch(/^__Host-befriend_session=/);
    expect(session).toContain('Secure');
    expect(session).toContain('Path=/');
  });

  it('says the same whether the name or the password was wrong', async () => {
    const wrongName = await app.request('/moderation/login', form({ username: 'Nobody', password: 'a long editor password' }));
    const wrongPassword = await app.request('/moderation/login', form({ username: 'Edith Editor', password: 'not the password at all' }));
    expect(wrongName.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
    const text = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
    expect(text(await wrongName.text())).toBe(text(await wrongPassword.text()));
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
  });

  it('limits failures on an account from one source: the eleventh attempt in an hour is refused even with the right password', async () => {
    await createAccount(db, { name: 'Target', role: 'moderator', password: 'the target password' }, clock);
    const from = { 'X-Forwarded-For': '192.0.2.140' };
    for (let i = 0; i < 10; i++) {
      if (i % 5 === 4) clock += 61_000;
      expect((await app.request('/moderation/login', form({ username: 'Target', password: `guess number ${i}` }, undefined, from))).status).toBe(401);
    }
    clock += 61_000;
    const eleventh = await app.request('/moderation/login', form({ username: 'target', password: 'the target password' }, undefined, from));
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('Retry-After'))).toBeGreaterThan(0);
    clock += 3_600_000;
    expect((await app.request('/moderation/login', form({ username: 'Target', password: 'the target password' }, undefined, from))).status).toBe(303);
  });

  it('limits attempts per source', async () => {
    const from = { 'X-Forwarded-For': '192.0.2.77' };
    for (let i = 0; i < 6; i++) await app.request('/moderation/login', form({ username: `someone ${i}`, password: 'whatever it may be' }, undefined, from));
    expect((await app.request('/moderation/login', form({ username: 'Edith Editor', password: 'a long editor password' }, undefined, from))).status).toBe(429);
    clock += 61_000;
  });

  it('sends pages to the sign-in form and refuses actions without a session', async () => {
    const page = await app.request('/moderation/held');
    expect(page.status).toBe(303);
    expect(page.headers.get('Location')).toBe('/moderation/login?next=%2Fmoderation%2Fheld');
    const action = await app.request('/moderation/comments/1/approve', form({}));
    expect(action.status).toBe(401);
    expect((await app.request('/moderation/comments/1/approve', form({}, 'befriend_session=forged.token'))).status).toBe(401);
  });

  it('signs out: the session ends in the database', async () => {
    const cookie = await login('Edith Editor', 'a long editor password');
    expect((await app.request('/moderation', { headers: { Cookie: cookie } })).status).toBe(200);
    const out = await app.request('/moderation/logout', form({}, cookie));
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie()[0]).toContain('Max-Age=0');
    expect((await app.request('/moderation', { headers: { Cookie: cookie } })).status).toBe(303);
  });

  it('refuses a body over 16 KiB before reading it', async () => {
    const res = await app.request('/moderation/login', form({ username: 'x'.repeat(20_000), password: 'y' }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('marks every moderation response no-store and noindex', async () => {
    const res = await app.request('/moderation', { headers: { Cookie: editor } });
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('X-Robots-Tag')).toContain('noindex');
  });
});

describe('cross-site requests', () => {
  it('refuses a cross-origin form post and a cross-origin JSON post, changing nothing', async () => {
    const held = await comment('held-post', 'Will a cross-site request approve me?');
    await db.execute({ sql: "UPDATE comments SET status = 'pending' WHERE id = ?", args: [held.id] });
    const before = await db.execute('SELECT count(*) AS n FROM audit_log');
    const cross = { Origin: 'https://evil.example' };
    expect((await app.request(`/moderation/comments/${held.id}/approve`, form({}, editor, cross))).status).toBe(403);
    expect((await app.request(`/moderation/comments/${held.id}/approve`, jsonPost({}, editor, cross))).status).toBe(403);
    expect((await app.request(`/moderation/comments/${held.id}/approve`, jsonPost({}, editor, { Origin: siteUrl, 'Sec-Fetch-Site': 'cross-site' }))).status).toBe(403);
    // No Origin and no Sec-Fetch-Site: refused too.
    expect((await app.request(`/moderation/comments/${held.id}/approve`, { method: 'POST', headers: { Cookie: editor, 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(403);
    expect((await db.execute({ sql: 'SELECT status FROM comments WHERE id = ?', args: [held.id] })).rows[0]!['status']).toBe('pending');
    expect((await db.execute('SELECT count(*) AS n FROM audit_log')).rows[0]!['n']).toBe(before.rows[0]!['n']);
    // The same request from the site itself works.
    expect((await app.request(`/moderation/comments/${held.id}/approve`, form({}, editor, { Origin: '', 'Sec-Fetch-Site': 'same-origin' }))).status).toBe(303);
  });
});

describe('held comments', () => {
  it('holds by the settings, lists in context, approves and rejects, each on record', async () => {
    const saved = await app.request('/moderation/settings', jsonPost({ holdMode: 'all' }, editor));
    expect(saved.status).toBe(200);
    const parent = await comment('held-post', 'A parent, published before holding began.');
    await db.execute({ sql: "UPDATE comments SET status = 'published' WHERE id = ?", args: [parent.id] });
    clock += 2000; // the settings are read at most once a second
    const held = await comment('held-post', 'A **held** reply.', { parentId: parent.id });
    const rejected = await comment('held-post', 'Another held one.');
    expect(held.status).toBe('pending');

    const page = await (await app.request('/moderation/held', { headers: { Cookie: moderator } })).text();
    expect(page).toContain(`data-comment-id="${held.id}"`);
    expect(page).toContain('<strong>held</strong>');
    expect(page).toContain('A parent, published before holding began.');
    expect(page).toContain('Post held-post');
    expect((await thread('held-post')).map((c) => c.id)).not.toContain(held.id);

    const approve = await app.request(`/moderation/comments/${held.id}/approve`, form({ back: '/moderation/held' }, moderator));
    expect(approve.status).toBe(303);
    expect(approve.headers.get('Location')).toBe('/moderation/held?done=approve');
    expect((await thread('held-post')).find((c) => c.id === held.id)?.status).toBe('published');

    const reject = await app.request(`/moderation/comments/${rejected.id}/reject`, jsonPost({ reason: 'Off topic' }, moderator));
    expect(reject.status).toBe(200);
    expect((await thread('held-post')).map((c) => c.id)).not.toContain(rejected.id);

    // Deciding twice: a clear conflict.
    const again = await app.request(`/moderation/comments/${held.id}/approve`, jsonPost({}, moderator));
    expect(again.status).toBe(409);

    const approvals = await audit('comment.approve');
    expect(approvals.at(-1)).toMatchObject({ account_name: 'Mo Derator', target_type: 'comment', target_id: String(held.id) });
    expect((await audit('comment.reject')).at(-1)).toMatchObject({ account_name: 'Mo Derator', reason: 'Off topic' });
    await app.request('/moderation/settings', jsonPost({ holdMode: 'none' }, editor));
    clock += 2000;
  });

  it('approves several at once', async () => {
    await app.request('/moderation/settings', jsonPost({ holdMode: 'all' }, editor));
    clock += 2000;
    const a = await comment('bulk-post', 'Bulk one');
    const b = await comment('bulk-post', 'Bulk two');
    const res = await app.request('/moderation/comments/bulk', form({ action: 'approve', ids: [String(a.id), String(b.id)], back: '/moderation/held' }, moderator));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/moderation/held?done=bulk');
    expect((await thread('bulk-post')).map((c) => c.status)).toEqual(['published', 'published']);
    await app.request('/moderation/settings', jsonPost({ holdMode: 'none' }, editor));
    clock += 2000;
  });
});

describe('reports', () => {
  it('hides at the threshold, lists racism first, upholds: placeholder with replies intact, reporters see the outcome', async () => {
    const target = await comment('report-post', 'A racist remark, for the test.');
    const reply = await comment('report-post', 'A reply that must stay.', { parentId: target.id });
    const spam = await comment('report-post', 'Buy things.');
    for (const from of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) await report(spam.id, 'spam', from);
    const first = await report(target.id, 'racism', '203.0.113.11');
    const waiting = await app.request(`/reports/${first.id}`);
    expect(waiting.status).toBe(200);
    expect(waiting.headers.get('Cache-Control')).toBe('no-store');
    expect(await waiting.text()).toContain(`Report <code>${first.id}</code>: <strong>Waiting for a moderator</strong>.`);
    await report(target.id, 'racism', '203.0.113.12');
    expect((await thread('report-post')).find((c) => c.id === target.id)?.status).toBe('published');
    await report(target.id, 'abuse', '203.0.113.13');
    expect((await thread('report-post')).find((c) => c.id === target.id)?.status).toBe('hidden');

    const page = await (await app.request('/moderation/reports', { headers: { Cookie: moderator } })).text();
    const order = [...page.matchAll(/data-report-id="([^"]+)" data-comment-id="(\d+)"/g)].map((m) => Number(m[2]));
    expect(order.indexOf(target.id)).toBeLessThan(order.indexOf(spam.id));
    const groupId = new RegExp(`data-report-id="([^"]+)" data-comment-id="${target.id}"`).exec(page)![1]!;

    const uphold = await app.request(`/moderation/reports/${groupId}/uphold`, form({ reason: 'Racism' }, moderator));
    expect(uphold.status).toBe(303);
    const after = await thread('report-post');
    expect(after.find((c) => c.id === target.id)).toMatchObject({ status: 'removed_by_moderator', author: null });
    expect(after.find((c) => c.id === target.id)?.html).toBeNull();
    expect(after.find((c) => c.id === reply.id)?.status).toBe('published');
    const outcome = await (await app.request(`/api/reports/${first.id}`)).json();
    expect(outcome).toEqual({ report: { id: first.id, status: 'upheld' } });
    const upheld = await (await app.request(`/reports/${first.id}`)).text();
    expect(upheld).toContain('<strong>Upheld</strong>.</p><p>Moderators agreed with the report: the comment has been removed.');
    expect(upheld).not.toContain('Mo Derator');
    expect(upheld).not.toContain('Racism</');
    expect((await audit('reports.uphold')).at(-1)).toMatchObject({ account_name: 'Mo Derator', target_id: String(target.id), reason: 'Racism' });
  });

  it('dismisses: a hidden comment comes back, and reports alone never hide it again (they still reach the queue)', async () => {
    const target = await comment('dismiss-post', 'Contested but fine.');
    for (const n of [21, 22, 23]) await report(target.id, 'abuse', `203.0.113.${n}`);
    expect((await thread('dismiss-post'))[0]!.status).toBe('hidden');
    const groups = (await (await app.request('/moderation/reports', { headers: { Cookie: moderator, Accept: 'application/json' } })).json()) as { reports: { reportId: string; comment: { id: number } }[] };
    const group = groups.reports.find((g) => g.comment.id === target.id)!;
    expect((await app.request(`/moderation/reports/${group.reportId}/dismiss`, jsonPost({}, moderator))).status).toBe(200);
    expect((await thread('dismiss-post'))[0]!.status).toBe('published');
    expect(await (await app.request(`/reports/${group.reportId}`)).text()).toContain('<strong>Dismissed</strong>.</p><p>Moderators read the comment and left it up.');
    for (const n of [31, 32, 33, 34, 35]) await report(target.id, 'abuse', `203.0.113.${n}`);
    expect((await thread('dismiss-post'))[0]!.status).toBe('published');
    // Rotating the reason after each dismissal hid it again before: now nothing does.
    for (const reason of ['racism', 'identifying', 'spam', 'other']) for (const n of [1, 2, 3]) await report(target.id, reason, `198.51.100.${n + reason.length * 10}`);
    expect((await thread('dismiss-post'))[0]!.status).toBe('published');
    const queue = (await (await app.request('/moderation/reports', { headers: { Cookie: moderator, Accept: 'application/json' } })).json()) as { reports: { comment: { id: number }; count: number }[] };
    expect(queue.reports.find((g) => g.comment.id === target.id)?.count).toBe(17);
  });
});

describe('removal requests and removed comments', () => {
  it('grants a removal request: the text is erased for good, as if its author removed it', async () => {
    const mine = await comment('request-post', 'I regret writing this.');
    const asked = await app.request(`/api/comments/${mine.id}/removal-requests`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.50' }, body: JSON.stringify({ note: 'I lost my key; it was me.' }) });
    expect(asked.status).toBe(201);
    const reference = ((await asked.json()) as { removalRequest: { id: string } }).removalRequest.id;
    expect(await (await app.request(`/reports/${reference}`)).text()).toContain(`Removal request <code>${reference}</code>: <strong>Waiting for a moderator</strong>.`);
    const page = await (await app.request('/moderation/removal-requests', { headers: { Cookie: moderator } })).text();
    const requestId = /data-request-id="([^"]+)"/.exec(page)![1]!;
    expect(page).toContain('I lost my key; it was me.');
    expect((await app.request(`/moderation/removal-requests/${requestId}/grant`, form({}, moderator))).status).toBe(303);
    expect((await thread('request-post'))[0]).toMatchObject({ status: 'removed_by_author', author: null });
    const row = (await db.execute({ sql: 'SELECT body_source, body_html, author_name FROM comments WHERE id = ?', args: [mine.id] })).rows[0]!;
    expect([row['body_source'], row['body_html'], row['author_name']]).toEqual([null, null, null]);
    expect((await audit('removal.grant')).length).toBe(1);
    expect(await (await app.request(`/api/removal-requests/${reference}`)).json()).toEqual({ removalRequest: { id: reference, status: 'granted' } });
    expect(await (await app.request(`/reports/${reference}`)).text()).toContain('<strong>Granted</strong>.</p><p>The comment has been removed, and its text erased for good.');
  });

  it('removes, lists as restorable, restores; after the retention window the text is erased', async () => {
    const c = await comment('restore-post', 'Removed by mistake.');
    expect((await app.request(`/moderation/comments/${c.id}/remove`, form({ reason: 'Looked like spam' }, moderator))).status).toBe(303);
    expect((await thread('restore-post'))[0]!.status).toBe('removed_by_moderator');
    const removed = await (await app.request('/moderation/removed', { headers: { Cookie: moderator } })).text();
    expect(removed).toContain(`data-comment-id="${c.id}"`);
    expect(removed).toContain('Removed by mistake.');
    expect((await app.request(`/moderation/comments/${c.id}/restore`, form({}, moderator))).status).toBe(303);
    expect((await thread('restore-post'))[0]!.status).toBe('published');

    await app.request(`/moderation/comments/${c.id}/remove`, form({}, moderator));
    const erased = await eraseExpiredText(createWriteQueue(clientBatch(db)), clock + 91 * 86_400_000, 90);
    expect(erased).toBeGreaterThanOrEqual(1);
    expect((await db.execute({ sql: 'SELECT body_html FROM comments WHERE id = ?', args: [c.id] })).rows[0]!['body_html']).toBeNull();
    expect((await app.request(`/moderation/comments/${c.id}/restore`, jsonPost({}, moderator))).status).toBe(409);
  });
});

describe('staff comments', () => {
  it('carry the account name and the staff kind; nobody else can take the name', async () => {
    const res = await app.request('/api/posts/staff-post/comments', jsonPost({ body: 'From the moderators.' }, moderator));
    expect(res.status).toBe(201);
    expect((await thread('staff-post'))[0]!.author).toEqual({ name: 'Mo Derator', kind: 'staff' });
    const reader = await app.request('/api/posts/staff-post/comments', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.60' }, body: JSON.stringify({ body: 'Pretending.', name: 'mo-derator' }) });
    expect(reader.status).toBe(422);
    expect(((await reader.json()) as { error: { code: string } }).error.code).toBe('reserved_name');
    // A cross-site request carrying the cookie does not comment as staff: it does not comment at all.
    const cross = await app.request('/api/posts/staff-post/comments', jsonPost({ body: 'Forged.' }, moderator, { Origin: 'https://evil.example' }));
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { error: { code: string } }).error.code).toBe('cross_site');
    expect(JSON.stringify(await thread('staff-post'))).not.toContain('Forged.');
  });

  it('the page without JavaScript says who is commenting, and its form posts as staff', async () => {
    const page = await (await app.request('/posts/staff-post/comments', { headers: { Cookie: moderator, 'Sec-Fetch-Site': 'same-origin' } })).text();
    expect(page).toContain('Commenting as <strong>Mo Derator</strong>');
    expect(page).not.toContain('id="comment-name"');
    const sent = await app.request('/api/posts/staff-post/comments', form({ body: 'A staff reply without script.' }, moderator));
    expect(sent.status).toBe(201);
    expect((await thread('staff-post')).at(-1)!.author).toEqual({ name: 'Mo Derator', kind: 'staff' });
    const reader = await (await app.request('/posts/staff-post/comments')).text();
    expect(reader).toContain('id="comment-name"');
  });
});

describe('settings, accounts and the private feed', () => {
  it('lets only the editor change settings; a bad value changes nothing; changes are audited', async () => {
    expect((await app.request('/moderation/settings', jsonPost({ reportThreshold: 5 }, moderator))).status).toBe(403);
    const bad = await app.request('/moderation/settings', jsonPost({ reportThreshold: 0 }, editor));
    expect(bad.status).toBe(422);
    const page = await app.request('/moderation/settings', form({ holdMode: 'older_than', holdOlderThanDays: '14', maxLinks: '3', heldWords: 'casino\nlottery', reportThreshold: '4', reservedNames: 'Admin\nOwner', removedRetentionDays: '30', commentsPerMinute: '2', commentsPerDay: '20', reportsPerDay: '10', duplicateWindowMinutes: '5', minFormSeconds: '3', maxDisplayDepth: '4', timeZone: 'Europe/Paris' }, editor));
    expect(page.status).toBe(303);
    const settings = ((await (await app.request('/moderation/settings', { headers: { Cookie: editor, Accept: 'application/json' } })).json()) as { settings: Record<string, unknown> }).settings;
    expect(settings).toMatchObject({ holdMode: 'older_than', heldWords: ['casino', 'lottery'], reportThreshold: 4, reservedNames: ['Admin', 'Owner'], timeZone: 'Europe/Paris' });
    const entry = (await audit('settings.change')).at(-1)!;
    expect(JSON.parse(String(entry['detail']))).toMatchObject({ reportThreshold: { from: 3, to: 4 } });
    const badZone = await app.request('/moderation/settings', jsonPost({ timeZone: 'Mars/Olympus' }, editor));
    expect(badZone.status).toBe(422);
    await app.request('/moderation/settings', jsonPost({ holdMode: 'none', reportThreshold: 3, timeZone: 'Europe/London' }, editor));
  });

  it('lets the editor manage accounts, and nobody else', async () => {
    expect((await app.request('/moderation/accounts', { headers: { Cookie: moderator } })).status).toBe(403);
    const added = await app.request('/moderation/accounts', jsonPost({ name: 'Nia New', role: 'moderator', password: 'a fresh long password' }, editor));
    expect(added.status).toBe(201);
    expect((await app.request('/moderation/accounts', jsonPost({ name: 'nia-new', role: 'moderator', password: 'a fresh long password' }, editor))).status).toBe(409);
    const list = await (await app.request('/moderation/accounts', { headers: { Cookie: editor } })).text();
    expect(list).toContain('Nia New');
    expect((await audit('account.create')).at(-1)).toMatchObject({ account_name: 'Edith Editor' });
  });

  it('gives each moderator a private queue feed that can be replaced and stopped', async () => {
    const made = await app.request('/moderation/feed', jsonPost({}, moderator));
    const { feedUrl } = (await made.json()) as { feedUrl: string };
    const path = new URL(feedUrl).pathname;
    const feed = await app.request(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('Content-Type')).toContain('application/atom+xml');
    expect(await feed.text()).toContain('<feed');
    await app.request('/moderation/feed', jsonPost({}, moderator));
    expect((await app.request(path)).status).toBe(404);
  });
});

describe('privacy of the record', () => {
  it('the audit log never holds a reader address or key', async () => {
    const dump = JSON.stringify((await db.execute('SELECT * FROM audit_log')).rows);
    expect(dump).not.toMatch(/203\.0\.113|198\.51\.100|192\.0\.2/);
    expect(dump).not.toMatch(/removal_?key/i);
  });
});

describe('the setup link', () => {
  it('creates the first editor once, signs them in, then stops working', async () => {
    const fresh = await openDatabase({ url: `file:${join(dir, 'fresh.db')}` });
    try {
      const freshApp = createApp({ distDir: dir, siteUrl, posts, comments: { db: fresh, renderer: pool, sources: createSourceHasher(() => clock), clock: () => clock, formSecret: 'secret', limits: false, trustedProxyHeader: 'X-Forwarded-For' } });
      const token = (await createSetupToken(fresh, clock))!;
      expect((await freshApp.request(`/moderation/setup/${token}`)).status).toBe(200);
      const weak = await freshApp.request(`/moderation/setup/${token}`, form({ name: 'First Editor', password: 'short' }));
      expect(weak.status).toBe(422);
      const made = await freshApp.request(`/moderation/setup/${token}`, form({ name: 'First Editor', password: 'a long first password' }));
      expect(made.status).toBe(303);
      const cookie = made.headers.getSetCookie()[0]!.split(';')[0]!;
      expect((await freshApp.request('/moderation/accounts', { headers: { Cookie: cookie } })).status).toBe(200);
      expect((await freshApp.request(`/moderation/setup/${token}`)).status).toBe(410);
      expect((await freshApp.request(`/moderation/setup/${token}`, form({ name: 'Second', password: 'another long password' }))).status).toBe(410);
      expect(await createSetupToken(fresh, clock)).toBeUndefined();
    } finally {
      fresh.close();
    }
  });
});
