// The queue pages as a volunteer reads them: the same key for the same kind of action on every
// queue (a: let it stand, first; r: take it down, second, asking first), links to the comment in
// its thread, a bulk reason that is kept, and an audit log that reads as sentences with links.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import { useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-pages', ['pages-post']);
const { form, jsonPost, comment, report, audit } = board;
let app: ReturnType<typeof createApp>;
let moderator: string;
let editor: string;
beforeAll(() => {
  ({ app, moderator, editor } = board);
});

const page = async (path: string) => (await app.request(path, { headers: { Cookie: moderator } })).text();

/** Each item's buttons on a page: [key, label, asks first?] in their order. */
function buttonsOf(html: string): [string, string, boolean][][] {
  return [...html.matchAll(/<div class="mod-actions">([^]*?)<\/div>/g)].map(([, actions]) =>
    [...actions!.matchAll(/<button type="submit"([^>]*)>([^<]*)<\/button>/g)].map(([, attributes, label]) => [/data-key="(\w)"/.exec(attributes!)?.[1] ?? '', label!, /data-confirm=/.test(attributes!)]),
  );
}

describe('the queues', () => {
  it('give every queue the same keys, in the same order: a lets it stand, r takes it down and asks first', async () => {
    const shown = await comment('pages-post', 'A comment someone reports.');
    await report(shown.id, 'abuse', '198.51.100.7');
    const asked = await comment('pages-post', 'A comment its author wants gone.');
    const requested = await app.request(`/api/comments/${asked.id}/removal-requests`, jsonPost({ note: 'I wrote it on the night shift.' }));
    expect(requested.status).toBe(201);
    expect((await app.request('/moderation/settings', jsonPost({ holdMode: 'all' }, editor))).status).toBe(200);
    board.clock += 2000;
    await comment('pages-post', 'A held comment.');

    expect(buttonsOf(await page('/moderation/held'))[0]).toEqual([
      ['a', 'Approve', false],
      ['r', 'Reject', true],
      ['e', 'Edit', false],
    ]);
    expect(buttonsOf(await page('/moderation/reports'))[0]).toEqual([
      ['a', 'Dismiss', false],
      ['r', 'Uphold: remove the comment', true],
      ['e', 'Edit', false],
    ]);
    expect(buttonsOf(await page('/moderation/removal-requests'))[0]).toEqual([
      ['a', 'Decline', false],
      ['r', 'Grant: erase it', true],
    ]);
    // A reported comment stands in its thread: its link leads to it there.
    expect(await page('/moderation/reports')).toContain(`href="/2026/11/pages-post/#c${shown.id}"`);
  });

  it('keeps a reason typed for the selected comments', async () => {
    const held = await comment('pages-post', 'Held, then rejected with others.');
    const res = await app.request('/moderation/comments/bulk', form({ back: '/moderation/held', action: 'reject', ids: String(held.id), reason: 'Off topic for this post' }, moderator));
    expect(res.status).toBe(303);
    expect((await audit('comment.reject')).at(-1)).toMatchObject({ target_id: String(held.id), reason: 'Off topic for this post' });
  });

  it('shows the audit log as sentences, linked to the comment in its thread and the post', async () => {
    const html = await page('/moderation/audit');
    const rejected = (await audit('comment.reject')).at(-1)!;
    expect(html).toMatch(new RegExp(`<strong>Mo Derator</strong> rejected <a href="/2026/11/pages-post/#c${rejected['target_id']}">comment ${rejected['target_id']}</a> on <a href="/2026/11/pages-post/">Post pages-post</a>`));
    expect(html).toContain('<strong>Edith Editor</strong> changed the settings: holdMode');
    expect(html).not.toMatch(/<td>comment\.reject<\/td>/);
  });
});

describe('the writer hears the outcome', () => {
  it('shows the reason a moderator chose from the short list on the writer’s follow page, and never the moderators’ own note', async () => {
    const posted = await app.request('/api/posts/pages-post/comments', jsonPost({ body: 'Held, and followed by its writer.' }));
    const { comment: held, removalKey } = (await posted.json()) as { comment: { id: number; status: string }; removalKey: string };
    expect(held.status).toBe('pending');
    const follow = (await (await app.request(`/api/comments/${held.id}/follow`, jsonPost({ removalKey }))).json()) as { follow: { page: string } };

    const wrong = await app.request(`/moderation/comments/${held.id}/reject`, jsonPost({ publicReason: 'you are wrong', reason: 'x' }, moderator));
    expect(wrong.status).toBe(422);
    expect((await app.request(follow.follow.page)).status).toBe(200);

    const rejected = await app.request(`/moderation/comments/${held.id}/reject`, form({ back: '/moderation/held', reason: 'Internal note: the Tuesday regular again', publicReason: 'off_topic' }, moderator));
    expect(rejected.status).toBe(303);
    const page = await (await app.request(follow.follow.page)).text();
    expect(page).toContain('The moderators’ reason: It was off the topic of the post.');
    expect(page).not.toContain('Tuesday regular');
  });
});

describe('urgency', () => {
  it('shows how long reports of racism and abuse have waited against the response target, oldest first, and the oldest of each kind on the overview', async () => {
    // Every comment is held here by now (holdMode all, above): these two are shown, then reported.
    const older = await comment('pages-post', 'Reported for racism first.');
    const newer = await comment('pages-post', 'Reported for abuse later.');
    await board.db.execute({ sql: "UPDATE comments SET status = 'published' WHERE id IN (?, ?)", args: [older.id, newer.id] });
    await report(older.id, 'racism', '198.51.100.21');
    await report(newer.id, 'abuse', '198.51.100.22');
    // Reported 32 and 2 hours ago (a session would not last while the clock moved that far).
    for (const [id, hours] of [[older.id, 32], [newer.id, 2]] as const) await board.db.execute({ sql: 'UPDATE reports SET created_at = ? WHERE comment_id = ?', args: [board.clock - hours * 3_600_000, id] });
    const reports = await page('/moderation/reports');
    const order = [...reports.matchAll(/data-report-id="[^"]+" data-comment-id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order.indexOf(older.id)).toBeLessThan(order.indexOf(newer.id));
    expect(reports).toMatch(new RegExp(`data-comment-id="${older.id}"[^]*?<span class="mod-age mod-overdue">waiting 32 h \\(target 24 h, overdue\\)</span>`));
    expect(reports).toMatch(new RegExp(`data-comment-id="${newer.id}"[^]*?<span class="mod-age">waiting 2 h \\(target 24 h\\)</span>`));
    const overview = await page('/moderation');
    expect(overview).toContain('Oldest: <span class="mod-age mod-overdue">');
  });
});
