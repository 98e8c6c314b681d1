// Following replies without an identity: taking a follow token with the removal key, the page and
// feed of an address (replies, a held comment's fate, reports' and requests' outcomes), stopping,
// and what is kept: only the token's hash, and nothing of the writer's name or text on either.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fateText, followText } from '../../../site/lib/comment-labels.ts';
import { decideComment, decideRemovalRequest, decideReports, eraseExpiredText } from '../../../moderation/decisions.ts';
import { boardRequests, form, json, useCommentBoard } from '../../../tests/support/comment-board.ts';
import { databaseFiles, foundIn } from '../../../tests/support/file-bytes.ts';

let now = Date.UTC(2026, 10, 26, 10);
const board = useCommentBoard('follow', () => now);
const { postComment, thread } = boardRequests(board);
const moderator = { id: null, name: 'Mo Derator' };
const later = () => (now += 60_000);

interface Follow {
  token: string;
  page: string;
  feed: string;
}

const takeFollow = (id: number, removalKey: string) => board.app.request(`/api/comments/${id}/follow`, json({ removalKey }));

/** A comment, and the follow its writer takes of it. */
async function written(postId: string, body: Record<string, unknown>): Promise<{ id: number; removalKey: string; follow: Follow }> {
  const { data } = await postComment(postId, body);
  const id = data['comment'].id as number;
  const res = await takeFollow(id, data['removalKey'] as string);
  expect(res.status).toBe(201);
  return { id, removalKey: data['removalKey'] as string, follow: ((await res.json()) as { follow: Follow }).follow };
}

const followRow = async (id: number) => (await board.database.db.execute({ sql: 'SELECT follow_hash, updated_at FROM comments WHERE id = ?', args: [id] })).rows[0]!;
const page = async (path: string) => {
  const res = await board.app.request(path);
  return { res, html: await res.text() };
};
const numberOf = async (postId: string, id: number) => (await thread(postId)).comments.find((c) => c.id === id)!.number as string;

describe('taking a follow token', () => {
  it('needs the comment’s removal key: a wrong key is refused as removal refuses it, and changes nothing', async () => {
    const { data } = await postComment('open-post', { body: 'Keyed' });
    const id = data['comment'].id as number;
    const before = await followRow(id);
    const wrong = await takeFollow(id, 'x'.repeat(32));
    const wrongRemoval = await board.app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: 'x'.repeat(32) }) });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual(await wrongRemoval.json());
    expect(await followRow(id)).toEqual(before);
    expect(before['follow_hash']).toBeNull();
    expect((await takeFollow(999_999, data['removalKey'] as string)).status).toBe(404);
    expect((await board.app.request(`/api/comments/${id}/follow`, json({ removalKey: data['removalKey'], name: 'x' }))).status).toBe(422);
    expect(await followRow(id)).toEqual(before);

    const right = await takeFollow(id, data['removalKey'] as string);
    expect(right.status).toBe(201);
    expect(right.headers.get('Cache-Control')).toBe('no-store');
    const { follow } = (await right.json()) as { follow: Follow };
    expect(follow).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), page: `/follow/c.${follow.token}`, feed: `/api/follow/c.${follow.token}.atom` });
    expect(follow.token).not.toBe(data['removalKey']);
    // No time is written: two comments followed at once would be tied together by it.
    expect((await followRow(id))['updated_at']).toBe(before['updated_at']);

    // Taking it again replaces it: the old address leads nowhere.
    const again = ((await (await takeFollow(id, data['removalKey'] as string)).json()) as { follow: Follow }).follow;
    expect((await board.app.request(follow.page)).status).toBe(404);
    expect((await board.app.request(again.page)).status).toBe(200);
  });

  it('keeps only the token’s hash: the token is nowhere in the database’s files', async () => {
    const { id, follow } = await written('open-post', { body: 'Hashed' });
    await board.database.writes.idle();
    expect((await followRow(id))['follow_hash']).toBe(createHash('sha256').update(follow.token).digest('hex'));
    expect(foundIn(databaseFiles(board.database.path), [follow.token])).toEqual([]);
  });
});

