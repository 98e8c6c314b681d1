// Undo through app.request(), on a real libSQL file and the real renderer: the moderator who
// rejected, removed or upheld takes it back within five minutes, once, while nothing else was
// decided on the comment; the list offers the Undo after a form decision; each undo is on record.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { eraseDecidedNotes } from '../decisions.ts';
import { undoMs } from '../undo.ts';
import { useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-undo', ['undo-post']);
const { form, jsonPost, comment, thread, audit } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let editor: string;
let moderator: string;
beforeAll(() => {
  ({ app, db, editor, moderator } = board);
});

const commentRow = async (id: number) =>
  ({ ...(await db.execute({ sql: 'SELECT status, held_reason, moderated_at, moderation_reason, public_reason, body_html FROM comments WHERE id = ?', args: [id] })).rows[0] });
const reportsOn = async (id: number) =>
  (await db.execute({ sql: 'SELECT id, status, note, decided_at, decided_by FROM reports WHERE comment_id = ? ORDER BY id', args: [id] })).rows.map((row) => ({ ...row }));
const statusInThread = async (id: number) => (await thread('undo-post')).find((c) => c.id === id)?.status;
const undoIdsIn = (location: string) => new URL(location, 'http://moderation.test').searchParams.getAll('undo').map(Number);
const json = async (res: Response) => (await res.json()) as Record<string, unknown> & { undo?: { auditId?: number; auditIds?: number[]; until: number } };

/** A comment held by the settings (every new comment waits for a moderator while holdMode is all). */
async function heldComment(body: string): Promise<number> {
  await app.request('/moderation/settings', jsonPost({ holdMode: 'all' }, editor));
  board.clock += 2000; // the settings are read at most once a second
  const held = await comment('undo-post', body);
  await app.request('/moderation/settings', jsonPost({ holdMode: 'none' }, editor));
  board.clock += 2000;
  expect(held.status).toBe('pending');
  return held.id;
}

/** A reader's report with a note of theirs, from its own address. */
async function reportWithNote(commentId: number, note: string, from: string): Promise<string> {
  const res = await app.request(`/api/comments/${commentId}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify({ reason: 'abuse', note }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { report: { id: string } }).report.id;
}

const undoCount = async () => (await audit('undo')).length;

describe('undoing a rejection', () => {
  it('puts the comment back in the held list, pending with its held reason, without the rejection’s reasons; the list offered the Undo', async () => {
    const id = await heldComment('Rejected in haste.');
    const before = await commentRow(id);
    expect(before).toMatchObject({ status: 'pending', held_reason: 'All comments are moderated.', moderated_at: null });

    const rejected = await app.request(`/moderation/comments/${id}/reject`, form({ back: '/moderation/held', reason: 'Off topic', publicReason: 'off_topic' }, moderator));
    expect(rejected.status).toBe(303);
    const location = rejected.headers.get('Location')!;
    const [auditId] = undoIdsIn(location);
    expect(location).toBe(`/moderation/held?done=reject&undo=${auditId}`);
    expect(await commentRow(id)).toMatchObject({ status: 'rejected', moderation_reason: 'Off topic', public_reason: 'off_topic' });

    // The list says what was done, and offers the one button that undoes it (u), to this moderator only.
    const page = await (await app.request(location, { headers: { Cookie: moderator } })).text();
    expect(page).toContain('<p class="notice" role="status">Rejected: the comment will never appear.</p>');
    expect(page).toMatch(
      new RegExp(`<form method="post" action="/moderation/undo" class="mod-undo">\\s*<input type="hidden" name="back" value="/moderation/held"><input type="hidden" name="auditId" value="${auditId}">\\s*<button type="submit" data-key="u" aria-keyshortcuts="u">Undo</button> <span class="small">until <time datetime="${new Date(board.clock + undoMs).toISOString()}">`),
    );
    expect(await (await app.request(location, { headers: { Cookie: editor } })).text()).not.toContain('mod-undo');

    const undone = await app.request('/moderation/undo', form({ auditId: String(auditId), back: '/moderation/held' }, moderator));
    expect(undone.status).toBe(303);
    expect(undone.headers.get('Location')).toBe('/moderation/held?done=undo');
    expect(await commentRow(id)).toEqual(before);
    const held = (await (await app.request('/moderation/held', { headers: { Cookie: moderator, Accept: 'application/json' } })).json()) as { held: { id: number; heldReason: string }[] };
    expect(held.held.find((c) => c.id === id)).toMatchObject({ heldReason: 'All comments are moderated.' });
    expect(await (await app.request('/moderation/held?done=undo', { headers: { Cookie: moderator } })).text()).toContain('Undone: the comment is back as it was before the decision.');

    const record = (await audit('undo')).at(-1)!;
    expect(record).toMatchObject({ account_name: 'Mo Derator', target_type: 'comment', target_id: String(id) });
    expect(JSON.parse(String(record['detail']))).toMatchObject({ undoes: auditId, action: 'comment.reject' });
    const log = await (await app.request(`/moderation/audit?target=${id}`, { headers: { Cookie: moderator } })).text();
    expect(log).toContain(`<strong>Mo Derator</strong> undid their rejection of <a href="/2026/11/undo-post/#c${id}">comment ${id}</a>`);
  });

  it('takes a bulk rejection back with one Undo', async () => {
    const ids = [await heldComment('Bulk one.'), await heldComment('Bulk two.')];
    const res = await app.request('/moderation/comments/bulk', jsonPost({ action: 'reject', ids: ids.map(String) }, moderator));
    const answer = await json(res);
    expect(answer).toMatchObject({ ok: true, done: ids, undo: { until: board.clock + undoMs } });
    expect(answer.undo!.auditIds).toHaveLength(2);

    const page = await (await app.request(`/moderation/held?done=bulk${answer.undo!.auditIds!.map((a) => `&undo=${a}`).join('')}`, { headers: { Cookie: moderator } })).text();
    for (const auditId of answer.undo!.auditIds!) expect(page).toContain(`<input type="hidden" name="auditId" value="${auditId}">`);
    const undone = await app.request('/moderation/undo', jsonPost({ auditId: answer.undo!.auditIds }, moderator));
    expect(await undone.json()).toEqual({ ok: true, undone: answer.undo!.auditIds, failed: [] });
    for (const id of ids) expect((await commentRow(id))['status']).toBe('pending');
  });
});

describe('undoing a removal', () => {
  it('shows a removed comment again', async () => {
    const shown = await comment('undo-post', 'Removed in haste.');
    const removed = await json(await app.request(`/moderation/comments/${shown.id}/remove`, jsonPost({ reason: 'Looked like spam' }, moderator)));
    expect(removed).toEqual({ ok: true, undo: { auditId: expect.any(Number), until: board.clock + undoMs } });
    expect(await statusInThread(shown.id)).toBe('removed_by_moderator');
    expect((await app.request('/moderation/undo', jsonPost({ auditId: removed.undo!.auditId }, moderator))).status).toBe(200);
    expect(await statusInThread(shown.id)).toBe('published');
    expect(await commentRow(shown.id)).toMatchObject({ status: 'published', moderated_at: null, moderation_reason: null, public_reason: null });
  });

  it('hides a comment hidden by reports again, its reports open again with their notes', async () => {
    const target = await comment('undo-post', 'Hidden, then removed.');
    for (const n of [1, 2, 3]) await reportWithNote(target.id, `Note ${n} on the hidden one.`, `203.0.113.${n}`);
    expect(await statusInThread(target.id)).toBe('hidden');
    const removed = await json(await app.request(`/moderation/comments/${target.id}/remove`, jsonPost({}, moderator)));
    expect((await reportsOn(target.id)).map((r) => r['status'])).toEqual(['upheld', 'upheld', 'upheld']);
    expect((await app.request('/moderation/undo', jsonPost({ auditId: removed.undo!.auditId }, moderator))).status).toBe(200);
    expect(await statusInThread(target.id)).toBe('hidden');
    const reports = await reportsOn(target.id);
    expect(reports.map((r) => [r['status'], r['decided_at'], r['decided_by']])).toEqual([1, 2, 3].map(() => ['open', null, null]));
    expect(reports.map((r) => r['note']).sort()).toEqual([1, 2, 3].map((n) => `Note ${n} on the hidden one.`));
  });
});

describe('undoing upheld reports', () => {
  it('shows the comment as it was and opens its reports again, notes and all; reporters see them waiting again', async () => {
    const target = await comment('undo-post', 'Reported twice, upheld in haste.');
    const first = await reportWithNote(target.id, 'It names my neighbour.', '203.0.113.21');
    await reportWithNote(target.id, 'Rude.', '203.0.113.22');
    const page = await (await app.request('/moderation/reports', { headers: { Cookie: moderator } })).text();
    const groupId = new RegExp(`data-report-id="([^"]+)" data-comment-id="${target.id}"`).exec(page)![1]!;

    const upheld = await app.request(`/moderation/reports/${groupId}/uphold`, form({ back: '/moderation/reports', reason: 'Abuse' }, moderator));
    const location = upheld.headers.get('Location')!;
    const [auditId] = undoIdsIn(location);
    expect(location).toBe(`/moderation/reports?done=uphold&undo=${auditId}`);
    expect(await statusInThread(target.id)).toBe('removed_by_moderator');
    expect(await (await app.request(`/api/reports/${first}`)).json()).toEqual({ report: { id: first, status: 'upheld' } });
    expect(JSON.parse(String((await audit('reports.uphold')).at(-1)!['detail']))).toMatchObject({ from: 'published', reports: (await reportsOn(target.id)).map((r) => r['id']) });
    expect(await (await app.request(location, { headers: { Cookie: moderator } })).text()).toContain('<kbd>u</kbd> undo');

    const undone = await app.request('/moderation/undo', form({ auditId: String(auditId), back: '/moderation/reports' }, moderator));
    expect(undone.headers.get('Location')).toBe('/moderation/reports?done=undo');
    expect(await statusInThread(target.id)).toBe('published');
    expect(await (await app.request(`/api/reports/${first}`)).json()).toEqual({ report: { id: first, status: 'open' } });
    const reports = await (await app.request('/moderation/reports', { headers: { Cookie: moderator } })).text();
    expect(reports).toContain(`data-comment-id="${target.id}"`);
    expect(reports).toContain('“It names my neighbour.”');
    // As before the decision, a third reader's report hides it.
    await reportWithNote(target.id, 'Still rude.', '203.0.113.23');
    expect(await statusInThread(target.id)).toBe('hidden');
  });

  it('keeps the notes of upheld reports only while the decision can be undone', async () => {
    const target = await comment('undo-post', 'Upheld for good.');
    const reportId = await reportWithNote(target.id, 'A note that goes in five minutes.', '203.0.113.31');
    expect((await app.request(`/moderation/reports/${reportId}/uphold`, jsonPost({}, moderator))).status).toBe(200);
    expect(await eraseDecidedNotes(db, board.temp.writes, board.clock + undoMs - 1)).toBe(0);
    expect((await reportsOn(target.id))[0]).toMatchObject({ status: 'upheld', note: 'A note that goes in five minutes.' });
    expect(await eraseDecidedNotes(db, board.temp.writes, board.clock + undoMs)).toBeGreaterThanOrEqual(1);
    expect((await reportsOn(target.id))[0]).toMatchObject({ status: 'upheld', note: null });
  });
});

