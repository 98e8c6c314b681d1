// Commenting in a real browser: comment, reply, numbering and permalinks, deleting one's own
// comment (its replies keep their place), reporting, and posting without JavaScript.
import { rm } from 'node:fs/promises';
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
