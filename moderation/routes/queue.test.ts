// The queue through app.request(), on a real libSQL file and the real renderer: each decision with
// its effect on the public API, on what reporters see, and on the audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { decideReports, eraseExpiredText } from '../decisions.ts';
import { expectPrivateAudit, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-queue', ['held-post', 'report-post', 'dismiss-post', 'request-post', 'restore-post', 'bulk-post']);
const { form, jsonPost, comment, thread, report, audit } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let editor: string;
let moderator: string;
beforeAll(() => {
  ({ app, db, editor, moderator } = board);
});

describe('held comments', () => {
  it('holds by the settings, lists in context, approves and rejects, each on record', async () => {
    const saved = await app.request('/moderation/settings', jsonPost({ holdMode: 'all' }, editor));
    expect(saved.status).toBe(200);
    const parent = await comment('held-post', 'A parent, published before holding began.');
    await db.execute({ sql: "UPDATE comments SET status = 'published' WHERE id = ?", args: [parent.id] });
    board.clock += 2000; // the settings are read at most once a second
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
    board.clock += 2000;
  });

  it('approves several at once', async () => {
    await app.request('/moderation/settings', jsonPost({ holdMode: 'all' }, editor));
    board.clock += 2000;
    const a = await comment('bulk-post', 'Bulk one');
    const b = await comment('bulk-post', 'Bulk two');
    const res = await app.request('/moderation/comments/bulk', form({ action: 'approve', ids: [String(a.id), String(b.id)], back: '/moderation/held' }, moderator));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/moderation/held?done=bulk');
    expect((await thread('bulk-post')).map((c) => c.status)).toEqual(['published', 'published']);
    await app.request('/moderation/settings', jsonPost({ holdMode: 'none' }, editor));
    board.clock += 2000;
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
    const erased = await eraseExpiredText(board.temp.writes, board.clock + 91 * 86_400_000, 90);
    expect(erased).toBeGreaterThanOrEqual(1);
    expect((await db.execute({ sql: 'SELECT body_html FROM comments WHERE id = ?', args: [c.id] })).rows[0]!['body_html']).toBeNull();
    expect((await app.request(`/moderation/comments/${c.id}/restore`, jsonPost({}, moderator))).status).toBe(409);
  });

  it('a refused removal closes none of the comment’s reports', async () => {
    const c = await comment('restore-post', 'Reported, then gone another way.');
    const open = await report(c.id, 'spam', '192.0.2.77');
    // Its author's removal and the report crossed: the comment is gone, the report still open.
    await db.execute({ sql: "UPDATE comments SET status = 'removed_by_author' WHERE id = ?", args: [c.id] });
    expect((await app.request(`/moderation/comments/${c.id}/remove`, jsonPost({}, moderator))).status).toBe(409);
    expect((await db.execute({ sql: 'SELECT status FROM reports WHERE id = ?', args: [open.id] })).rows[0]!['status']).toBe('open');
  });

  it('of two moderators deciding one comment’s reports at once, the second changes nothing', async () => {
    const c = await comment('restore-post', 'Reported, and decided twice at once.');
    const open = await report(c.id, 'spam', '192.0.2.78');
    const moderators = [{ id: null, name: 'Ann' }, { id: null, name: 'Bo' }];
    // Both read the report open; the dismissal's write goes first.
    const [dismissed, upheld] = await Promise.allSettled([
      decideReports(db, board.temp.writes, { reportId: open.id, decision: 'dismiss', actor: moderators[0]!, now: board.clock }),
      decideReports(db, board.temp.writes, { reportId: open.id, decision: 'uphold', actor: moderators[1]!, now: board.clock }),
    ]);
    expect(dismissed.status).toBe('fulfilled');
    expect(upheld.status).toBe('rejected');
    expect((await thread('restore-post')).find((t) => t.id === c.id)?.status).toBe('published');
    expect((await audit('reports.uphold')).filter((r) => r['target_id'] === String(c.id))).toEqual([]);
  });
});


describe('privacy of the record', () => {
  it('the audit log never holds a reader address or key', async () => {
    await expectPrivateAudit(db);
  });
});
