// Removal by the author with the key, and removal requests from an author who lost it.
import { beforeAll, describe, expect, it } from 'vitest';
import { boardRequests, form, json, useCommentBoard } from '../../../tests/support/comment-board.ts';

const clock = Date.UTC(2026, 10, 26, 10);
const board = useCommentBoard('removals', () => clock);
const { postComment: post_, thread, rowCount } = boardRequests(board);

// The comments the no-JS pages choose from: one on each thread the tests visit.
let first = 0;
beforeAll(async () => {
  first = (await post_('open-post', { body: 'The first comment' })).data['comment'].id as number;
  await post_('other-post', { body: 'Another thread' });
});

describe('removal by the author', () => {
  it('a wrong key is a 403 and changes nothing; the right key erases the text for good', async () => {
    const { data } = await post_('open-post', { body: 'Regrettable words about quokkas', name: 'Sam' });
    const id = data['comment'].id as number;
    const reply = (await post_('open-post', { body: 'A reply', parentId: id })).data['comment'].id as number;
    const wrong = await board.app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: 'x'.repeat(32) }) });
    expect(wrong.status).toBe(403);
    expect(JSON.stringify(await thread('open-post'))).toContain('quokkas');

    const right = await board.app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: data['removalKey'] }) });
    expect(right.status).toBe(200);
    const t = await thread('open-post');
    const placeholder = t.comments.find((c) => c.id === id);
    expect(placeholder).toMatchObject({ status: 'removed_by_author', author: null, html: null });
    expect(t.comments.find((c) => c.id === reply)?.number).toBe(`${placeholder.number}.1`);
    expect(JSON.stringify(t)).not.toContain('quokkas');
    const row = (await board.database.db.execute({ sql: 'SELECT body_source, body_html, author_name FROM comments WHERE id = ?', args: [id] })).rows[0]!;
    expect([row[0], row[1], row[2]]).toEqual([null, null, null]);

    const again = await board.app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: data['removalKey'] }) });
    expect(again.status).toBe(409);
  });
});

describe('removal requests', () => {
  it('files a removal request for an author who lost the key', async () => {
    const id = (await post_('open-post', { body: 'Mine' })).data['comment'].id as number;
    const res = await board.app.request(`/api/comments/${id}/removal-requests`, json({ note: 'I wrote this on my work computer and lost the key.' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ removalRequest: { id: expect.any(String), status: 'open' } });
  });

  it('an author who lost the key asks the moderators from the page, and is given a reference', async () => {
    const before = await rowCount('removal_requests');
    const page = await (await board.app.request('/posts/other-post/comments')).text();
    expect(page).toContain('<form method="post" action="/api/comments/removal-requests"');
    const refused = await board.app.request('/api/comments/removal-requests', form({ commentId: String(first), note: '   ' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Say why the comment is yours and should go');
    expect(await rowCount('removal_requests')).toBe(before);

    const res = await board.app.request('/api/comments/removal-requests', form({ commentId: String(first), note: 'I wrote it on my old phone.' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    expect(location).toMatch(/^\/posts\/open-post\/comments\?sent=requested&ref=[A-Za-z0-9_-]+#remove-form$/);
    const ref = /ref=([^&#]+)/.exec(location)![1]!;
    const after = await (await board.app.request(location.replace(/#.*/, ''))).text();
    expect(after).toContain('Your request has been sent to the moderators.');
    expect(after).toContain(`Your request’s reference: <code>${ref}</code>. <a href="/reports/${ref}">Check its outcome</a>`);
    expect(await rowCount('removal_requests')).toBe(before + 1);
    expect((await board.app.request('/api/comments/removal-requests', form({ commentId: '999999', note: 'Mine.' }))).status).toBe(404);
  });
});
