// A comment's preview before it is sent, and its author's change with the removal key in the first
// 15 minutes: the old text gone from the file, the comment marked edited, nothing else moved.
import { describe, expect, it } from 'vitest';
import { boardRequests, form, json, useCommentBoard } from '../../../tests/support/comment-board.ts';
import { editWindowMs, maxEdits } from '../revise.ts';

let clock = Date.UTC(2026, 11, 3, 9);
const board = useCommentBoard('revisions', () => clock);
const { postComment: post_, thread, rowCount } = boardRequests(board);

const edit = (id: number, body: Record<string, unknown>) => board.app.request(`/api/comments/${id}/edit`, json(body));

describe('preview', () => {
  it('renders what the comment would be, references and warnings included, and stores nothing', async () => {
    const first = (await post_('edit-post', { body: 'Something to refer to' })).data['comment'].id as number;
    const before = await rowCount('comments');
    const res = await board.app.request('/api/posts/edit-post/comments/preview', json({ body: '#1 is *right*, call 07911 123456' }));
    expect(res.status).toBe(200);
    const { preview } = (await res.json()) as { preview: { html: string; identifying: { kind: string }[] } };
    expect(preview.html).toBe(`<p><a href="#c${first}">#1</a> is <em>right</em>, call 07911 123456</p>\n`);
    expect(preview.identifying.map((d) => d.kind)).toEqual(['phone']);
    expect(await rowCount('comments')).toBe(before);
  });

  it('without JavaScript, shows the page again with the preview above the form and the text kept', async () => {
    const res = await board.app.request('/api/posts/edit-post/comments/preview', form({ body: 'A **bold** plan', name: 'Jo' }));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/<div class="comment-preview"[^]*<strong>bold<\/strong>/);
    expect(page).toContain('>A **bold** plan</textarea>');
    expect(page).toContain('value="Jo"');
    expect(page).toContain('formaction="/api/posts/edit-post/comments/preview"');
  });
});

describe('changing one’s own comment', () => {
  // That the old text leaves the file's bytes is held by tests/disk-anonymity.test.ts, on the server's own writer.
  it('changes the text with the key and marks it edited', async () => {
    clock += 60_000;
    const { data } = await post_('edit-post', { body: 'A first draft about marrows' });
    const id = data['comment'].id as number;
    clock += 5 * 60_000;
    const res = await edit(id, { removalKey: data['removalKey'], body: 'A second thought about courgettes' });
    expect(res.status).toBe(200);
    const { comment } = (await res.json()) as { comment: { html: string; edited?: true; status: string } };
    expect(comment).toMatchObject({ html: '<p>A second thought about courgettes</p>\n', edited: true, status: 'published' });
    const shown = (await thread('edit-post')).comments.find((c) => c.id === id);
    expect(shown).toMatchObject({ html: '<p>A second thought about courgettes</p>\n', edited: true });
    const row = (await board.database.db.execute({ sql: 'SELECT body_source FROM comments WHERE id = ?', args: [id] })).rows[0]!;
    expect(row['body_source']).toBe('A second thought about courgettes');
    const page = await (await board.app.request('/posts/edit-post/comments')).text();
    expect(page).toMatch(new RegExp(`id="c${id}"[^]*<span class="comment-edited">edited</span>`));
  });

  it('refuses a wrong key, a comment past its 15 minutes, and one removed, changing nothing', async () => {
    clock += 60_000;
    const { data } = await post_('edit-post', { body: 'Fixed in place' });
    const id = data['comment'].id as number;
    const wrong = await edit(id, { removalKey: 'not-the-key', body: 'Sneaky change' });
    expect(wrong.status).toBe(403);
    clock += editWindowMs + 60_000;
    const late = await edit(id, { removalKey: data['removalKey'], body: 'Too late' });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('edit_window_closed');
    const removed = (await post_('edit-post', { body: 'Soon gone' })).data;
    await board.app.request(`/api/comments/${removed['comment'].id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: removed['removalKey'] }) });
    const gone = await edit(removed['comment'].id, { removalKey: removed['removalKey'], body: 'Back again' });
    expect(gone.status).toBe(409);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('not_editable');
    const t = await thread('edit-post');
    expect(t.comments.find((c) => c.id === id)).toMatchObject({ html: '<p>Fixed in place</p>\n' });
    expect(t.comments.find((c) => c.id === id)?.edited).toBeUndefined();
  });

  it('never takes a shown comment out of the thread: a change a moderator would have to read is refused', async () => {
    clock += 60_000;
    const { data } = await post_('edit-post', { body: 'Links later' });
    const res = await edit(data['comment'].id, { removalKey: data['removalKey'], body: 'https://a.example https://b.example https://c.example' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('edit_needs_moderation');
    const warned = await edit(data['comment'].id, { removalKey: data['removalKey'], body: 'Ring me on 07911 123456' });
    expect(((await warned.json()) as { error: { code: string } }).error.code).toBe('identifying_detail');
    expect((await thread('edit-post')).comments.find((c) => c.id === data['comment'].id)).toMatchObject({ html: '<p>Links later</p>\n' });
  });

  it(`allows ${maxEdits} changes, no more`, async () => {
    clock += 60_000;
    const { data } = await post_('edit-post', { body: 'Version 0' });
    for (let n = 1; n <= maxEdits; n++) expect((await edit(data['comment'].id, { removalKey: data['removalKey'], body: `Version ${n}` })).status).toBe(200);
    const more = await edit(data['comment'].id, { removalKey: data['removalKey'], body: 'One too many' });
    expect(more.status).toBe(409);
    expect(((await more.json()) as { error: { message: string } }).error.message).toContain(`${maxEdits} times`);
  });

  it('without JavaScript: the key box offers the change, and the answer shows the new text with the key beside it', async () => {
    clock += 60_000;
    const posted = await board.app.request('/api/posts/edit-post/comments', form({ body: 'Typed without script' }));
    const page = await posted.text();
    const [, id, key] = /<div class="key-box" id="new-comment-key" data-key-for="(\d+)"[^]*?<code class="removal-key">([^<]+)<\/code>/.exec(page)!;
    expect(page).toContain(`action="/api/comments/${id}/edit"`);
    expect(page).toContain('>Typed without script</textarea>');
    const changed = await board.app.request(`/api/comments/${id}/edit`, form({ removalKey: key!, body: 'Changed without script' }));
    expect(changed.status).toBe(200);
    const answer = await changed.text();
    expect(answer).toContain('Your comment has been changed');
    expect(answer).toContain('<p>Changed without script</p>');
    expect(answer).toContain(`<code class="removal-key">${key}</code>`);
  });
});
