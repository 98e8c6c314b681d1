// Commenting in a real browser: comment, reply, numbering and permalinks, deleting one's own
// comment (its replies keep their place), reporting, and posting without JavaScript.
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from '../support/chromium.ts';
import { buildFixtureSite, type BuiltSite } from '../support/fixture-site.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

let site: BuiltSite;
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  site = await buildFixtureSite();
  // LIMITS=off: the browser fills forms faster than the 3-second check allows a person to.
  server = await startServer({ DIST_DIR: site.outDir, DATABASE_URL: `file:${join(site.root, 'comments.db')}`, LIMITS: 'off' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (site) await rm(site.root, { recursive: true, force: true });
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
  problems = watchProblems(page, server.origin, { allowClientErrors: true });
  page.on('dialog', (dialog) => void dialog.accept());
});

afterEach(async () => {
  await context.close();
  expect(problems).toEqual([]);
});

const postUrl = () => `${server.origin}/2021/02/losing-the-plot/`;

async function writeComment(text: string, form = page.locator('form[data-comment-form="new"]')) {
  await form.locator('textarea[name="body"]').fill(text);
  await form.getByRole('button').click();
}

describe('comments with JavaScript', () => {
  it('comments, replies, numbers them, and links each one', async () => {
    await page.goto(postUrl());
    await page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('The first comment, with *emphasis*.');
    await expect(page.locator('.removal-key').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{32}$/);
    const first = page.locator('.comment').first();
    await expect(first.locator('.comment-number').textContent()).resolves.toBe('1');
    await expect(first.locator('.comment-author').textContent()).resolves.toBe('Anonymous');
    await expect(first.locator('.comment-body em').textContent()).resolves.toBe('emphasis');
    await expect(first.locator('time').textContent()).resolves.toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} \d\d:\d\d$/);
    const id = await first.getAttribute('data-comment-id');
    await expect(first.locator('.comment-permalink').getAttribute('href')).resolves.toBe(`#c${id}`);

    await first.getByRole('button', { name: 'Reply' }).click();
    const replyForm = page.locator(`form[data-comment-form="${id}"]`);
    await replyForm.locator('input[name="name"]').fill('Jim');
    await writeComment('A reply to the first.', replyForm);
    await page.locator('.comment-number', { hasText: '1.1' }).waitFor();
    const reply = page.locator('li.depth-1 .comment');
    await expect(reply.locator('.comment-author').textContent()).resolves.toBe('Jim');
    await expect(page.locator('#comments-heading').textContent()).resolves.toBe('2 comments');

    // The permalink lands on the comment.
    await page.goto(`${postUrl()}#c${id}`);
    await page.locator(`#c${id}`).waitFor();
  });

  it('deletes one’s own comment: a placeholder keeps the reply in its place', async () => {
    await page.goto(postUrl());
    await page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('Words I will regret about ocelots.');
    const mine = page.locator('.comment', { hasText: 'ocelots' });
    await mine.waitFor();
    const number = await mine.locator('.comment-number').textContent();
    await mine.getByRole('button', { name: 'Reply' }).click();
    await writeComment('Replying before it goes.', mine.locator('form'));
    await page.locator('.comment-number', { hasText: `${number}.1` }).waitFor();

    await page.locator('.comment', { hasText: 'ocelots' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Your comment has been removed.').waitFor();
    const placeholder = page.locator('.comment-placeholder');
    await expect(placeholder.locator('.comment-removed').textContent()).resolves.toBe('This comment has been removed by the author.');
    await expect(placeholder.locator('.comment-number').textContent()).resolves.toBe(number);
    await expect(page.locator('.comment', { hasText: 'Replying before it goes.' }).locator('.comment-number').textContent()).resolves.toBe(`${number}.1`);
    await expect(page.content()).resolves.not.toContain('ocelots');
  });

  it('removes one’s own comment from another device with its key, or asks the moderators when the key is lost', async () => {
    await page.goto(postUrl());
    await page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('Written on my laptop about marrows.');
    const key = (await page.locator('.removal-key').textContent())!;

    // Another device: no key in its storage.
    const phone = await browser.newContext();
    const other = await phone.newPage();
    const otherProblems = watchProblems(other, server.origin, { allowClientErrors: true });
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
    await page.goto(postUrl());
    const target = page.locator('.comment', { hasText: 'The first comment' });
    await target.getByRole('button', { name: 'Report' }).click();
    await target.locator('select[name="reason"]').selectOption('racism');
    await target.getByRole('button', { name: 'Send report' }).click();
    await page.getByText(/moderators will look at your report\. Its reference is [A-Za-z0-9_-]+\./).waitFor();
    await page.getByRole('link', { name: 'Check its outcome' }).click();
    await page.waitForURL(/\/reports\/[A-Za-z0-9_-]+$/);
    await page.getByText('Waiting for a moderator').waitFor();
  });

  it('shows a refusal clearly and keeps the text', async () => {
    await page.goto(postUrl());
    const form = page.locator('form[data-comment-form="new"]');
    await form.locator('input[name="name"]').fill('Moderator');
    await writeComment('Pretending to be staff.');
    await form.locator('[role="alert"]', { hasText: 'kept for the blog’s staff' }).waitFor();
    await expect(form.locator('textarea').inputValue()).resolves.toBe('Pretending to be staff.');
  });
});

