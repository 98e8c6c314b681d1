// "I'm on it" between two moderators' sessions: the other sees who has the item, must confirm to
// act on it, and the claim ends with the decision or by itself after its minutes.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import { claimMs } from '../claims.ts';
import { useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-claims', ['claims-post']);
const { form, jsonPost, comment } = board;
let app: ReturnType<typeof createApp>;
let mo: string;
let edith: string;
beforeAll(async () => {
  ({ app, moderator: mo, editor: edith } = board);
  expect((await app.request('/moderation/settings', jsonPost({ holdMode: 'all' }, edith))).status).toBe(200);
  board.clock += 2000;
});

const held = async (cookie: string) => (await app.request('/moderation/held', { headers: { Cookie: cookie } })).text();
const itemOf = (page: string, id: number) => new RegExp(`data-comment-id="${id}"[^]*?</li>`).exec(page)?.[0] ?? '';

describe('claims', () => {
  it('shows who is on an item, and asks the others to confirm before acting on it', async () => {
    const first = await comment('claims-post', 'The first held comment.');
    const claimed = await app.request('/moderation/claims', form({ item: `comment:${first.id}`, back: '/moderation/held' }, mo));
    expect(claimed.status).toBe(303);
    expect(itemOf(await held(mo), first.id)).toContain('You are on it, until');
    const seen = itemOf(await held(edith), first.id);
    expect(seen).toContain('<strong>Mo Derator</strong> is on it, until');
    expect(seen).toContain('data-confirm="Mo Derator is on this item. Act on it anyway?"');
    expect(seen).toContain('name="confirmClaim" value="1"');

    // Edith cannot claim it over Mo, nor act on it without confirming.
    const over = await app.request('/moderation/claims', jsonPost({ item: `comment:${first.id}` }, edith));
    expect(over.status).toBe(409);
    const refused = await app.request(`/moderation/comments/${first.id}/approve`, jsonPost({}, edith));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'claimed', message: 'Mo Derator is on this item: confirm to act on it anyway.' });
    expect(itemOf(await held(edith), first.id)).not.toBe('');

    // Confirmed, she may; the claim ends with the decision.
    expect((await app.request(`/moderation/comments/${first.id}/approve`, jsonPost({ confirmClaim: true }, edith))).status).toBe(200);
    const rows = (await board.db.execute({ sql: 'SELECT count(*) AS n FROM claims WHERE item = ?', args: [`comment:${first.id}`] })).rows[0]!;
    expect(Number(rows['n'])).toBe(0);
  });

  it('lets its holder act, let it go, and ends by itself', async () => {
    const second = await comment('claims-post', 'The second held comment.');
    const third = await comment('claims-post', 'The third held comment.');
    for (const id of [second.id, third.id]) expect((await app.request('/moderation/claims', jsonPost({ item: `comment:${id}` }, mo))).status).toBe(200);
    expect((await app.request(`/moderation/comments/${second.id}/reject`, jsonPost({}, mo))).status).toBe(200);
    // Let go: the others act freely.
    expect((await app.request('/moderation/claims/release', jsonPost({ item: `comment:${third.id}` }, mo))).status).toBe(200);
    expect(itemOf(await held(edith), third.id)).not.toContain('is on it');
    expect((await app.request('/moderation/claims', jsonPost({ item: `comment:${third.id}` }, mo))).status).toBe(200);
    board.clock += claimMs + 1000;
    expect(itemOf(await held(edith), third.id)).not.toContain('is on it');
    expect((await app.request(`/moderation/comments/${third.id}/approve`, jsonPost({}, edith))).status).toBe(200);
  });

  it('refuses an item that is not one', async () => {
    expect((await app.request('/moderation/claims', jsonPost({ item: 'post:1' }, mo))).status).toBe(422);
  });
});
