// Two volunteer moderators at once, in two browser contexts against the real server: one says
// "I'm on it", the other is warned before acting on the same item; a held comment is edited (a
// ward's name taken out) and approved, and the thread shows it "edited by a moderator"; and every
// queue is worked from the keyboard alone, the same keys meaning the same kind of action on each.
import type { BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../support/browser-suite.ts';
import { watchProblems } from '../support/chromium.ts';
import { addStaff } from '../support/staff-login.ts';

const edith = { name: 'Edith Editor', role: 'editor' as const, password: 'a long editor password' };
const mo = { name: 'Mo Derator', role: 'moderator' as const, password: 'a long moderator password' };

const suite = useBrowserSuite({
  database: 'moderation-team.db',
  async beforeStart() {
    await addStaff(suite.databaseUrl, edith);
    await addStaff(suite.databaseUrl, mo);
  },
  // LIMITS=off: the test writes comments faster than a person could.
  env: () => ({ LIMITS: 'off', TRUSTED_PROXY_HEADER: 'X-Forwarded-For' }),
  pagePerTest: false,
});

const contexts: BrowserContext[] = [];
const watched: { who: string; problems: string[] }[] = [];
const origin = () => suite.server.origin;
const postPath = '/2021/02/losing-the-plot/';

async function person(who: string, address: string): Promise<Page> {
  const context = await suite.browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': address } });
  contexts.push(context);
  const page = await context.newPage();
  watched.push({ who, problems: watchProblems(page, origin()) });
  return page;
}

async function signIn(page: Page, account: { name: string; password: string }): Promise<void> {
  await page.goto(`${origin()}/moderation/login`);
  await page.getByLabel('Name', { exact: true }).fill(account.name);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin()}/moderation`);
}

/** A JSON request from the page's own browser (its cookies, its address), as the site's scripts send them. */
async function send(page: Page, path: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await page.request.post(`${origin()}${path}`, { headers: { Origin: origin(), Accept: 'application/json' }, data });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

/** The next dialog's message, answered yes or no. */
function nextDialog(page: Page, accept: boolean): Promise<string> {
  return new Promise((resolve) =>
    page.once('dialog', (dialog: Dialog) => {
      resolve(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    }),
  );
}

/** Presses a key on the current item and waits for the list to come back with the outcome. */
async function press(page: Page, key: string, done: string): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForURL(new RegExp(`[?&]done=${done}(&|$)`));
  await page.locator('.mod-item.mod-current, p.notice[role="status"]').first().waitFor();
}

const ids = (page: Page) => page.locator('.mod-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-comment-id')));

describe('a team of two moderators', () => {
  let reader: Page;
  let editor: Page;
  let moderator: Page;
  const held: number[] = [];
  const shown: number[] = [];

  beforeAll(async () => {
    reader = await person('reader', '203.0.113.20');
    editor = await person('Edith', '203.0.113.51');
    moderator = await person('Mo', '203.0.113.52');
    await reader.goto(`${origin()}${postPath}`);
    const postId = (await reader.locator('.comments[data-post-id]').getAttribute('data-post-id'))!;
    const write = async (body: string) => ((await send(reader, `/api/posts/${postId}/comments`, { body })) as { comment: { id: number } }).comment.id;
    for (const body of ['The night rota is posted a day late again.', 'Anyone else told to “find cover” themselves?', 'I asked HR, they said it is a pilot.', 'Same on our ward since June.']) shown.push(await write(body));
    await send(reader, `/api/comments/${shown[0]}/reports`, { reason: 'abuse' });
    await send(reader, `/api/comments/${shown[1]}/reports`, { reason: 'spam' });
    await send(reader, `/api/comments/${shown[2]}/removal-requests`, { note: 'I wrote it; my manager reads this blog.' });
    await send(reader, `/api/comments/${shown[3]}/removal-requests`, { note: 'Mine, please take it down.' });
    await signIn(editor, edith);
    await signIn(moderator, mo);
    await send(editor, '/moderation/settings', { holdMode: 'all' });
    // The settings are read at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (const body of ['Our manager at Ward 7, St Brennan’s, rewrote the rota overnight.', 'Held: a second comment.', 'Held: a third comment.']) held.push(await write(body));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  afterEach(() => {
    const problems = watched.flatMap(({ who, problems }) => problems.splice(0).map((p) => `${who}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('warns the second moderator before acting on an item the first is on', async () => {
    await editor.goto(`${origin()}/moderation/held`);
    await expect(ids(editor)).resolves.toEqual(held.map(String));
    await editor.locator('.mod-item.mod-current').waitFor();
    await press(editor, 'c', 'claim');
    await expect(editor.locator(`.mod-item[data-comment-id="${held[0]}"] .mod-claim`).textContent()).resolves.toMatch(/^You are on it, until/);

    await moderator.goto(`${origin()}/moderation/held`);
    const first = moderator.locator(`.mod-item[data-comment-id="${held[0]}"]`);
    await expect(first.locator('.mod-claim-other').textContent()).resolves.toMatch(/^Edith Editor is on it, until \d\d:\d\d\.$/);
    await moderator.locator('.mod-item.mod-current').waitFor();
    // Mo presses a on it: asked first, says no, and nothing changes.
    const asked = nextDialog(moderator, false);
    await moderator.keyboard.press('a');
    await expect(asked).resolves.toBe('Edith Editor is on this item. Act on it anyway?');
    await moderator.reload();
    await expect(ids(moderator)).resolves.toEqual(held.map(String));
  });

  it('edits a held comment, approves it, and the thread shows it “edited by a moderator”', async () => {
    await editor.locator('.mod-item.mod-current').waitFor();
    await editor.keyboard.press('e');
    await editor.waitForURL(new RegExp(`/moderation/comments/${held[0]}/edit\\?back=`));
    const box = editor.getByLabel('Text (Markdown, as its writer wrote it)');
    await expect(box.inputValue()).resolves.toBe('Our manager at Ward 7, St Brennan’s, rewrote the rota overnight.');
    await box.fill('Our manager rewrote the rota overnight.');
    await editor.getByLabel('Reason, for the audit log (optional)').fill('Names the ward');
    await editor.getByRole('button', { name: 'Save and approve' }).click();
    await editor.waitForURL(`${origin()}/moderation/held?done=redact_approve`);
    await expect(editor.locator('p.notice[role="status"]').textContent()).resolves.toBe('Edited and approved: the comment is public, marked “edited by a moderator”.');
    await expect(ids(editor)).resolves.toEqual(held.slice(1).map(String));

    await reader.goto(`${origin()}${postPath}`);
    const comment = reader.locator(`article[data-comment-id="${held[0]}"]`);
    await expect(comment.locator('.comment-body').textContent()).resolves.toContain('Our manager rewrote the rota overnight.');
    await expect(comment.locator('.comment-edited').textContent()).resolves.toBe('edited by a moderator');
    await expect(reader.content()).resolves.not.toContain('St Brennan');

    await editor.goto(`${origin()}/moderation/audit`);
    await expect(editor.locator('tbody tr').first().textContent()).resolves.toMatch(/Edith Editor approved comment/);
    await expect(editor.locator('tbody tr', { hasText: 'edited comment' }).first().textContent()).resolves.toContain('Names the ward');
  });

  it('works every queue from the keyboard: a lets it stand, r takes it down and asks first', async () => {
    const noDialog: string[] = [];
    const unexpected = (dialog: Dialog) => void (noDialog.push(dialog.message()), dialog.dismiss());

    // Held: r rejects (asked first), a approves.
    await moderator.goto(`${origin()}/moderation/held`);
    await moderator.locator('.mod-item.mod-current').waitFor();
    const rejectAsked = nextDialog(moderator, true);
    await press(moderator, 'r', 'reject');
    await expect(rejectAsked).resolves.toBe('Reject this comment? It will not be published.');
    await expect(ids(moderator)).resolves.toEqual([String(held[2])]);
    moderator.on('dialog', unexpected);
    await press(moderator, 'a', 'approve');
    await expect(moderator.locator('.mod-item').count()).resolves.toBe(0);
    moderator.off('dialog', unexpected);

    // Reports: the abuse report first; a dismisses it, then r upholds the spam report.
    await moderator.goto(`${origin()}/moderation/reports`);
    await expect(ids(moderator)).resolves.toEqual([String(shown[0]), String(shown[1])]);
    await moderator.locator('.mod-item.mod-current').waitFor();
    moderator.on('dialog', unexpected);
    await press(moderator, 'a', 'dismiss');
    moderator.off('dialog', unexpected);
    await expect(ids(moderator)).resolves.toEqual([String(shown[1])]);
    const upholdAsked = nextDialog(moderator, true);
    await press(moderator, 'r', 'uphold');
    await expect(upholdAsked).resolves.toBe('Remove this comment from its thread?');
    await expect(moderator.locator('.mod-item').count()).resolves.toBe(0);

    // Removal requests: j to the second, r grants it (asked first); a declines the other.
    await moderator.goto(`${origin()}/moderation/removal-requests`);
    await expect(ids(moderator)).resolves.toEqual([String(shown[2]), String(shown[3])]);
    await moderator.locator('.mod-item.mod-current').waitFor();
    await moderator.keyboard.press('j');
    await expect(moderator.locator('.mod-item.mod-current').getAttribute('data-comment-id')).resolves.toBe(String(shown[3]));
    const grantAsked = nextDialog(moderator, true);
    await press(moderator, 'r', 'grant');
    await expect(grantAsked).resolves.toBe('Erase this comment for good? This cannot be undone.');
    moderator.on('dialog', unexpected);
    await press(moderator, 'a', 'decline');
    await expect(moderator.locator('.mod-item').count()).resolves.toBe(0);

    // Removed: a restores the rejected comment.
    await moderator.goto(`${origin()}/moderation/removed`);
    await expect(ids(moderator)).resolves.toContain(String(held[1]));
    while ((await moderator.locator('.mod-item.mod-current').getAttribute('data-comment-id')) !== String(held[1])) await moderator.keyboard.press('j');
    await press(moderator, 'a', 'restore');
    moderator.off('dialog', unexpected);
    expect(noDialog).toEqual([]);

    await reader.goto(`${origin()}${postPath}`);
    await expect(reader.locator(`article[data-comment-id="${held[1]}"] .comment-body`).textContent()).resolves.toContain('Held: a second comment.');
    await expect(reader.locator(`article[data-comment-id="${shown[0]}"] .comment-body`).textContent()).resolves.toContain('The night rota is posted a day late again.');
    await expect(reader.locator(`article[data-comment-id="${shown[1]}"] .comment-removed`).textContent()).resolves.toBe('This comment has been removed by a blog administrator.');
  });
});