describe('comments without JavaScript', () => {
  it('reads the thread, posts a comment as a plain form and is shown the removal key', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const p = await noScript.newPage();
    await p.goto(postUrl());
    await p.getByRole('link', { name: /Read the comments and write one/ }).click();
    await p.waitForURL(`${server.origin}/posts/losing-the-plot/comments`);
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
  const guestPiece = () => `${server.origin}/2020/06/a-guest-piece/`;
  const heldPost = () => `${server.origin}/2021/03/held-for-review/`;
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
    await page.goto(postUrl());
    const form = page.locator('form[data-comment-form="new"]');
    const keep = form.getByLabel('Keep the key on this device');
    await expect(keep.isChecked()).resolves.toBe(false);
    await form.getByText('Then anyone who uses this browser can see which comments are yours, and remove them.').waitFor();
    await writeComment('Written at a shared desk about otters.');
    await expect(page.locator('.key-box .removal-key').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(page.url()).toBe(postUrl());
    expect(await leftBehind(page)).toEqual(nothingLeft);

    await page.reload();
    const mine = await threadHtml(page, 'otters');
    expect(await leftBehind(page)).toEqual(nothingLeft);
    await expect(page.locator('.comment', { hasText: 'otters' }).getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
    await expect(page.locator('.key-box, .removal-key').count()).resolves.toBe(0);

    const someoneElse = await browser.newContext();
    const elsewhere = await someoneElse.newPage();
    await elsewhere.goto(postUrl());
    const theirs = await threadHtml(elsewhere, 'otters');
    await someoneElse.close();
    expect(mine).toBe(theirs);
  });

  it('with “keep” ticked, keeps the key until “Forget the keys kept on this device”', async () => {
    await page.goto(postUrl());
    const form = page.locator('form[data-comment-form="new"]');
    await form.getByLabel('Keep the key on this device').check();
    await writeComment('Kept on my own laptop, about herons.');
    const key = (await page.locator('.key-box .removal-key').textContent())!;
    await page.locator('.key-box', { hasText: 'This browser keeps it too' }).waitFor();
    await expect(form.getByLabel('Keep the key on this device').isChecked()).resolves.toBe(false);

    await page.reload();
    const mine = page.locator('.comment', { hasText: 'herons' });
    await mine.getByRole('button', { name: 'Delete' }).waitFor();
    const id = await mine.getAttribute('data-comment-id');
    expect((await leftBehind(page)).storage.local).toEqual({ 'befriend:removal-keys': JSON.stringify({ [id!]: key }) });

    await page.getByRole('button', { name: 'Forget the keys kept on this device' }).click();
    await page.getByText('This browser no longer keeps any removal keys.').waitFor();
    await mine.getByRole('button', { name: 'Remove mine' }).waitFor();
    await expect(page.getByRole('button', { name: 'Forget the keys kept on this device' }).count()).resolves.toBe(0);
    expect(await leftBehind(page)).toEqual(nothingLeft);
  });

  it('shows the key beside a reply deep in a long thread, with a button that copies it', async () => {
    for (let i = 1; i <= 60; i++) {
      const res = await fetch(`${server.origin}/api/posts/a-guest-piece/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: `Filler comment ${i} of a long thread.` }) });
      expect(res.status).toBe(201);
    }
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.goto(guestPiece());
    const deep = page.locator('.comment', { hasText: 'Filler comment 55 of' });
    await deep.getByRole('button', { name: 'Reply' }).click();
    await writeComment('A reply far down the thread.', deep.locator('form'));

    const box = page.locator('.key-box');
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
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(key);

    // A browser without the clipboard: the key is selected for the reader to copy.
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await box.getByRole('button', { name: 'Copy the key' }).click();
    await box.getByText('The key is selected: press Ctrl+C').waitFor();
    await expect(page.evaluate(() => getSelection()?.toString())).resolves.toBe(key);
  });

  it('shows a held comment, waiting for a moderator, with its key, to its writer only and until they leave', async () => {
    await page.goto(heldPost());
    await page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('A held thought about pangolins.');
    const held = page.locator('.comment-held', { hasText: 'pangolins' });
    await held.getByText('Waiting for a moderator').waitFor();
    const box = page.locator('.key-box');
    await box.getByText('Thank you: your comment is held until a moderator has read it.').waitFor();
    await expect(box.locator('.removal-key').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Where it was written: just above the form, outside the public thread.
    await expect(page.locator('.comment-list').textContent()).resolves.not.toContain('pangolins');
    await expect(page.locator('.held-comments + div form[data-comment-form="new"]').count()).resolves.toBe(1);
    expect(await leftBehind(page)).toEqual(nothingLeft);

    // A reply held (too many links) stays under the comment it answers.
    await page.goto(postUrl());
    const parent = page.locator('.comment', { hasText: 'otters' });
    await parent.getByRole('button', { name: 'Reply' }).click();
    await writeComment('Held for its links: https://a.example/1 https://b.example/2 https://c.example/3', parent.locator('form'));
    const heldReply = page.locator('li', { has: parent }).locator('.comment-held', { hasText: 'a.example' });
    await heldReply.getByText('Waiting for a moderator').waitFor();

    const someoneElse = await browser.newContext();
    const other = await someoneElse.newPage();
    await other.goto(postUrl());
    await other.locator('.comment', { hasText: 'otters' }).waitFor();
    await expect(other.content()).resolves.not.toContain('a.example');
    await someoneElse.close();

    await page.reload();
    await page.locator('.comment', { hasText: 'otters' }).waitFor();
    await expect(page.content()).resolves.not.toContain('a.example');
    await expect(page.locator('.comment-held, .key-box').count()).resolves.toBe(0);
  });

  it.each(['light', 'dark'] as const)('axe finds no WCAG 2.2 A/AA violation in the key box, the “keep” field and a held comment, with and without JavaScript (%s)', async (colorScheme) => {
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const found: string[] = [];
    // axe is injected as an inline script, which our own policy forbids: bypass it for this check only.
    const audit = await browser.newContext({ colorScheme, bypassCSP: true });
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
    const answer = await fetch(`${server.origin}/api/posts/held-for-review/comments`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ body: `Held without script, checked by axe (${colorScheme}).` }) });
    const html = await answer.text();
    await p.route(`${server.origin}/posts/held-for-review/comments`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    await p.goto(`${server.origin}/posts/held-for-review/comments`);
    await check('without JavaScript');
    await audit.close();
    expect(found).toEqual([]);
  });

  it('without JavaScript: the page that answers the post shows the key beside the comment, and no address carries it', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const p = await noScript.newPage();
    const visited: string[] = [];
    p.on('framenavigated', (frame) => visited.push(frame.url()));
    await p.goto(`${server.origin}/posts/a-guest-piece/comments`);
    await p.locator('.comment', { hasText: 'Filler comment 50 of' }).getByRole('link', { name: 'Reply' }).click();
    await p.locator('#comment-body').fill('A reply without script, far down.');
    await p.getByRole('button', { name: 'Publish' }).click();
    const box = p.locator('.key-box');
    await box.getByText('Your comment is published.').waitFor();
    const key = (await box.locator('.removal-key').textContent())!;
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const where = await box.evaluate((el) => {
      const { top, bottom } = el.getBoundingClientRect();
      return { inView: top >= 0 && bottom <= innerHeight, after: el.previousElementSibling?.textContent ?? '' };
    });
    expect(where.inView).toBe(true);
    expect(where.after).toContain('A reply without script, far down.');
    expect(visited.length).toBeGreaterThan(1);
    for (const url of visited) expect(url).not.toContain(key);
    expect(await noScript.cookies()).toEqual([]);

    // Held: waiting, with its key, on the answer page alone.
    await p.goto(`${server.origin}/posts/held-for-review/comments`);
    await p.locator('#comment-body').fill('Held without script, about tapirs.');
    await p.getByRole('button', { name: 'Publish' }).click();
    await p.locator('.comment-held', { hasText: 'tapirs' }).getByText('Waiting for a moderator').waitFor();
    await p.locator('.key-box').getByText('Thank you: your comment is held until a moderator has read it.').waitFor();
    await p.goto(`${server.origin}/posts/held-for-review/comments`);
    await expect(p.content()).resolves.not.toContain('tapirs');
    await noScript.close();
  });
});
