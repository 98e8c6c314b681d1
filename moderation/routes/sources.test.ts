// The same source today, without an identity: the queue shows which of its items share a source
// (by the day's tag alone), moderators hold or refuse that source until the day ends, and the
// tag is gone the next day. Through app.request() on a real libSQL file, as readers and moderators.
import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../server/app.ts';
import type { Database } from '../../api/db/database.ts';
import { heldSourceReason } from '../../api/comments/held-sources.ts';
import { forgetPastDays } from '../../api/privacy/day-end.ts';
import { sourceTagPattern } from '../../api/privacy/source-tag.ts';
import { expectPrivateAudit, moderatorPassword, useModerationBoard } from '../../tests/support/moderation-board.ts';

const board = useModerationBoard('moderation-sources', ['source-post']);
const { form, jsonPost, comment, report, audit } = board;
let app: ReturnType<typeof createApp>;
let db: Database;
let editor: string;
let moderator: string;
beforeAll(() => {
  ({ app, db, editor, moderator } = board);
});

const page = async (path: string) => (await app.request(path, { headers: { Cookie: moderator } })).text();
const json = async (path: string) => (await app.request(path, { headers: { Cookie: moderator, Accept: 'application/json' } })).json();
const tagOf = async (table: 'comments' | 'reports', id: number | string) => (await db.execute({ sql: `SELECT source_tag FROM ${table} WHERE id = ?`, args: [id] })).rows[0]!['source_tag'] as string | null;
const count = async (table: string) => Number((await db.execute(`SELECT count(*) FROM ${table}`)).rows[0]![0]);
/** A reader's comment as JSON, answered as it is. */
const send = (body: string, from: string) => app.request('/api/posts/source-post/comments', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify({ body }) });
const settings = async (changes: Record<string, unknown>) => {
  expect((await app.request('/moderation/settings', jsonPost(changes, editor))).status).toBe(200);
  board.clock += 2000; // the board reads its settings at most once a second
};
/** The moderators' action on a source, from the page. */
const act = (tag: string, action: 'hold' | 'refuse' | 'lift', back = `/moderation/held?source=${tag}`) => app.request(`/moderation/sources/${tag}/${action}`, form({ back }, moderator));
/** The ids of the items a queue page lists. */
const listed = (html: string) => [...html.matchAll(/<li class="mod-item[^"]*"(?: data-report-id="[^"]+")? data-comment-id="(\d+)"/g)].map((m) => Number(m[1]));

describe('what carries a tag', () => {
  it('a held comment, a flagged one and a report carry their source’s tag; a plainly published comment never does', async () => {
    const published = await comment('source-post', 'Published for everyone.', {}, '192.0.2.30');
    expect(published.status).toBe('published');
    expect(await tagOf('comments', published.id)).toBeNull();

    await settings({ flaggedWords: ['walrus'] });
    const flagged = await comment('source-post', 'A walrus, flagged for the moderators.', {}, '192.0.2.30');
    expect(flagged.status).toBe('published');
    const sent = await report(published.id, 'spam', '192.0.2.30');
    await settings({ holdMode: 'all', flaggedWords: [] });
    const held = await comment('source-post', 'Held by the settings.', {}, '192.0.2.30');
    expect(held.status).toBe('pending');

    const tag = await tagOf('comments', held.id);
    expect(tag).toMatch(sourceTagPattern);
    expect(await tagOf('comments', flagged.id)).toBe(tag);
    expect(await tagOf('reports', sent.id)).toBe(tag);
    // The same day, another source: another tag.
    const other = await comment('source-post', 'Held, from elsewhere.', {}, '192.0.2.31');
    expect(await tagOf('comments', other.id)).not.toBe(tag);
    await settings({ holdMode: 'none' });
  });
});