describe('the page and the feed of a follow address', () => {
  it('list the replies to the comment, newest first, and nothing of its writer’s name or text', async () => {
    const mine = await written('open-post', { body: 'Confidential musings on marmosets', name: 'Zebediah Quillfeather' });
    const other = (await postComment('open-post', { body: 'Someone else' })).data['comment'].id as number;
    later();
    const first = (await postComment('open-post', { body: 'An answer about otters', name: 'Olive', parentId: mine.id })).data['comment'].id as number;
    later();
    const second = (await postComment('open-post', { body: 'A later answer about herons', parentId: mine.id })).data['comment'].id as number;
    await postComment('open-post', { body: 'Not an answer to yours: pelicans', parentId: other });
    await postComment('open-post', { body: 'An answer to the answer: ibises', parentId: first });
    const number = await numberOf('open-post', mine.id);
    later();
    const third = (await postComment('open-post', { body: `Pointing back at #${number}: grebes`, parentId: mine.id })).data['comment'].id as number;

    const { res, html } = await page(mine.follow.page);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('X-Robots-Tag')).toBe('noindex');
    expect(html).toContain(`<a href="http://127.0.0.1:4321/2026/11/open-post/#c${mine.id}">open-post</a>`);
    expect(html).toContain(`Replies to your comment ${number}: 3`);
    // A reference to a comment leads into the thread, not into this page.
    expect(html).toContain(`<a href="http://127.0.0.1:4321/2026/11/open-post/#c${mine.id}">#${number}</a>: grebes`);
    expect(html.indexOf('grebes')).toBeLessThan(html.indexOf('herons'));
    expect(html).toContain(`href="http://127.0.0.1:4321/2026/11/open-post/#c${first}"`);
    expect(html).toContain('<span class="comment-author">Olive</span>');
    expect(html.indexOf('herons')).toBeGreaterThan(-1);
    expect(html.indexOf('herons')).toBeLessThan(html.indexOf('otters'));
    expect(html).not.toContain('pelicans');
    expect(html).not.toContain('ibises');

    const feed = await board.app.request(mine.follow.feed);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    expect(feed.headers.get('Cache-Control')).toBe('no-store');
    expect(feed.headers.get('X-Robots-Tag')).toBe('noindex');
    const xml = await feed.text();
    expect(xml.match(/<entry>/g)).toHaveLength(3);
    expect(xml).toContain(`<id>http://127.0.0.1:4321/2026/11/open-post/#c${third}</id>`);
    expect(xml).toContain(`href=&quot;http://127.0.0.1:4321/2026/11/open-post/#c${mine.id}&quot;`);
    expect(xml).toContain(`<title>A reply to your comment ${number} on “open-post”</title>`);
    expect(xml).toContain(`<id>http://127.0.0.1:4321/2026/11/open-post/#c${second}</id>`);
    expect(xml.indexOf('herons')).toBeLessThan(xml.indexOf('otters'));
    expect(xml).not.toContain('pelicans');

    for (const text of [html, xml]) {
      expect(text).not.toContain('Zebediah');
      expect(text).not.toContain('Quillfeather');
      expect(text).not.toContain('marmosets');
      expect(text).not.toContain(mine.removalKey);
    }
  });

  it('show a held comment’s fate: waiting, then published or not, and never its text', async () => {
    const approved = await written('moderated-post', { body: 'Held words about capybaras', name: 'Wilhelmina Strand' });
    const rejected = await written('moderated-post', { body: 'Held words about tapirs' });
    const waiting = await page(approved.follow.page);
    expect(waiting.res.status).toBe(200);
    expect(waiting.html).toContain(fateText.pending);
    expect((await (await board.app.request(approved.follow.feed)).text()).match(/<entry>/g)).toBeNull();

    later();
    await decideComment(board.database.db, board.database.writes, { id: approved.id, action: 'approve', actor: moderator, now });
    await decideComment(board.database.db, board.database.writes, { id: rejected.id, action: 'reject', actor: moderator, now });
    const number = await numberOf('moderated-post', approved.id);
    const published = await page(approved.follow.page);
    expect(published.html).toContain(fateText.approved);
    expect(published.html).toContain(`Replies to your comment ${number}: 0`);
    const feed = await (await board.app.request(approved.follow.feed)).text();
    expect(feed).toContain(`<title>Your comment on “moderated-post”: ${fateText.approved}</title>`);
    expect(feed).toContain(`<updated>${new Date(now).toISOString().replace('.000Z', 'Z')}</updated>`);
    const notPublished = await page(rejected.follow.page);
    expect(notPublished.html).toContain(fateText.rejected);
    expect(await (await board.app.request(rejected.follow.feed)).text()).toContain(fateText.rejected);

    for (const text of [waiting.html, published.html, feed, notPublished.html]) {
      expect(text).not.toMatch(/capybaras|tapirs|Wilhelmina/);
    }
  });

  it('show the outcomes of reports and removal requests by their reference, beside followed comments', async () => {
    const mine = await written('other-post', { body: 'Mine, on the other post' });
    const target = (await postComment('other-post', { body: 'Reportable' })).data['comment'].id as number;
    const asked = (await postComment('other-post', { body: 'Asked to go' })).data['comment'].id as number;
    const report = ((await (await board.app.request(`/api/comments/${target}/reports`, json({ reason: 'spam' }))).json()) as { report: { id: string } }).report.id;
    const request = ((await (await board.app.request(`/api/comments/${asked}/removal-requests`, json({ note: 'It is mine.' }))).json()) as { removalRequest: { id: string } }).removalRequest.id;
    const address = `/follow/c.${mine.follow.token}~r.${report}~q.${request}`;

    const open = await page(address);
    expect(open.res.status).toBe(200);
    expect(open.html).toContain(`Report <code>${report}</code>: <strong>Waiting for a moderator</strong>`);
    expect(open.html).toContain(`Removal request <code>${request}</code>: <strong>Waiting for a moderator</strong>`);
    expect(open.html).toContain('Replies to your comment');

    later();
    await decideReports(board.database.db, board.database.writes, { reportId: report, decision: 'dismiss', actor: moderator, now });
    await decideRemovalRequest(board.database.db, board.database.writes, { requestId: request, decision: 'decline', actor: moderator, now });
    const decided = await page(address);
    expect(decided.html).toContain(`Report <code>${report}</code>: <strong>Dismissed</strong>`);
    expect(decided.html).toContain(`Removal request <code>${request}</code>: <strong>Declined</strong>`);
    const feed = await (await board.app.request(`/api${address}.atom`)).text();
    expect(feed).toContain(`<title>Report ${report}: Dismissed</title>`);
    expect(feed).toContain(`<title>Removal request ${request}: Declined</title>`);
    // A reference alone is an address too.
    expect((await board.app.request(`/follow/r.${report}`)).status).toBe(200);
  });

  it('add a reference, or another address, from the page’s form; an unknown reference is refused on the page', async () => {
    const mine = await written('other-post', { body: 'Adding to it' });
    const more = await written('other-post', { body: 'Another of mine' });
    const target = (await postComment('other-post', { body: 'To report' })).data['comment'].id as number;
    const report = ((await (await board.app.request(`/api/comments/${target}/reports`, json({ reason: 'abuse' }))).json()) as { report: { id: string } }).report.id;
    const { html } = await page(mine.follow.page);
    expect(html).toContain(`<form method="get" action="/follow/c.${mine.follow.token}">`);

    const added = await board.app.request(`${mine.follow.page}?add=${report}`);
    expect(added.status).toBe(303);
    expect(added.headers.get('Location')).toBe(`/follow/c.${mine.follow.token}~r.${report}`);
    const joined = await board.app.request(`${mine.follow.page}?add=${encodeURIComponent(`http://127.0.0.1:4321${more.follow.page}`)}`);
    expect(joined.headers.get('Location')).toBe(`/follow/c.${mine.follow.token}~c.${more.follow.token}`);

    const unknown = await page(`${mine.follow.page}?add=NoSuchReference1`);
    expect(unknown.res.status).toBe(422);
    expect(unknown.html).toContain('There is no report or request with this reference');
  });
});

