// Commenting in a real browser: comment, reply, numbering and permalinks, deleting one's own
// comment (its replies keep their place), reporting, and posting without JavaScript.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../support/browser-suite.ts';
import { watchProblems } from '../support/chromium.ts';

// LIMITS=off: the browser fills forms faster than the 3-second check allows a person to.
const suite = useBrowserSuite({ env: () => ({ LIMITS: 'off' }), pagePerTest: { allowClientErrors: true, acceptDialogs: true } });

const postUrl = () => `${suite.server.origin}/2021/02/losing-the-plot/`;

async function writeComment(text: string, form = suite.page.locator('form[data-comment-form="new"]')) {
  await form.locator('textarea[name="body"]').fill(text);
  await form.locator('button[type="submit"]').click();
}

describe('comments with JavaScript', () => {
  it('comments, replies, numbers them, and links each one', async () => {
    await suite.page.goto(postUrl());
    await suite.page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('The first comment, with *emphasis*.');
    await expect(suite.page.locator('.removal-key').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{32}$/);
    const first = suite.page.locator('.comment').first();
    await expect(first.locator('.comment-number').textContent()).resolves.toBe('1');
    await expect(first.locator('.comment-author').textContent()).resolves.toBe('Anonymous');
    await expect(first.locator('.comment-body em').textContent()).resolves.toBe('emphasis');
    // A compact time ("10:46" today, "3 Dec 10:46" this year), the full date when pointed at.
    await expect(first.locator('time').textContent()).resolves.toMatch(/^(?:\d{1,2} [A-Z][a-z]{2}(?: \d{4})? )?\d\d:\d\d$/);
    await expect(first.locator('time').getAttribute('title')).resolves.toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} \d\d:\d\d$/);
    const id = await first.getAttribute('data-comment-id');
    await expect(first.locator('.comment-permalink').getAttribute('href')).resolves.toBe(`#c${id}`);

    await first.getByRole('button', { name: 'Reply' }).click();
    const replyForm = suite.page.locator(`form[data-comment-form="${id}"]`);
    await replyForm.locator('input[name="name"]').fill('Jim');
    await writeComment('A reply to the first.', replyForm);
    await suite.page.locator('.comment-number', { hasText: '1.1' }).waitFor();
    const reply = suite.page.locator('li.depth-1 .comment');
    await expect(reply.locator('.comment-author').textContent()).resolves.toBe('Jim');
    await expect(suite.page.locator('#comments-heading').textContent()).resolves.toBe('2 comments');

    // The permalink lands on the comment.
    await suite.page.goto(`${postUrl()}#c${id}`);
    await suite.page.locator(`#c${id}`).waitFor();
  });

  it('deletes one’s own comment: a placeholder keeps the reply in its place', async () => {
    await suite.page.goto(postUrl());
    await suite.page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('Words I will regret about ocelots.');
    const mine = suite.page.locator('.comment', { hasText: 'ocelots' });
    await mine.waitFor();
    const number = await mine.locator('.comment-number').textContent();
    await mine.getByRole('button', { name: 'Reply' }).click();
    await writeComment('Replying before it goes.', mine.locator('form'));
    await suite.page.locator('.comment-number', { hasText: `${number}.1` }).waitFor();

    await suite.page.locator('.comment', { hasText: 'ocelots' }).getByRole('button', { name: 'Delete' }).click();
    await suite.page.getByText('Your comment has been removed.').waitFor();
    const placeholder = suite.page.locator('.comment-placeholder');
    await expect(placeholder.locator('.comment-removed').textContent()).resolves.toBe('This comment has been removed by the author.');
    await expect(placeholder.locator('.comment-number').textContent()).resolves.toBe(number);
    await expect(suite.page.locator('.comment', { hasText: 'Replying before it goes.' }).locator('.comment-number').textContent()).resolves.toBe(`${number}.1`);
    await expect(suite.page.content()).resolves.not.toContain('ocelots');
  });

  it('removes one’s own comment from another device with its key, or asks the moderators when the key is lost', async () => {
    await suite.page.goto(postUrl());
    await suite.page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('Written on my laptop about marrows.');
    const key = (await suite.page.locator('.removal-key').textContent())!;

    // Another device: no key in its storage.
    const phone = await suite.browser.newContext();
    const other = await phone.newPage();
    const otherProblems = watchProblems(other, suite.server.origin, { allowClientErrors: true });
    await other.goto(postUrl());
    const mine = other.locator('.comment', { hasText: 'marrows' });
    await expect(mine.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
    await mine.getByRole('button', { name: 'Remove mine' }).click();
    await mine.locator('input[name="removalKey"]').fill('x'.repeat(32));
    await mine.getByRole('button', { name: 'Remove it' }).click();
    await mine.locator('[role="alert"]', { hasText: 'does not belong to this comment' }).waitFor();
    await mine.locator('input[name="removalKey"]').fill(key);
    await mine.getByRole('button', { name: 'Remove it' }).click();
    await other.getByText('Your comment has been removed.').waitFor();
    // The thread reloads after the notice: then the text is gone from the page.
    await other.locator('.comment', { hasText: 'marrows' }).waitFor({ state: 'detached' });
    await expect(other.content()).resolves.not.toContain('marrows');

    const first = other.locator('.comment', { hasText: 'The first comment' });
    await first.getByRole('button', { name: 'Remove mine' }).click();
    await first.locator('textarea[name="note"]').fill('I wrote it from the library computer and lost the key.');
    await first.getByRole('button', { name: 'Ask the moderators' }).click();
    await other.getByText(/Your request has been sent to the moderators\. Its reference is [A-Za-z0-9_-]+\./).waitFor();
    await other.getByRole('link', { name: 'Check its outcome' }).click();
    await other.getByText('Waiting for a moderator').waitFor();
    await phone.close();
    expect(otherProblems).toEqual([]);
  });

  it('reports a comment and gets a reference', async () => {
    await suite.page.goto(postUrl());
    const target = suite.page.locator('.comment', { hasText: 'The first comment' });
    await target.getByRole('button', { name: 'Report' }).click();
    await target.locator('select[name="reason"]').selectOption('racism');
    await target.getByRole('button', { name: 'Send report' }).click();
    await suite.page.getByText(/moderators will look at your report\. Its reference is [A-Za-z0-9_-]+\./).waitFor();
    await suite.page.getByRole('link', { name: 'Check its outcome' }).click();
    await suite.page.waitForURL(/\/reports\/[A-Za-z0-9_-]+$/);
    await suite.page.getByText('Waiting for a moderator').waitFor();
  });

  it('shows a refusal clearly and keeps the text', async () => {
    await suite.page.goto(postUrl());
    const form = suite.page.locator('form[data-comment-form="new"]');
    await form.locator('input[name="name"]').fill('Moderator');
    await writeComment('Pretending to be staff.');
    await form.locator('[role="alert"]', { hasText: 'kept for the blog’s staff' }).waitFor();
    await expect(form.locator('textarea').inputValue()).resolves.toBe('Pretending to be staff.');
  });
});