describe('the queue by source', () => {
  it('shows a tag only where two or more items share it, links to those items alone, and gives it in the JSON only then', async () => {
    await settings({ holdMode: 'all' });
    const first = await comment('source-post', 'First of two from one source.', {}, '203.0.113.60');
    const second = await comment('source-post', 'Second of two from one source.', {}, '203.0.113.60');
    const alone = await comment('source-post', 'Alone from its source.', {}, '203.0.113.61');
    await settings({ holdMode: 'none' });
    const shown = await comment('source-post', 'Reported by the first source.', {}, '203.0.113.62');
    await report(shown.id, 'spam', '203.0.113.60');
    const tag = (await tagOf('comments', first.id))!;

    const held = await page('/moderation/held');
    const item = (id: number) => new RegExp(`data-comment-id="${id}"[^]*?</li>`).exec(held)![0];
    expect(item(first.id)).toContain(`Same source as 2 other items today · <a class="mod-tag" href="/moderation/held?source=${tag}">${tag}</a>`);
    expect(item(second.id)).toContain(`href="/moderation/held?source=${tag}"`);
    expect(item(alone.id)).not.toContain('Same source');
    expect(held).not.toContain((await tagOf('comments', alone.id))!);
    const reports = await page('/moderation/reports');
    expect(reports).toContain(`A reporter: same source as 2 other items today · <a class="mod-tag" href="/moderation/reports?source=${tag}">${tag}</a>`);

    const narrowed = await page(`/moderation/held?source=${tag.toLowerCase()}`);
    expect(listed(narrowed)).toEqual([first.id, second.id]);
    // Selected, ready to reject together; and the source's other items a link away.
    expect(narrowed).toContain(`id="select-${first.id}" checked`);
    expect(narrowed).toContain('<input type="hidden" name="back" value="/moderation/held?source=' + tag + '">');
    expect(narrowed).toContain(`3 items in the queue came from source <strong class="mod-tag">${tag}</strong> today`);
    expect(narrowed).toContain(`action="/moderation/sources/${tag}/hold"`);
    expect(narrowed).toMatch(new RegExp(`action="/moderation/sources/${tag}/refuse"[^]*?class="mod-danger" data-confirm="Refuse every comment`));
    expect(listed(await page(`/moderation/reports?source=${tag}`))).toEqual([shown.id]);

    const list = (await json('/moderation/held')) as { held: { id: number; sourceTag: string | null }[] };
    expect(list.held.find((c) => c.id === first.id)?.sourceTag).toBe(tag);
    expect(list.held.find((c) => c.id === alone.id)?.sourceTag).toBeNull();
    const groups = (await json('/moderation/reports')) as { reports: { comment: { id: number }; sources: { writer: string | null; reporters: string[] } }[] };
    expect(groups.reports.find((g) => g.comment.id === shown.id)?.sources).toEqual({ writer: null, reporters: [tag] });

    // Rejected together from the narrowed list: back to it, and nothing from that source waits any more.
    const rejected = await app.request('/moderation/comments/bulk', form({ back: `/moderation/held?source=${tag}`, action: 'reject', ids: [String(first.id), String(second.id)] }, moderator));
    expect(rejected.headers.get('Location')).toMatch(new RegExp(`^/moderation/held\\?source=${tag}&done=bulk(&undo=\\d+){2}$`));
    expect(await tagOf('comments', first.id)).toBeNull();
    expect(listed(await page(`/moderation/held?source=${tag}`))).toEqual([]);
    expect(await page('/moderation/held')).not.toContain(`?source=${tag}`);
  });

  it('refuses a source the queue has not shown, a tag that cannot be one, and lifting what is not held', async () => {
    const unknown = await app.request('/moderation/sources/ZZZZZ/hold', jsonPost({}, moderator));
    expect(unknown.status).toBe(404);
    expect((await act('ZZZZZ', 'refuse')).headers.get('Location')).toBe('/moderation/held?source=ZZZZZ&error=not_found');
    expect((await app.request('/moderation/sources/ab%3Cc/hold', jsonPost({}, moderator))).status).toBe(404);
    expect((await app.request('/moderation/sources/ZZZZZ/lift', jsonPost({}, moderator))).status).toBe(409);
    expect((await app.request('/moderation/held?source=%3Cb%3E', { headers: { Cookie: moderator } })).status).toBe(422);
    expect((await app.request('/moderation/sources/ZZZZZ/hold', jsonPost({}))).status).toBe(401);
    expect(await count('held_sources')).toBe(0);
    expect(await audit('source.hold')).toEqual([]);
  });
});