describe('stopping', () => {
  it('ends an address: its page and feed answer 404 after, exactly as for an address that never was', async () => {
    const one = await written('open-post', { body: 'First of two' });
    const two = await written('open-post', { body: 'Second of two' });
    const both = `/follow/c.${one.follow.token}~c.${two.follow.token}`;
    expect((await page(both)).html).toContain(`<input type="hidden" name="keep" value="c.${two.follow.token}">`);

    const stop = await board.app.request('/api/follow/revoke', form({ address: `c.${one.follow.token}`, keep: `c.${two.follow.token}` }));
    expect(stop.status).toBe(303);
    expect(stop.headers.get('Location')).toBe(two.follow.page);
    expect((await followRow(one.id))['follow_hash']).toBeNull();

    const stopped = await page(one.follow.page);
    const never = await page(`/follow/c.${'N'.repeat(32)}`);
    expect(stopped.res.status).toBe(404);
    expect(stopped.html).toContain(followText.notFound);
    expect(never.res.status).toBe(404);
    expect(stopped.html).toBe(never.html);
    const stoppedFeed = await board.app.request(one.follow.feed);
    const neverFeed = await board.app.request(`/api/follow/c.${'N'.repeat(32)}.atom`);
    expect(stoppedFeed.status).toBe(404);
    expect(await stoppedFeed.json()).toEqual(await neverFeed.json());

    // The rest of the address still leads to the other comment, with a word on the part that does not.
    const rest = await page(both);
    expect(rest.res.status).toBe(200);
    expect(rest.html).toContain(followText.someMissing);

    const json_ = (address: string) => board.app.request('/api/follow/revoke', json({ address }));
    expect(await (await json_(`c.${two.follow.token}`)).json()).toEqual({ stopped: 1 });
    expect(await (await json_(`c.${two.follow.token}`)).json()).toEqual({ stopped: 0 });
    expect((await board.app.request(two.follow.feed)).status).toBe(404);
    expect((await json_('not an address')).status).toBe(400);
  });

  it('comes with the comment’s erasure: removal by its author, a granted request, the retention window', async () => {
    const removed = await written('open-post', { body: 'Removed by me' });
    await board.app.request(`/api/comments/${removed.id}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ removalKey: removed.removalKey }) });
    expect((await board.app.request(removed.follow.page)).status).toBe(404);
    expect((await takeFollow(removed.id, removed.removalKey)).status).toBe(409);

    const granted = await written('open-post', { body: 'Granted away' });
    const request = ((await (await board.app.request(`/api/comments/${granted.id}/removal-requests`, json({ note: 'Mine.' }))).json()) as { removalRequest: { id: string } }).removalRequest.id;
    await decideRemovalRequest(board.database.db, board.database.writes, { requestId: request, decision: 'grant', actor: moderator, now });
    expect((await followRow(granted.id))['follow_hash']).toBeNull();

    const expired = await written('moderated-post', { body: 'Rejected, then erased' });
    await decideComment(board.database.db, board.database.writes, { id: expired.id, action: 'reject', actor: moderator, now });
    expect((await board.app.request(expired.follow.page)).status).toBe(200);
    await eraseExpiredText(board.database.writes, now + 91 * 86_400_000, 90);
    expect((await followRow(expired.id))['follow_hash']).toBeNull();
    expect((await board.app.request(expired.follow.page)).status).toBe(404);
  });
});

describe('addresses that are not', () => {
  const tooMany = Array.from({ length: 21 }, (_, i) => `r.ref${i}`).join('~');
  it.each([
    ['over the cap', tooMany],
    ['of an unknown kind', 'x.abc'],
    ['with an empty item', 'c.abc~~c.def'],
  ])('%s: the page and the feed answer 400', async (_, address) => {
    const { res, html } = await page(`/follow/${address}`);
    expect(res.status).toBe(400);
    expect(html).toMatch(/at most 20|not a follow address/);
    const feed = await board.app.request(`/api/follow/${address}.atom`);
    expect(feed.status).toBe(400);
    expect(await feed.json()).toMatchObject({ error: { code: 'invalid_follow_address' } });
  });

  it('at the cap, of unknown items, is a 404', async () => {
    expect((await board.app.request(`/follow/${Array.from({ length: 20 }, (_, i) => `r.ref${i}`).join('~')}`)).status).toBe(404);
  });
});

describe('without JavaScript', () => {
  it('offers to follow beside the new comment’s key, and answers with the private address, once', async () => {
    const res = await board.app.request('/api/posts/open-post/comments', form({ body: 'Written from the page', name: 'Pagewright Unseen' }));
    expect(res.status).toBe(201);
    const html = await res.text();
    const id = Number(/data-key-for="(\d+)"/.exec(html)![1]);
    const key = /<code class="removal-key">([^<]+)<\/code>/.exec(html)![1]!;
    expect(html).toContain(`<form class="follow-form" method="post" action="/api/comments/${id}/follow"><input type="hidden" name="removalKey" value="${key}">`);

    const wrong = await board.app.request(`/api/comments/${id}/follow`, form({ removalKey: 'y'.repeat(32) }));
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('This removal key does not belong to this comment.');
    expect((await followRow(id))['follow_hash']).toBeNull();

    const taken = await board.app.request(`/api/comments/${id}/follow`, form({ removalKey: key }));
    expect(taken.status).toBe(201);
    expect(taken.headers.get('Cache-Control')).toBe('no-store');
    const answer = await taken.text();
    expect(answer).toContain(followText.keepPrivate);
    expect(answer).toContain(followText.stopAnyTime);
    const address = /http:\/\/127\.0\.0\.1:4321(\/follow\/c\.[A-Za-z0-9_-]+)/.exec(answer)![1]!;
    expect(answer).toContain(`http://127.0.0.1:4321/api${address}.atom`);
    const followed = await page(address);
    expect(followed.res.status).toBe(200);
    expect(followed.html).not.toMatch(/Pagewright|Written from the page/);
  });
});
