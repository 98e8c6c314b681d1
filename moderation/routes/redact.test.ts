// Redact, then approve, through app.request() on a real libSQL file and the real renderer: the
// edit and its mark in the thread, the writer's own text kept for moderators and then erased (from
// the rows and the file's bytes), the refusals, and the audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { eraseExpiredText } from '../decisions.ts';
import { expectPrivateAudit, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-redact', ['redact-held', 'redact-reported', 'redact-erased', 'redact-author']);
const { form, jsonPost, thread, report, audit } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let moderator: string;
let editor: string;
beforeAll(async () => {
  ({ app, db, moderator, editor } = board);
  expect((await app.request('/moderation/settings', jsonPost({ holdMode: 'all' }, editor))).status).toBe(200);
  board.clock += 2000; // the settings are read at most once a second
});

/** A reader's comment, with its removal key. */
async function write(postId: string, body: string): Promise<{ id: number; status: string; removalKey: string }> {
  const res = await app.request(`/api/posts/${postId}/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.40' }, body: JSON.stringify({ body }) });
  expect(res.status).toBe(202);
  const answer = (await res.json()) as { comment: { id: number; status: string }; removalKey: string };
  return { ...answer.comment, removalKey: answer.removalKey };
}

const kept = async (id: number) => (await db.execute({ sql: 'SELECT body_source, redacted_by FROM redactions WHERE comment_id = ?', args: [id] })).rows[0];

describe('editing a held comment, then approving it', () => {
  it('publishes the edited text marked "edited by a moderator", keeps the writer’s own for moderators only, and records it', async () => {
    const held = await write('redact-held', 'Our team at Northgate Ward is short again and [the rota](https://example.org/rota) is a joke.');
    const editPage = await (await app.request(`/moderation/comments/${held.id}/edit?back=/moderation/held`, { headers: { Cookie: moderator } })).text();
    expect(editPage).toContain('Our team at Northgate Ward is short again');
    expect(editPage).toContain('Save and approve');

    const saved = await app.request(`/moderation/comments/${held.id}/edit`, form({ body: 'Our team at [ward] is short again and [the rota](https://example.org/rota) is a joke.', reason: 'Names the ward', approve: '1', back: '/moderation/held' }, moderator));
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe('/moderation/held?done=redact_approve');

    const shown = (await thread('redact-held')).find((c) => c.id === held.id) as Record<string, unknown> | undefined;
    expect(shown).toMatchObject({ status: 'published', editedByModerator: true });
    expect(String(shown!['html'])).toContain('Our team at [ward] is short again');
    expect(String(shown!['html'])).toContain('href="https://example.org/rota"');
    const page = await (await app.request('/posts/redact-held/comments')).text();
    expect(page).toContain('edited by a moderator');
    expect(page).not.toContain('Northgate');

    // Moderators see the writer's own text, and who edited it, while it is kept.
    expect(await kept(held.id)).toMatchObject({ body_source: 'Our team at Northgate Ward is short again and [the rota](https://example.org/rota) is a joke.', redacted_by: 'Mo Derator' });
    const reportsView = await (await app.request(`/moderation/comments/${held.id}/edit`, { headers: { Cookie: moderator } })).text();
    expect(reportsView).toContain('Edited by <strong>Mo Derator</strong>: the writer’s own text');
    expect(reportsView).toContain('Northgate Ward');

    // A second edit keeps the writer's text, not the first edit.
    const again = await app.request(`/moderation/comments/${held.id}/edit`, jsonPost({ body: 'Our team is short again and the rota is a joke.' }, moderator));
    expect(again.status).toBe(200);
    expect((await kept(held.id))?.['body_source']).toContain('Northgate Ward');

    const [redacted, approved] = [await audit('comment.redact'), await audit('comment.approve')];
    expect(redacted.filter((r) => r['target_id'] === String(held.id))).toHaveLength(2);
    expect(redacted[0]).toMatchObject({ account_name: 'Mo Derator', reason: 'Names the ward' });
    expect(approved.some((r) => r['target_id'] === String(held.id))).toBe(true);
    expect(JSON.stringify(redacted)).not.toContain('Northgate');
    const log = await (await app.request('/moderation/audit?action=comment.redact', { headers: { Cookie: moderator } })).text();
    expect(log).toMatch(/edited <a href="\/2026\/11\/redact-held\/#c\d+">comment \d+<\/a>/);
    await expectPrivateAudit(db);
  });

  it('no longer lets the writer change it, only remove it', async () => {
    const held = await write('redact-author', 'I work on the fourth floor of the annexe and it shows.');
    expect((await app.request(`/moderation/comments/${held.id}/edit`, jsonPost({ body: 'I work in an office and it shows.' }, moderator))).status).toBe(200);
    const edit = await app.request(`/api/comments/${held.id}/edit`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.40' }, body: JSON.stringify({ removalKey: held.removalKey, body: 'Back to the fourth floor of the annexe.' }) });
    expect(edit.status).toBe(409);
    expect(((await edit.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'not_editable', message: expect.stringContaining('A moderator has edited this comment') });
    expect((await db.execute({ sql: 'SELECT body_source FROM comments WHERE id = ?', args: [held.id] })).rows[0]?.['body_source']).toBe('I work in an office and it shows.');

    // Its author removing it takes the kept text with it (from the file's bytes too: tests/disk-anonymity.test.ts).
    const removed = await app.request(`/api/comments/${held.id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.41' }, body: JSON.stringify({ removalKey: held.removalKey }) });
    expect(removed.status).toBe(200);
    expect(await kept(held.id)).toBeUndefined();
  });
});