/** Two reports from `from` on comments of its own: a source the queue shows. Its tag. */
async function reportedTwiceFrom(from: string): Promise<string> {
  const ids: string[] = [];
  for (const body of [`One reported from ${from}.`, `Another reported from ${from}.`]) ids.push((await report((await comment('source-post', body, {}, '198.51.100.200')).id, 'spam', from)).id);
  return (await tagOf('reports', ids[0]!))!;
}

describe('holding a source until the day ends', () => {
  it('holds its next comment with the reason and counts its reports for nothing; another source is unaffected; lifting ends it; all on record without the tag', async () => {
    const source = '2001:db8:7:1::5';
    const tag = await reportedTwiceFrom(source);
    const held = await act(tag, 'hold');
    expect(held.status).toBe(303);
    expect(held.headers.get('Location')).toBe(`/moderation/held?source=${tag}&done=source-hold`);

    // Anywhere in its /48.
    const next = await send('Written from a held source.', '2001:db8:7:ff::1');
    expect(next.status).toBe(202);
    const id = ((await next.json()) as { comment: { id: number } }).comment.id;
    expect((await db.execute({ sql: 'SELECT held_reason FROM comments WHERE id = ?', args: [id] })).rows[0]!['held_reason']).toBe(heldSourceReason);
    expect(await tagOf('comments', id)).toBe(tag);
    const narrowed = await page(`/moderation/held?source=${tag}`);
    expect(narrowed).toContain(`<span class="mod-why">${heldSourceReason}</span>`);
    expect(narrowed).toContain('<strong>Held:</strong> its new comments wait for a moderator');
    expect(narrowed).toContain(`action="/moderation/sources/${tag}/lift"`);
    expect((await send('Written from elsewhere.', '2001:db8:8::5')).status).toBe(201);

    const target = await comment('source-post', 'Reported by a held source and another.', {}, '198.51.100.201');
    const fromHeld = await report(target.id, 'abuse', source);
    const fromOther = await report(target.id, 'abuse', '198.51.100.202');
    const counted = async (reportId: string) => (await db.execute({ sql: 'SELECT counted FROM reports WHERE id = ?', args: [reportId] })).rows[0]!['counted'];
    expect(await counted(fromHeld.id)).toBe(0);
    expect(await counted(fromOther.id)).toBe(1);
    expect(await tagOf('reports', fromHeld.id)).toBe(tag);

    const overview = await page('/moderation');
    expect(overview).toContain('Sources held or refused until the day ends: 1');
    expect(overview).toContain(`<a class="mod-tag" href="/moderation/held?source=${tag}">${tag}</a>: new comments held until`);

    expect((await act(tag, 'lift', '/moderation')).headers.get('Location')).toBe('/moderation?done=source-lift');
    expect((await send('Written after the hold was lifted.', source)).status).toBe(201);
    expect(await page('/moderation')).not.toContain('Sources held or refused');

    const [hold] = await audit('source.hold');
    const [lift] = await audit('source.lift');
    expect(hold).toMatchObject({ account_name: 'Mo Derator', target_type: 'source', detail: JSON.stringify({ items: 2 }) });
    expect(lift).toMatchObject({ target_type: 'source', target_id: hold!['target_id'], detail: JSON.stringify({ items: 4, was: 'hold' }) });
    const records = JSON.stringify(await audit('source.hold')) + JSON.stringify(await audit('source.lift'));
    expect(records).not.toContain(tag);
    await expectPrivateAudit(db);
    const log = await page('/moderation/audit');
    expect(log).toContain('held every new comment from one source until the day ended (2 items in the queue had come from it)');
    expect(log).toContain('stopped holding one source (4 items in the queue had come from it)');
    expect(log).not.toContain(tag);
  });
});

