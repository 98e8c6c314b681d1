// Reports: sending one (JSON and form), its status, the pages that find it by reference, and what is kept of the sender.
import { beforeAll, describe, expect, it } from 'vitest';
import { boardRequests, form, json, useCommentBoard } from '../../../tests/support/comment-board.ts';

const clock = Date.UTC(2026, 10, 26, 10);
const board = useCommentBoard('reports', () => clock);
const { postComment: post_, thread, rowCount } = boardRequests(board);

// A comment to report from the page.
let firstComment = 0;
beforeAll(async () => {
  firstComment = (await post_('open-post', { body: 'The first comment' })).data['comment'].id as number;
});

describe('reports', () => {
  const report = (id: number, from: string, reason = 'racism') =>
    board.app.request(`/api/comments/${id}/reports`, json({ reason, note: 'Please remove it' }, from));

  it('counts one source once (each report with its own reference), and hides the comment at the threshold (3)', async () => {
    const id = (await post_('open-post', { body: 'Something offensive about walruses' })).data['comment'].id as number;
    const first = await report(id, '198.51.100.1');
    expect(first.status).toBe(201);
    const { report: r } = (await first.json()) as { report: { id: string; status: string } };
    expect(r.status).toBe('open');
    const again = (await (await report(id, '198.51.100.1', 'abuse')).json()) as { report: { id: string } };
    expect(again.report.id).not.toBe(r.id);
    await report(id, '198.51.100.2');
    expect((await thread('open-post')).comments.find((c) => c.id === id)?.status).toBe('published');
    await report(id, '198.51.100.3');
    const hidden = (await thread('open-post')).comments.find((c) => c.id === id);
    expect(hidden).toMatchObject({ status: 'hidden', html: null, author: null });
    expect(JSON.stringify(await thread('open-post'))).not.toContain('walruses');

    const status = await board.app.request(`/api/reports/${r.id}`);
    expect(await status.json()).toEqual({ report: { id: r.id, status: 'open' } });
  });

  it.each([
    [{ reason: 'boring' }, 422],
    [{ reason: 'spam', note: 'n'.repeat(1001) }, 422],
    [{}, 422],
  ])('refuses %j', async (body, status) => {
    const id = (await post_('open-post', { body: 'Fine' })).data['comment'].id as number;
    const before = await rowCount('reports');
    expect((await board.app.request(`/api/comments/${id}/reports`, json(body))).status).toBe(status);
    expect(await rowCount('reports')).toBe(before);
  });

  it('an unknown report reference is a 404', async () => {
    expect((await board.app.request('/api/reports/nope')).status).toBe(404);
  });
});

describe('privacy', () => {
  it('stores no address anywhere and sets no cookie', async () => {
    const res = await board.app.request('/api/posts/open-post/comments', json({ body: 'Privacy check' }, '203.0.113.222'));
    const id = ((await res.clone().json()) as { comment: { id: number } }).comment.id;
    expect((await board.app.request(`/api/comments/${id}/reports`, json({ reason: 'spam', note: 'Reported' }, '198.51.100.9'))).status).toBe(201);
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const tables = await board.database.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    expect(tables.rows.length).toBeGreaterThan(5);
    for (const { name } of tables.rows) {
      const dump = JSON.stringify((await board.database.db.execute(`SELECT * FROM "${String(name)}"`)).rows);
      expect(dump, String(name)).not.toContain('203.0.113.222');
      expect(dump, String(name)).not.toMatch(/198\.51\.100/);
    }
  });
});

describe('report pages, without JavaScript', () => {
  it('finds a report by its reference, on a page: the form, a redirect, and a clear 404', async () => {
    const lookup = await board.app.request('/reports');
    expect(lookup.status).toBe(200);
    expect(await lookup.text()).toContain('<form method="get" action="/reports">');
    expect((await board.app.request('/reports/?ref=x')).headers.get('Location')).toBe('/reports?ref=x');
    const redirect = await board.app.request('/reports?ref=%20abc_DEF-1%20');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('Location')).toBe('/reports/abc_DEF-1');
    for (const ref of ['abc_DEF-1', encodeURIComponent('<script>x</script>')]) {
      const missing = await board.app.request(`/reports/${ref}`);
      expect(missing.status).toBe(404);
      const html = await missing.text();
      expect(html).toContain('There is no report or request with the reference');
      expect(html).not.toContain('<script>x');
    }
  });

  it('links a reporter without JavaScript to the outcome of their report', async () => {
    const res = await board.app.request(`/api/comments/${firstComment}/reports`, form({ reason: 'spam' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    const ref = /ref=([^&#]+)/.exec(location)![1]!;
    const page = await (await board.app.request(location.replace(/#.*/, ''))).text();
    expect(page).toContain(`<a href="/reports/${ref}">Check its outcome</a>`);
    expect(await (await board.app.request(`/reports/${ref}`)).text()).toContain('Waiting for a moderator');
  });

  it('reports through a form', async () => {
    const id = (await post_('other-post', { body: 'Report me' })).data['comment'].id as number;
    const page = await (await board.app.request(`/posts/other-post/comments?report=${id}`)).text();
    expect(page).toContain(`action="/api/comments/${id}/reports"`);
    const res = await board.app.request(`/api/comments/${id}/reports`, form({ reason: 'spam', note: '' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toMatch(/^\/posts\/other-post\/comments\?sent=reported&ref=/);
  });
});
