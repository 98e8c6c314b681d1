// Moderating in a real browser, against the real server: readers comment, reply and report through
// the post page; three reports for racism hide a comment; a moderator signs in, upholds the reports
// and the thread shows the removal placeholder with the reply intact; a comment held by the
// settings is approved from the keyboard, another rejected and taken back with u; and axe checks
// the moderation pages.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../build/site-build.ts';
import { useBrowserSuite } from '../support/browser-suite.ts';
import { watchProblems } from '../support/chromium.ts';

const editor = { name: 'Mia Moderator', password: 'a long moderator password' };
const texts = {
  offensive: 'A remark about beans that readers object to.',
  reply: 'A reply that stays whatever happens above it.',
  spam: 'Cheap allotment sheds, buy now.',
  firstHeld: 'The first comment to wait for a moderator.',
  secondHeld: 'The second comment to wait for a moderator.',
};

const contexts: BrowserContext[] = [];
/** What each person's page has seen go wrong, checked after every test. */
const watched: { address: string; problems: string[] }[] = [];

/** A reader or the moderator: their own browser context, seen by the server from their own address. */
async function person(address: string, options: { allowClientErrors?: boolean } = {}): Promise<Page> {
  const context = await suite.browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': address } });
  contexts.push(context);
  const page = await context.newPage();
  watched.push({ address, problems: watchProblems(page, suite.server.origin, options) });
  return page;
}

/** `npm run moderator -- add …` on the server's database, the password on standard input. */
function addAccount(name: string, role: 'editor' | 'moderator', password: string): Promise<string> {
  const child = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'tools/moderator.ts', 'add', name, '--role', role, '--password-stdin'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: suite.databaseUrl },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin.end(`${password}\n`);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`moderator add exited with ${code}:\n${output}`))));
  });
}

const suite = useBrowserSuite({
  database: 'moderation.db',
  async beforeStart() {
    await expect(addAccount(editor.name, 'editor', editor.password)).resolves.toContain(`Added ${editor.name} (editor).`);
  },
  // LIMITS=off: the browser fills forms faster than the 3-second check allows a person to. Each
  // browser context sends its own X-Forwarded-For, so the server counts distinct readers.
  env: () => ({ LIMITS: 'off', TRUSTED_PROXY_HEADER: 'X-Forwarded-For' }),
  pagePerTest: false,
});

afterAll(async () => {
  for (const context of contexts) await context.close();
});

afterEach(() => {
  const problems = watched.flatMap(({ address, problems }) => problems.splice(0).map((p) => `${address}: ${p}`));
  expect(problems).toEqual([]);
});

const postUrl = () => `${suite.server.origin}/2021/02/losing-the-plot/`;
const go = (page: Page, path: string) => page.goto(`${suite.server.origin}${path}`);

async function openPost(page: Page): Promise<void> {
  await page.goto(postUrl());
  await page.locator('form[data-comment-form="new"]').waitFor();
}

async function writeComment(page: Page, text: string, form = page.locator('form[data-comment-form="new"]')): Promise<void> {
  await form.locator('textarea[name="body"]').fill(text);
  await form.locator('button[type="submit"]').click();
}

/** The thread's comment (or placeholder) with this id. */
const inThread = (page: Page, id: string) => page.locator(`article[data-comment-id="${id}"]`);

async function report(page: Page, id: string, reason: 'racism' | 'spam'): Promise<void> {
  await openPost(page);
  const target = inThread(page, id);
  await target.getByRole('button', { name: 'Report', exact: true }).click();
  await target.locator('select[name="reason"]').selectOption(reason);
  await target.getByRole('button', { name: 'Send report' }).click();
  await page.getByText(/moderators will look at your report\. Its reference is [A-Za-z0-9_-]+\./).waitFor();
}