describe('refusing a source until the day ends', () => {
  it('refuses its comments and reports with 403 source_paused, storing nothing, with or without JavaScript; staff, other sources and removal requests go on', async () => {
    const source = '203.0.113.77';
    const tag = await reportedTwiceFrom(source);
    const refused = await app.request(`/moderation/sources/${tag}/refuse`, jsonPost({}, moderator));
    expect(refused.status).toBe(200);
    expect(await refused.json()).toEqual({ ok: true, items: 2 });
    const target = await comment('source-post', 'Someone else’s comment.', {}, '198.51.100.203');
    const before = { comments: await count('comments'), reports: await count('reports') };

    const comment_ = await send('From a refused source.', source);
    expect(comment_.status).toBe(403);
    const { error } = (await comment_.json()) as { error: { code: string; message: string } };
    expect(error).toMatchObject({ code: 'source_paused' });
    expect(error.message).toContain('until the end of the day (midnight UTC). Nothing was stored.');
    const page_ = await app.request('/api/posts/source-post/comments', form({ body: 'From a refused source, without JavaScript.' }, undefined, { 'X-Forwarded-For': source }));
    expect(page_.status).toBe(403);
    const html = await page_.text();
    expect(html).toContain('The moderators have paused comments from your connection until the end of the day');
    expect(html).toContain('From a refused source, without JavaScript.'); // what they wrote, to keep
    const reported = await app.request(`/api/comments/${target.id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': source }, body: JSON.stringify({ reason: 'spam' }) });
    expect(reported.status).toBe(403);
    expect(((await reported.json()) as { error: { code: string } }).error.code).toBe('source_paused');
    const reportPage = await app.request(`/api/comments/${target.id}/reports`, form({ reason: 'spam' }, undefined, { 'X-Forwarded-For': source }));
    expect(reportPage.status).toBe(403);
    expect(await reportPage.text()).toContain('The moderators have paused reports from your connection');
    expect({ comments: await count('comments'), reports: await count('reports') }).toEqual(before);
    // An author's request to remove their own comment is never paused.
    const request = await app.request(`/api/comments/${target.id}/removal-requests`, jsonPost({ note: 'I wrote it, from the office.' }, undefined, { 'X-Forwarded-For': source }));
    expect(request.status).toBe(201);

    // A moderator writing as staff from the same address is never paused; nor is anyone else.
    const staff = await app.request('/api/posts/source-post/comments', jsonPost({ body: 'Staff, from the same office.' }, moderator, { 'X-Forwarded-For': source }));
    expect(staff.status).toBe(201);
    expect((await send('From another source.', '203.0.113.78')).status).toBe(201);

    expect(await page('/moderation')).toContain(`${tag}</a>: new comments and reports refused until`);
    expect((await audit('source.refuse')).at(-1)).toMatchObject({ target_type: 'source', detail: JSON.stringify({ items: 2 }) });
    expect(JSON.stringify(await audit('source.refuse'))).not.toContain(tag);
  });
});

describe('the next day', () => {
  it('the source tag is gone the next day: no tag in the rows, no hold, nothing to narrow the queue to', async () => {
    await settings({ holdMode: 'all' });
    const source = '192.0.2.90';
    const first = await comment('source-post', 'Held today, first.', {}, source);
    await comment('source-post', 'Held today, second.', {}, source);
    const tag = (await tagOf('comments', first.id))!;
    expect((await act(tag, 'refuse')).status).toBe(303);
    expect(await count('held_sources')).toBeGreaterThan(0);

    board.clock = Date.UTC(2026, 10, 27, 0, 5);
    await forgetPastDays(board.temp.writes, board.clock);
    expect(Number((await db.execute('SELECT count(*) FROM comments WHERE source_tag IS NOT NULL')).rows[0]![0])).toBe(0);
    expect(Number((await db.execute('SELECT count(*) FROM reports WHERE source_tag IS NOT NULL')).rows[0]![0])).toBe(0);
    expect(await count('held_sources')).toBe(0);

    // Yesterday's refused source writes again (held by the settings, under a new tag).
    const today = await send('The next morning.', source);
    expect(today.status).toBe(202);
    const todays = await tagOf('comments', ((await today.json()) as { comment: { id: number } }).comment.id);
    expect(todays).toMatch(sourceTagPattern);
    expect(todays).not.toBe(tag);
    moderator = await board.login('mo derator', moderatorPassword);
    const narrowed = await page(`/moderation/held?source=${tag}`);
    expect(listed(narrowed)).toEqual([]);
    expect(narrowed).toContain(`Nothing in the queue came from source <strong class="mod-tag">${tag}</strong> today.`);
    expect(await page('/moderation/held')).not.toContain('Same source');
  });
});
