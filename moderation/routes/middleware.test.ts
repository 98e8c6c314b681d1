// The middleware every moderation route goes through, through app.request() on a real libSQL
// file: the sign-in check, the size limit, no-store, the same-origin check, and the session the
// comment API reads to let staff comment under their account.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { renewAfterMs } from '../auth/sessions.ts';
import { issueFormToken } from '../../api/comments/form-token.ts';
import { boardUrl, moderatorPassword, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-middleware', ['held-post', 'staff-post']);
const { form, jsonPost, comment, thread, login } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let editor: string;
let moderator: string;
beforeAll(() => {
  ({ app, db, editor, moderator } = board);
});

describe('signed in', () => {
  it('sends pages to the sign-in form and refuses actions without a session', async () => {
    const page = await app.request('/moderation/held');
    expect(page.status).toBe(303);
    expect(page.headers.get('Location')).toBe('/moderation/login?next=%2Fmoderation%2Fheld');
    const action = await app.request('/moderation/comments/1/approve', form({}));
    expect(action.status).toBe(401);
    expect((await app.request('/moderation/comments/1/approve', form({}, 'befriend_session=forged.token'))).status).toBe(401);
  });

  it('renews a session in use once a minute has passed: one new cookie, for the same session', async () => {
    const cookie = await login('Mo Derator', moderatorPassword);
    expect((await app.request('/moderation', { headers: { Cookie: cookie } })).headers.getSetCookie()).toEqual([]);
    board.clock += renewAfterMs;
    const renewed = await app.request('/moderation', { headers: { Cookie: cookie } });
    expect(renewed.status).toBe(200);
    const sessions = renewed.headers.getSetCookie().filter((c) => c.startsWith('befriend_session='));
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.split(';')[0]).toBe(cookie);
  });
});

describe('every moderation route', () => {
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
    expect((await app.request(`/moderation/comments/${held.id}/approve`, jsonPost({}, editor, { Origin: boardUrl, 'Sec-Fetch-Site': 'cross-site' }))).status).toBe(403);
    // No Origin and no Sec-Fetch-Site: refused too.
    expect((await app.request(`/moderation/comments/${held.id}/approve`, { method: 'POST', headers: { Cookie: editor, 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(403);
    expect((await db.execute({ sql: 'SELECT status FROM comments WHERE id = ?', args: [held.id] })).rows[0]!['status']).toBe('pending');
    expect((await db.execute('SELECT count(*) AS n FROM audit_log')).rows[0]!['n']).toBe(before.rows[0]!['n']);
    // The same request from the site itself works.
    expect((await app.request(`/moderation/comments/${held.id}/approve`, form({}, editor, { Origin: '', 'Sec-Fetch-Site': 'same-origin' }))).status).toBe(303);
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

  it('need no browser check, with the limits on, from the script or the page', async () => {
    const limited = board.appFor({ limits: true });
    expect((await limited.request('/api/posts/staff-post/comments', jsonPost({ body: 'Staff, checked by their session.' }, moderator))).status).toBe(201);
    expect((await limited.request('/api/posts/staff-post/comments', form({ body: 'Staff, from the page.' }, moderator))).status).toBe(201);
    // A reader sending the same is refused for want of it.
    const reader = await limited.request('/api/posts/staff-post/comments', jsonPost({ body: 'A reader, unchecked.', formToken: issueFormToken('secret', board.clock - 10_000) }));
    expect(((await reader.json()) as { error: { code: string } }).error.code).toBe('pow_required');
  });
});