async function signIn(page: Page): Promise<void> {
  await go(page, '/moderation/login');
  await page.getByLabel('Name', { exact: true }).fill(editor.name);
  await page.getByLabel('Password', { exact: true }).fill(editor.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${suite.server.origin}/moderation`);
}

// The flows build on one another, in order: one server, one database, one browser.
describe('moderation in the browser', () => {
  let author: Page;
  let readers: Page[];
  let moderator: Page;
  let offensiveId = '';
  let replyId = '';
  let spamId = '';

  beforeAll(async () => {
    author = await person('203.0.113.10', { allowClientErrors: true });
    readers = [await person('203.0.113.1', { allowClientErrors: true }), await person('203.0.113.2', { allowClientErrors: true }), await person('203.0.113.3', { allowClientErrors: true })];
    moderator = await person('203.0.113.50');
  });

  it('hides a comment once three readers report it for racism; its reply stays', async () => {
    await openPost(author);
    await writeComment(author, texts.offensive);
    const offensive = author.locator('article.comment', { hasText: texts.offensive });
    await offensive.waitFor();
    offensiveId = (await offensive.getAttribute('data-comment-id'))!;
    const number = await offensive.locator('.comment-number').textContent();

    const [first, second, third] = readers as [Page, Page, Page];
    await openPost(first);
    await inThread(first, offensiveId).getByRole('button', { name: 'Reply' }).click();
    await writeComment(first, texts.reply, first.locator(`form[data-comment-form="${offensiveId}"]`));
    const reply = first.locator('article.comment', { hasText: texts.reply });
    await reply.waitFor();
    replyId = (await reply.getAttribute('data-comment-id'))!;
    await expect(reply.locator('.comment-number').textContent()).resolves.toBe(`${number}.1`);

    await writeComment(author, texts.spam);
    const spam = author.locator('article.comment', { hasText: texts.spam });
    await spam.waitFor();
    spamId = (await spam.getAttribute('data-comment-id'))!;

    // The spam report comes first, so that only its severity puts the racism group first.
    await report(first, spamId, 'spam');
    await report(first, offensiveId, 'racism');
    await report(second, offensiveId, 'racism');
    await openPost(author);
    await expect(inThread(author, offensiveId).locator('.comment-body').textContent()).resolves.toContain(texts.offensive);

    await report(third, offensiveId, 'racism');
    // The third reader's thread reloads after the report and already shows the placeholder.
    await inThread(third, offensiveId).locator('.comment-removed').waitFor();

    await openPost(author);
    const hidden = inThread(author, offensiveId);
    await expect(hidden.getAttribute('class')).resolves.toContain('comment-placeholder');
    await expect(hidden.locator('.comment-removed').textContent()).resolves.toBe('This comment is hidden while moderators review it.');
    await expect(hidden.locator('.comment-number').textContent()).resolves.toBe(number);
    await expect(author.content()).resolves.not.toContain(texts.offensive);
    await expect(inThread(author, replyId).locator('.comment-body').textContent()).resolves.toContain(texts.reply);
    await expect(inThread(author, spamId).locator('.comment-body').textContent()).resolves.toContain(texts.spam);
  });

  it('signs a moderator in, who finds the racism reports first and upholds them', async () => {
    // Unsigned, the queue sends to the sign-in page.
    await go(moderator, '/moderation/reports');
    await moderator.waitForURL(`${suite.server.origin}/moderation/login?next=%2Fmoderation%2Freports`);
    await signIn(moderator);
    await expect(moderator.locator('.mod-signout strong').textContent()).resolves.toBe(editor.name);
    const card = moderator.locator('.mod-cards li', { hasText: 'Reported comments' });
    await expect(card.locator('.mod-card-n').textContent()).resolves.toBe('2');
    await expect(card.locator('.mod-severe').textContent()).resolves.toBe('1 for racism or abuse');

    await moderator.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: /^Reports/ }).click();
    await moderator.waitForURL(`${suite.server.origin}/moderation/reports`);
    const items = moderator.locator('.mod-item');
    await expect(items.count()).resolves.toBe(2);
    const first = items.first();
    await expect(first.getAttribute('data-comment-id')).resolves.toBe(offensiveId);
    await expect(first.getAttribute('data-report-id')).resolves.toMatch(/^[A-Za-z0-9_-]+$/);
    await expect(first.getAttribute('class')).resolves.toContain('mod-item-severe');
    await expect(first.locator('.mod-why').textContent()).resolves.toMatch(/^waiting \d+ min \(target 24 h\) · 3 reports: Racism or other discrimination \(3\) · hidden until you decide$/);
    await expect(first.locator('.comment-body').textContent()).resolves.toContain(texts.offensive);
    await expect(items.nth(1).getAttribute('data-comment-id')).resolves.toBe(spamId);
    await expect(items.nth(1).locator('.mod-why').textContent()).resolves.toBe('One report: Spam');

    const uphold = first.locator('button[data-key="r"]');
    await expect(uphold.textContent()).resolves.toMatch(/^Uphold/);
    // Taking a comment down asks first; letting it stand (the a key on every queue) does not.
    await expect(first.locator('button[data-key="a"]').textContent()).resolves.toBe('Dismiss');
    const asked = new Promise<string>((resolve) =>
      moderator.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept();
      }),
    );
    await uphold.click();
    await expect(asked).resolves.toBe('Remove this comment from its thread?');
    // The list offers to undo it for a few minutes.
    await moderator.waitForURL(/\/moderation\/reports\?done=uphold&undo=\d+$/);
    await expect(moderator.locator('p.notice[role="status"]').textContent()).resolves.toBe('Upheld: the comment is removed and its reports closed.');
    await expect(moderator.locator('.mod-undo button[data-key="u"]').textContent()).resolves.toBe('Undo');
    await expect(items.count()).resolves.toBe(1);
    await expect(items.first().getAttribute('data-comment-id')).resolves.toBe(spamId);
  });

  it('shows the removal placeholder in the thread, with the reply intact', async () => {
    await openPost(author);
    const removed = inThread(author, offensiveId);
    await expect(removed.locator('.comment-removed').textContent()).resolves.toBe('This comment has been removed by a blog administrator.');
    const number = await removed.locator('.comment-number').textContent();
    expect(number).toMatch(/^\d+$/);
    await expect(author.content()).resolves.not.toContain(texts.offensive);
    const reply = inThread(author, replyId);
    await expect(reply.locator('.comment-number').textContent()).resolves.toBe(`${number}.1`);
    await expect(reply.locator('.comment-body').textContent()).resolves.toContain(texts.reply);
    await expect(author.locator('li.depth-1').locator(`article[data-comment-id="${replyId}"]`).count()).resolves.toBe(1);
  });

  it('holds every new comment once the editor says so, and approves one from the keyboard', async () => {
    await moderator.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'Settings' }).click();
    await moderator.waitForURL(`${suite.server.origin}/moderation/settings`);
    await moderator.getByLabel('All of them').check();
    await moderator.getByRole('button', { name: 'Save settings' }).click();
    await moderator.waitForURL(`${suite.server.origin}/moderation/settings?done=settings`);
    await expect(moderator.locator('p.notice[role="status"]').textContent()).resolves.toBe('Settings saved.');
    await expect(moderator.getByLabel('All of them').isChecked()).resolves.toBe(true);

    const [reader] = readers as [Page];
    await openPost(reader);
    for (const text of [texts.firstHeld, texts.secondHeld]) {
      await writeComment(reader, text);
      await reader.getByText('Thank you: your comment is held until a moderator has read it.').waitFor();
      await expect(reader.locator('.comment-list').textContent()).resolves.not.toContain(text);
    }

    await moderator.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: /^Held/ }).click();
    await moderator.waitForURL(`${suite.server.origin}/moderation/held`);
    const items = moderator.locator('.mod-item');
    await expect(items.count()).resolves.toBe(2);
    await expect(items.nth(0).locator('.comment-body').textContent()).resolves.toContain(texts.firstHeld);
    await expect(items.nth(1).locator('.comment-body').textContent()).resolves.toContain(texts.secondHeld);
    const approvedId = await items.nth(1).getAttribute('data-comment-id');
    // The shortcuts start on the first item; j moves to the second, a approves it.
    await moderator.locator('.mod-item.mod-current').waitFor();
    await expect(moderator.locator('.mod-item.mod-current').getAttribute('data-comment-id')).resolves.toBe(await items.nth(0).getAttribute('data-comment-id'));
    await moderator.keyboard.press('j');
    await expect(moderator.locator('.mod-item.mod-current').getAttribute('data-comment-id')).resolves.toBe(approvedId);
    await moderator.keyboard.press('a');
    await moderator.waitForURL(`${suite.server.origin}/moderation/held?done=approve`);
    await expect(moderator.locator('p.notice[role="status"]').textContent()).resolves.toMatch(/^Approved/);
    await expect(items.count()).resolves.toBe(1);
    await expect(items.first().locator('.comment-body').textContent()).resolves.toContain(texts.firstHeld);

    await openPost(reader);
    await expect(inThread(reader, approvedId!).locator('.comment-body').textContent()).resolves.toContain(texts.secondHeld);
    await expect(reader.locator('.comment-list').textContent()).resolves.not.toContain(texts.firstHeld);
  });

  it('rejects a held comment from the keyboard, and u puts it back in the held list', async () => {
    const items = moderator.locator('.mod-item');
    await expect(items.count()).resolves.toBe(1);
    const heldId = await items.first().getAttribute('data-comment-id');
    await moderator.locator('.mod-item.mod-current').waitFor();
    const asked = new Promise<string>((resolve) =>
      moderator.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept();
      }),
    );
    await moderator.keyboard.press('r');
    await expect(asked).resolves.toBe('Reject this comment? It will not be published.');
    await moderator.waitForURL(/\/moderation\/held\?done=reject&undo=\d+$/);
    await expect(moderator.locator('p.notice[role="status"]').textContent()).resolves.toBe('Rejected: the comment will never appear.');
    await expect(items.count()).resolves.toBe(0);
    await moderator.keyboard.press('u');
    await moderator.waitForURL(`${suite.server.origin}/moderation/held?done=undo`);
    await expect(items.count()).resolves.toBe(1);
    await expect(items.first().getAttribute('data-comment-id')).resolves.toBe(heldId);
    await expect(items.first().locator('.comment-body').textContent()).resolves.toContain(texts.firstHeld);
  });

  describe('accessibility', () => {
    const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    // By now the reports and held lists each still hold an item (the spam report, the first held comment).
    const paths = ['/moderation', '/moderation/reports', '/moderation/held', '/moderation/settings'];
    const schemes = ['light', 'dark'] as const;

    it('axe finds no WCAG 2.2 A/AA violation on the moderation pages (light and dark)', async () => {
      // axe is injected as an inline script, which our own policy forbids: bypass it for this check only.
      const audit = await suite.browser.newContext({ bypassCSP: true, extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.60' } });
      const p = await audit.newPage();
      const found: string[] = [];
      const check = async (path: string) => {
        await p.addScriptTag({ content: await axeSource });
        for (const colorScheme of schemes) {
          await p.emulateMedia({ colorScheme });
          const violations = await p.evaluate(async () => {
            const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
            const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
            return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
          });
          found.push(...violations.map((v) => `${path} (${colorScheme}) ${v}`));
        }
      };
      await go(p, '/moderation/login');
      await check('/moderation/login');
      await signIn(p);
      for (const path of paths) {
        await go(p, path);
        if (path === '/moderation/reports' || path === '/moderation/held') await expect(p.locator('.mod-item').count()).resolves.toBe(1);
        await check(path);
      }
      await audit.close();
      expect(found).toEqual([]);
    });
  });
});