describe('an undo is refused, and changes nothing', () => {
  async function rejected(): Promise<{ id: number; auditId: number }> {
    const id = await heldComment('Rejected, to be undone or not.');
    const answer = await json(await app.request(`/moderation/comments/${id}/reject`, jsonPost({}, moderator)));
    return { id, auditId: answer.undo!.auditId! };
  }

  async function expectRefused(auditId: number, id: number, who: string, status: number, code: string): Promise<void> {
    const before = [await commentRow(id), await undoCount()];
    const res = await app.request('/moderation/undo', jsonPost({ auditId }, who));
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect([await commentRow(id), await undoCount()]).toEqual(before);
  }

  it('for another moderator', async () => {
    const { id, auditId } = await rejected();
    await expectRefused(auditId, id, editor, 403, 'forbidden');
  });

  it('the second time', async () => {
    const { id, auditId } = await rejected();
    expect((await app.request('/moderation/undo', jsonPost({ auditId }, moderator))).status).toBe(200);
    await expectRefused(auditId, id, moderator, 409, 'state_changed');
    expect(await (await app.request(`/moderation/held?done=reject&undo=${auditId}`, { headers: { Cookie: moderator } })).text()).not.toContain('mod-undo');
  });

  it('once another moderator has decided on the comment since', async () => {
    const { id, auditId } = await rejected();
    expect((await app.request(`/moderation/comments/${id}/restore`, jsonPost({}, editor))).status).toBe(200);
    await expectRefused(auditId, id, moderator, 409, 'state_changed');
    expect((await commentRow(id))['status']).toBe('published');
  });

  it('for a decision that is not a rejection, removal or upheld report', async () => {
    const id = await heldComment('Approved, which has no undo.');
    const approved = await app.request(`/moderation/comments/${id}/approve`, jsonPost({}, moderator));
    expect(await approved.json()).toEqual({ ok: true });
    const auditId = Number((await audit('comment.approve')).at(-1)!['id']);
    await expectRefused(auditId, id, moderator, 422, 'validation_failed');
  });

  it('after five minutes: the list no longer offers it, and a form is sent back with the reason', async () => {
    const { id, auditId } = await rejected();
    board.clock += undoMs;
    expect(await (await app.request(`/moderation/held?done=reject&undo=${auditId}`, { headers: { Cookie: moderator } })).text()).not.toContain('mod-undo');
    await expectRefused(auditId, id, moderator, 409, 'undo_expired');
    const sent = await app.request('/moderation/undo', form({ auditId: String(auditId), back: '/moderation/held' }, moderator));
    expect(sent.headers.get('Location')).toBe('/moderation/held?error=undo_expired');
    expect((await commentRow(id))['status']).toBe('rejected');
  });
});