describe('editing a reported comment', () => {
  it('changes the text and leaves the reports open for a decision', async () => {
    const shown = await write('redact-reported', 'Ask Dr Penhaligon in the blue room, she signs anything.');
    expect((await app.request(`/moderation/comments/${shown.id}/approve`, jsonPost({}, moderator))).status).toBe(200);
    await report(shown.id, 'identifying', '192.0.2.50');
    const reports = await (await app.request('/moderation/reports', { headers: { Cookie: moderator } })).text();
    expect(reports).toContain(`action="/moderation/comments/${shown.id}/edit"`);
    const editPage = await (await app.request(`/moderation/comments/${shown.id}/edit?back=/moderation/reports`, { headers: { Cookie: moderator } })).text();
    expect(editPage).not.toContain('Save and approve');

    const saved = await app.request(`/moderation/comments/${shown.id}/edit`, form({ body: 'Ask the doctor in charge, she signs anything.', back: '/moderation/reports' }, moderator));
    expect(saved.headers.get('Location')).toBe('/moderation/reports?done=redact');
    expect((await thread('redact-reported')).find((c) => c.id === shown.id)).toMatchObject({ status: 'published', editedByModerator: true });
    expect(await (await app.request('/moderation/reports', { headers: { Cookie: moderator } })).text()).toContain(`data-comment-id="${shown.id}"`);

    // Approving is only for a held comment.
    const approve = await app.request(`/moderation/comments/${shown.id}/edit`, jsonPost({ body: 'Ask the doctor.', approve: true }, moderator));
    expect(approve.status).toBe(422);
  });
});

describe('refusals', () => {
  it('keeps what was typed when the text is refused, and changes nothing', async () => {
    const held = await write('redact-held', 'A held comment about nothing much.');
    const empty = await app.request(`/moderation/comments/${held.id}/edit`, form({ body: '   ', reason: 'a reason typed', back: '/moderation/held' }, moderator));
    expect(empty.status).toBe(422);
    const page = await empty.text();
    expect(page).toContain('Write something first.');
    expect(page).toContain('value="a reason typed"');
    const same = await app.request(`/moderation/comments/${held.id}/edit`, jsonPost({ body: 'A held comment about nothing much.' }, moderator));
    expect(same.status).toBe(422);
    expect((await db.execute({ sql: 'SELECT redacted_at FROM comments WHERE id = ?', args: [held.id] })).rows[0]?.['redacted_at']).toBeNull();

    expect((await app.request(`/moderation/comments/${held.id}/reject`, jsonPost({}, moderator))).status).toBe(200);
    const late = await app.request(`/moderation/comments/${held.id}/edit`, form({ body: 'Too late now.', back: '/moderation/held' }, moderator));
    expect(late.headers.get('Location')).toBe('/moderation/held?error=state_changed');
    expect(await kept(held.id)).toBeUndefined();
  });

  it('asks before editing an item another moderator is on', async () => {
    const held = await write('redact-held', 'Something another moderator is reading.');
    expect((await app.request('/moderation/claims', jsonPost({ item: `comment:${held.id}` }, editor))).status).toBe(200);
    const page = await (await app.request(`/moderation/comments/${held.id}/edit`, { headers: { Cookie: moderator } })).text();
    expect(page).toContain('<strong>Edith Editor</strong> is on this item.');
    const refused = await app.request(`/moderation/comments/${held.id}/edit`, jsonPost({ body: 'Something else.' }, moderator));
    expect(refused.status).toBe(409);
    expect((await app.request(`/moderation/comments/${held.id}/edit`, jsonPost({ body: 'Something else.', confirmClaim: true }, moderator))).status).toBe(200);
  });
});

describe('the retention window', () => {
  it('erases the writer’s own text once it is over (from the file’s bytes too: tests/disk-anonymity.test.ts); the edited text stays', async () => {
    const held = await write('redact-erased', 'Signed, the night charge nurse on Kestrel unit.');
    expect((await app.request(`/moderation/comments/${held.id}/edit`, jsonPost({ body: 'Signed, a night nurse.', approve: true }, moderator))).status).toBe(200);
    const retentionDays = 90;
    expect(await eraseExpiredText(board.temp.writes, board.clock + (retentionDays - 1) * 86_400_000, retentionDays)).toBe(0);
    expect(await kept(held.id)).toBeDefined();

    await eraseExpiredText(board.temp.writes, board.clock + retentionDays * 86_400_000 + 1, retentionDays);
    expect(await kept(held.id)).toBeUndefined();
    expect((await thread('redact-erased')).find((c) => c.id === held.id)).toMatchObject({ status: 'published', editedByModerator: true });
    const view = await (await app.request(`/moderation/comments/${held.id}/edit`, { headers: { Cookie: moderator } })).text();
    expect(view).toContain('the writer’s own text has been erased');
  });
});