describe('comments without JavaScript', () => {
  it('reads the thread, posts a comment as a plain form and is shown the removal key', async () => {
    const noScript = await suite.browser.newContext({ javaScriptEnabled: false });
    const p = await noScript.newPage();
    await p.goto(postUrl());
    await p.getByRole('link', { name: /Read the comments and write one/ }).click();
    await p.waitForURL(`${suite.server.origin}/posts/losing-the-plot/comments`);
    await expect(p.locator('h1').textContent()).resolves.toBe('Comments on “Losing the Plot”');
    await p.locator('#comment-body').fill('Posted with a plain form.');
    await p.getByRole('button', { name: 'Publish' }).click();
    await p.getByText('Your comment is published.').waitFor();
    await expect(p.locator('.removal-key').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{32}$/);
    await expect(p.locator('.comment', { hasText: 'Posted with a plain form.' }).count()).resolves.toBe(1);
    await noScript.close();
  });
});

// Someone who later uses the same browser (a work PC, a library computer) must not learn which
// comments were written from it, unless the writer chose to keep their keys there.
describe('on a shared computer', () => {
  const guestPiece = () => `${suite.server.origin}/2020/06/a-guest-piece/`;
  const heldPost = () => `${suite.server.origin}/2021/03/held-for-review/`;
  /** What the browser keeps for this site, besides its history. */
  const leftBehind = async (p: Page) => ({
    storage: await p.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })),
    cookies: await p.context().cookies(),
  });
  const nothingLeft = { storage: { local: {}, session: {}, cookie: '' }, cookies: [] };
  /** The thread as the page shows it, once the comment with `text` is in it. */
  const threadHtml = async (p: Page, text: string) => {
    await p.locator('.comment', { hasText: text }).waitFor();
    return p.locator('#comments').innerHTML();
  };

  it('without “keep”, leaves nothing in the browser: after a reload the comment shows as everyone else sees it', async () => {
    await suite.page.goto(postUrl());
    const form = suite.page.locator('form[data-comment-form="new"]');
    const keep = form.getByLabel('Keep the key on this device');
    await expect(keep.isChecked()).resolves.toBe(false);
    await form.getByText('Then anyone who uses this browser can see which comments are yours, and remove them.').waitFor();
    await writeComment('Written at a shared desk about otters.');
    await expect(suite.page.locator('.key-box .removal-key').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(suite.page.url()).toBe(postUrl());
    expect(await leftBehind(suite.page)).toEqual(nothingLeft);

    await suite.page.reload();
    const mine = await threadHtml(suite.page, 'otters');
    expect(await leftBehind(suite.page)).toEqual(nothingLeft);
    await expect(suite.page.locator('.comment', { hasText: 'otters' }).getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
    await expect(suite.page.locator('.key-box, .removal-key').count()).resolves.toBe(0);

    const someoneElse = await suite.browser.newContext();
    const elsewhere = await someoneElse.newPage();
    await elsewhere.goto(postUrl());
    const theirs = await threadHtml(elsewhere, 'otters');
    await someoneElse.close();
    expect(mine).toBe(theirs);
  });

  it('with “keep” ticked, keeps the key until “Forget the keys kept on this device”', async () => {
    await suite.page.goto(postUrl());
    const form = suite.page.locator('form[data-comment-form="new"]');
    await form.getByLabel('Keep the key on this device').check();
    await writeComment('Kept on my own laptop, about herons.');
    const key = (await suite.page.locator('.key-box .removal-key').textContent())!;
    await suite.page.locator('.key-box', { hasText: 'This browser keeps it too' }).waitFor();
    await expect(form.getByLabel('Keep the key on this device').isChecked()).resolves.toBe(false);

    await suite.page.reload();
    const mine = suite.page.locator('.comment', { hasText: 'herons' });
    await mine.getByRole('button', { name: 'Delete' }).waitFor();
    const id = await mine.getAttribute('data-comment-id');
    expect((await leftBehind(suite.page)).storage.local).toEqual({ 'befriend:removal-keys': JSON.stringify({ [id!]: key }) });

    await suite.page.getByRole('button', { name: 'Forget the keys kept on this device' }).click();
    await suite.page.getByText('This browser no longer keeps any removal keys.').waitFor();
    await mine.getByRole('button', { name: 'Remove mine' }).waitFor();
    await expect(suite.page.getByRole('button', { name: 'Forget the keys kept on this device' }).count()).resolves.toBe(0);
    expect(await leftBehind(suite.page)).toEqual(nothingLeft);
  });

  it('shows the key beside a reply deep in a long thread, with a button that copies it', async () => {
    for (let i = 1; i <= 60; i++) {
      const res = await fetch(`${suite.server.origin}/api/posts/a-guest-piece/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: `Filler comment ${i} of a long thread.` }) });
      expect(res.status).toBe(201);
    }
    await suite.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.origin });
    await suite.page.goto(guestPiece());
    const deep = suite.page.locator('.comment', { hasText: 'Filler comment 55 of' });
    await deep.getByRole('button', { name: 'Reply' }).click();
    await writeComment('A reply far down the thread.', deep.locator('form'));

    const box = suite.page.locator('.key-box');
    await box.waitFor();
    const where = await box.evaluate((el) => {
      const { top, bottom } = el.getBoundingClientRect();
      return { inView: top >= 0 && bottom <= innerHeight, after: el.previousElementSibling?.textContent ?? '', focused: document.activeElement === el, pageHeight: document.documentElement.scrollHeight };
    });
    expect(where.pageHeight).toBeGreaterThan(5000);
    expect(where).toMatchObject({ inView: true, focused: true });
    expect(where.after).toContain('A reply far down the thread.');
    await box.getByText('Your comment is published.').waitFor();

    const key = (await box.locator('.removal-key').textContent())!;
    await box.getByRole('button', { name: 'Copy the key' }).click();
    await box.getByText('Copied.').waitFor();
    await expect(suite.page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(key);

    // A browser without the clipboard: the key is selected for the reader to copy.
    await suite.page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await box.getByRole('button', { name: 'Copy the key' }).click();
    await box.getByText('The key is selected: press Ctrl+C').waitFor();
    await expect(suite.page.evaluate(() => getSelection()?.toString())).resolves.toBe(key);
  });

  it('shows a held comment, waiting for a moderator, with its key, to its writer only and until they leave', async () => {
    await suite.page.goto(heldPost());
    await suite.page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('A held thought about pangolins.');
    const held = suite.page.locator('.comment-held', { hasText: 'pangolins' });
    await held.getByText('Waiting for a moderator').waitFor();
    const box = suite.page.locator('.key-box');
    await box.getByText('Thank you: your comment is held until a moderator has read it.').waitFor();
    await expect(box.locator('.removal-key').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Where it was written: just above the form, outside the public thread.
    await expect(suite.page.locator('.comment-list').textContent()).resolves.not.toContain('pangolins');
    await expect(suite.page.locator('.held-comments + div form[data-comment-form="new"]').count()).resolves.toBe(1);
    expect(await leftBehind(suite.page)).toEqual(nothingLeft);

    // A reply held (too many links) stays under the comment it answers.
    await suite.page.goto(postUrl());
    const parent = suite.page.locator('.comment', { hasText: 'otters' });
    await parent.getByRole('button', { name: 'Reply' }).click();
    await writeComment('Held for its links: https://a.example/1 https://b.example/2 https://c.example/3', parent.locator('form'));
    const heldReply = suite.page.locator('li', { has: parent }).locator('.comment-held', { hasText: 'a.example' });
    await heldReply.getByText('Waiting for a moderator').waitFor();

    const someoneElse = await suite.browser.newContext();
    const other = await someoneElse.newPage();
    await other.goto(postUrl());
    await other.locator('.comment', { hasText: 'otters' }).waitFor();
    await expect(other.content()).resolves.not.toContain('a.example');
    await someoneElse.close();

    await suite.page.reload();
    await suite.page.locator('.comment', { hasText: 'otters' }).waitFor();
    await expect(suite.page.content()).resolves.not.toContain('a.example');
    await expect(suite.page.locator('.comment-held, .key-box').count()).resolves.toBe(0);
  });

  it.each(['light', 'dark'] as const)('axe finds no WCAG 2.2 A/AA violation in the key box, the “keep” field and a held comment, with and without JavaScript (%s)', async (colorScheme) => {
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const found: string[] = [];
    // axe is injected as an inline script, which our own policy forbids: bypass it for this check only.
    const audit = await suite.browser.newContext({ colorScheme, bypassCSP: true });
    const p = await audit.newPage();
    const check = async (where: string) => {
      await p.locator('.comment-held .comment-waiting').waitFor();
      await p.addScriptTag({ content: axeSource });
      const violations = await p.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      });
      found.push(...violations.map((v) => `${where}: ${v}`));
    };
    await p.goto(postUrl());
    await p.locator('form[data-comment-form="new"]').getByLabel('Keep the key on this device').check();
    await writeComment(`Checked by axe (${colorScheme}).`, p.locator('form[data-comment-form="new"]'));
    await p.locator('.key-box').waitFor();
    await p.goto(heldPost());
    await writeComment(`Held and checked by axe (${colorScheme}).`, p.locator('form[data-comment-form="new"]'));
    await check('with JavaScript');

    // The page that answers a form post (axe needs scripts, which that page never has).
    const answer = await fetch(`${suite.server.origin}/api/posts/held-for-review/comments`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ body: `Held without script, checked by axe (${colorScheme}).` }) });
    const html = await answer.text();
    await p.route(`${suite.server.origin}/posts/held-for-review/comments`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    await p.goto(`${suite.server.origin}/posts/held-for-review/comments`);
    await check('without JavaScript');
    await audit.close();
    expect(found).toEqual([]);
  });

  it('without JavaScript: the page that answers the post shows the key beside the comment, and no address carries it', async () => {
    const noScript = await suite.browser.newContext({ javaScriptEnabled: false });
    const p = await noScript.newPage();
    const visited: string[] = [];
    p.on('framenavigated', (frame) => visited.push(frame.url()));
    await p.goto(`${suite.server.origin}/posts/a-guest-piece/comments`);
    await p.locator('.comment', { hasText: 'Filler comment 50 of' }).getByRole('link', { name: 'Reply' }).click();
    await p.locator('#comment-body').fill('A reply without script, far down.');
    await p.getByRole('button', { name: 'Publish' }).click();
    const box = p.locator('.key-box');
    await box.getByText('Your comment is published.').waitFor();
    const key = (await box.locator('.removal-key').textContent())!;
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // The browser focuses the autofocused box, scrolling to it, at the first frame it draws, which
    // the page holds back until the box has arrived whole (a frame drawn mid-box, on a busy
    // machine, left its end below the window). The box can be read above before that frame: wait
    // for the page to load, then give the scroll a few frames.
    await p.waitForLoadState('load');
    const where = () => box.evaluate((el) => {
      const { top, bottom } = el.getBoundingClientRect();
      return { inView: top >= 0 && bottom <= innerHeight, top, bottom, innerHeight, focused: document.activeElement === el };
    });
    await expect.poll(async () => (await where()).inView, { timeout: 10_000, message: 'the key box is scrolled into view' }).toBe(true)
      .catch(async (error: unknown) => { throw new Error(`${String(error)}; the box: ${JSON.stringify(await where())}`); });
    const after = await box.evaluate((el) => el.previousElementSibling?.textContent ?? '');
    expect(after).toContain('A reply without script, far down.');
    expect(visited.length).toBeGreaterThan(1);
    for (const url of visited) expect(url).not.toContain(key);
    expect(await noScript.cookies()).toEqual([]);

    // Held: waiting, with its key, on the answer page alone.
    await p.goto(`${suite.server.origin}/posts/held-for-review/comments`);
    await p.locator('#comment-body').fill('Held without script, about tapirs.');
    await p.getByRole('button', { name: 'Publish' }).click();
    await p.locator('.comment-held', { hasText: 'tapirs' }).getByText('Waiting for a moderator').waitFor();
    await p.locator('.key-box').getByText('Thank you: your comment is held until a moderator has read it.').waitFor();
    await p.goto(`${suite.server.origin}/posts/held-for-review/comments`);
    await expect(p.content()).resolves.not.toContain('tapirs');
    await noScript.close();
  });
});
