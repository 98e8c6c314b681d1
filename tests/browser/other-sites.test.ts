// Another website, in a real browser, tries to make its visitors comment and report on the board:
// a form-encoded `no-cors` fetch and a form it submits itself need no permission from us, and each
// visitor would count as a reader of their own. The board refuses them and changes nothing. And a
// reader on the blog's own page, with the limits on as in production, writes two comments from one
// page load: each form token makes one comment, and the page has the next one ready.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../api/db/database.ts';
import { saveSettings } from '../../api/settings.ts';
import { useBrowserSuite } from '../support/browser-suite.ts';
import { solvePow } from '../support/proof-of-work.ts';
import { freePort } from '../support/sqld.ts';

let db: Database;
let elsewhere: Server;
let elsewhereOrigin: string;

const suite = useBrowserSuite({
  // The browser check on: the blog's own page solves it; another site's visitors cannot post anyway.
  env: () => ({ POW: 'on' }),
  async beforeStart({ databaseUrl }) {
    db = await openDatabase({ url: databaseUrl });
    // The limits stay on; only the timing check is off, as a browser fills forms faster than a person.
    await saveSettings(db, { minFormSeconds: 0, commentsPerMinute: 10 });
  },
  pagePerTest: { allowClientErrors: true },
});

beforeAll(async () => {
  // Another website, on another loopback address: a bare page with no policy of its own.
  const port = await freePort();
  elsewhereOrigin = `http://127.0.0.3:${port}`;
  elsewhere = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Cute cats</title><h1>Cute cats</h1>'));
  await new Promise<void>((resolve) => elsewhere.listen(port, '127.0.0.3', resolve));
});

afterAll(async () => {
  db?.close();
  await new Promise((resolve) => elsewhere?.close(resolve));
});

const postId = 'losing-the-plot';
/** A fresh form token, as the other website's own server can fetch one for each visitor. */
const formToken = async () => (await fetch(`${suite.server.origin}/api/posts/${postId}/comments`)).headers.get('Form-Token')!;
/** A solved browser check, as a script that pays for it would send. */
const pow = async () => solvePow((await fetch(`${suite.server.origin}/api/posts/${postId}/comments`)).headers.get('Pow-Challenge')!);
const count = async (table: string) => Number((await db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!['n']);

async function threadText(): Promise<string> {
  return JSON.stringify(await (await fetch(`${suite.server.origin}/api/posts/${postId}/comments`)).json());
}

describe('another website', () => {
  it('cannot make its visitors comment or report, with a no-cors fetch or a form it submits', async () => {
    const seeded = await fetch(`${suite.server.origin}/api/posts/${postId}/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'A comment the other site wants hidden.', formToken: await formToken(), pow: await pow() }) });
    expect(seeded.status).toBe(201);
    const target = ((await seeded.json()) as { comment: { id: number } }).comment.id;
    const reportsBefore = await count('reports');
    const commentsBefore = await count('comments');

    const visitor = await suite.browser.newContext();
    const p = await visitor.newPage();
    const answered: string[] = [];
    p.on('response', (res) => void (res.request().method() === 'POST' && answered.push(`${res.status()} ${new URL(res.url()).pathname}`)));
    p.on('requestfailed', (req) => void answered.push(`failed ${req.failure()?.errorText} ${new URL(req.url()).pathname}`));
    await p.goto(`${elsewhereOrigin}/`);
    const sent = await p.evaluate(
      async ({ api, postId, target, tokens }) => {
        const post = (path: string, fields: Record<string, string>) =>
          fetch(`${api}${path}`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) }).then(
            (res) => res.type,
            (error: Error) => `failed: ${error.message}`,
          );
        return [
          await post(`/api/posts/${postId}/comments`, { body: 'Posted by the cat website.', formToken: tokens[0]! }),
          await post(`/api/comments/${target}/reports`, { reason: 'abuse', note: 'Sent by the cat website.' }),
          await post('/api/comments/removal-requests', { commentId: String(target), note: 'Asked by the cat website.' }),
        ];
      },
      { api: suite.server.origin, postId, target, tokens: [await formToken()] },
    );
    // The browser sent each one and had an answer, which it kept from the page (our resources are
    // same-origin only); the board must have refused them all the same.
    expect(sent).toEqual(Array(3).fill('failed: Failed to fetch'));
    const blocked = (path: string) => `failed net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin ${path}`;
    expect(answered).toEqual([blocked(`/api/posts/${postId}/comments`), blocked(`/api/comments/${target}/reports`), blocked('/api/comments/removal-requests')]);
    expect([await count('comments'), await count('reports'), await count('removal_requests')]).toEqual([commentsBefore, reportsBefore, 0]);

    // A form the page submits itself, as a hidden form on any page could.
    const answer = p.waitForResponse((res) => res.request().method() === 'POST');
    await p.evaluate(
      ({ api, target }) => {
        const form = Object.assign(document.createElement('form'), { method: 'post', action: `${api}/api/comments/${target}/reports` });
        form.append(Object.assign(document.createElement('input'), { name: 'reason', value: 'racism' }));
        document.body.append(form);
        form.submit();
      },
      { api: suite.server.origin, target },
    );
    expect((await answer).status()).toBe(403);
    await p.waitForURL(`${suite.server.origin}/api/comments/${target}/reports`);
    expect(JSON.parse(await p.locator('body').innerText())).toMatchObject({ error: { code: 'cross_site' } });
    await visitor.close();

    expect(await count('reports')).toBe(reportsBefore);
    expect(await count('comments')).toBe(commentsBefore);
    expect(await count('removal_requests')).toBe(0);
    expect(await threadText()).not.toContain('cat website');
  });
});

describe('the blog’s own page, with the limits on', () => {
  it('writes two comments from one page load, and reports one: each form token makes one comment', async () => {
    const checksUsed = async () => Number((await db.execute("SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'pow-used:%'")).rows[0]!['n']);
    const usedBefore = await checksUsed();
    await suite.page.goto(`${suite.server.origin}/2021/02/${postId}/`);
    const form = suite.page.locator('form[data-comment-form="new"]');
    for (const text of ['My first comment from this page.', 'And a second one, without reloading.']) {
      await form.locator('textarea[name="body"]').fill(text);
      await form.locator('button[type="submit"]').click();
      await suite.page.locator('.comment', { hasText: text }).waitFor();
      await expect(form.locator('[role="alert"]').isHidden()).resolves.toBe(true);
    }
    const second = suite.page.locator('.comment', { hasText: 'And a second one' });
    await second.getByRole('button', { name: 'Report' }).click();
    await second.getByRole('button', { name: 'Send report' }).click();
    await suite.page.getByText(/moderators will look at your report\. Its reference is [A-Za-z0-9_-]+\./).waitFor();
    expect(await threadText()).toContain('And a second one, without reloading.');
    // Each comment and the report paid for its own browser check, each used once.
    expect((await checksUsed()) - usedBefore).toBe(3);
  });
});
