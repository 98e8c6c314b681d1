// The editor's day at the desk, in Chromium against the real server building the fixture site: sign
// in, write a post with labels and a pull quote, see the preview follow the typing, schedule it two
// minutes ahead and, the server's clock moved past it, see it reach the home page, its label page, the feed and search at its time;
// edit it, add a phone photo (its GPS tag gone from the served file) and see the change live; a save from a stale tab is refused; unpublish it; remove a guest
// post at its author's request; a moderator cannot reach the desk.
import { cp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../../build/site-build.ts';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { localMinute } from '../../site/lib/dates.ts';
import { useBrowserSuite } from '../support/browser-suite.ts';
import { watchProblems } from '../support/chromium.ts';
import { startServer, waitUntil } from '../support/server-process.ts';
import { addStaff, signIn } from '../support/staff-login.ts';

const editor = { name: 'Dee Desk', role: 'editor' as const, password: 'a long editor password' };
const moderator = { name: 'Mo Queue', role: 'moderator' as const, password: 'a long moderator password' };
const title = 'Notes from the waiting room';
const id = 'notes-from-the-waiting-room';

const serverEnv = () => ({ BUILD_ON_START: 'auto', BEFRIEND_CONTENT_DIR: suite.site.contentDir, BEFRIEND_PAGES_DIR: suite.site.pagesDir, BEFRIEND_CACHE_DIR: join(suite.site.root, 'cache'), BEFRIEND_PUBLIC_DIR: join(suite.site.root, 'public'), LIMITS: 'off' });

const suite = useBrowserSuite({
  database: 'desk.db',
  pagePerTest: false,
  async beforeStart(s) {
    // Pictures go to the site's own copy of public/, not the project's.
    await cp(join(projectRoot, 'public'), join(s.site.root, 'public'), { recursive: true });
    await addStaff(s.databaseUrl, editor);
    await addStaff(s.databaseUrl, moderator);
  },
  env: () => serverEnv(),
});

const contexts: BrowserContext[] = [];
const problems: string[][] = [];
async function staffPage(who: { name: string; password: string }, options: { allowClientErrors?: boolean } = {}): Promise<Page> {
  const context = await suite.browser.newContext();
  contexts.push(context);
  const cookie = await signIn(suite.server.origin, who.name, who.password);
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: suite.server.origin }]);
  const page = await context.newPage();
  problems.push(watchProblems(page, suite.server.origin, options));
  return page;
}

afterAll(async () => {
  for (const context of contexts) await context.close();
  expect(problems.flat()).toEqual([]);
});

/** A page of the site as a reader gets it. */
const fetchText = async (path: string) => {
  const response = await fetch(`${suite.server.origin}${path}`);
  return { status: response.status, text: await response.text() };
};

const until = (what: string, check: () => Promise<boolean>) => waitUntil(() => suite.server, what, check);

describe('the editor’s desk', () => {
  let desk: Page;

  it('is closed to a moderator', async () => {
    // The 403 answer is what the test expects; the browser logs it as an error.
    const page = await staffPage(moderator, { allowClientErrors: true });
    const response = await page.goto(`${suite.server.origin}/desk`);
    expect(response?.status()).toBe(403);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('The desk is for editors');
  });

  it('writes a post with labels and a pull quote, previewed as the site shows it, and schedules it', async () => {
    // Signing in through the form: the desk sends a stranger to it, and it sends them back.
    const context = await suite.browser.newContext();
    contexts.push(context);
    desk = await context.newPage();
    problems.push(watchProblems(desk, suite.server.origin));
    await desk.goto(`${suite.server.origin}/desk`);
    expect(new URL(desk.url()).pathname).toBe('/moderation/login');
    await desk.getByLabel('Name').fill(editor.name);
    await desk.getByLabel('Password').fill(editor.password);
    await desk.getByRole('button', { name: 'Sign in' }).click();
    await desk.waitForURL(`${suite.server.origin}/desk`);
    await expect(desk.locator('table.desk-posts tbody tr').count()).resolves.toBeGreaterThan(10);
    await desk.getByRole('link', { name: 'New post' }).first().click();
    await desk.getByLabel('Title').fill(title);
    await desk.getByLabel('Labels').fill('Courts, Desk day');
    await desk.getByLabel('Text').fill('We waited with a family for three hours. The word kittiwake is only in this post.\n\n');
    await desk.getByRole('button', { name: 'Pull quote' }).click();
    await desk.keyboard.type('Waiting is the work.');
    await desk.locator('#desk-preview .pull-quote').waitFor({ timeout: 5000 });
    await expect(desk.locator('#desk-preview .pull-quote blockquote').textContent()).resolves.toBe('Waiting is the work.');
    await expect(desk.locator('#desk-preview h1').textContent()).resolves.toBe(title);
    await desk.getByLabel('Publish at (for Schedule)').fill(localMinute(new Date(Date.now() + 2 * 60_000), 'Europe/London'));
    await desk.getByRole('button', { name: 'Schedule' }).click();
    await desk.waitForURL(`**/desk/posts/${id}?**`);
    await expect(desk.locator('#desk-state').textContent()).resolves.toContain('Scheduled for');
  });

  it('is on the home page, its label page, the feed and search at its time', async () => {
    // The clock moves: the server starts again two and a half minutes ahead (BEFRIEND_CLOCK_AHEAD),
    // finds the post due, and builds it in before it listens. (tests/publishing.test.ts sees the
    // running server publish a post at its time by itself, on the machine's clock.)
    await until('the build that knows of the scheduled post is live', async () => {
      const { build } = (await (await desk.request.get(`${suite.server.origin}/desk/status`)).json()) as { build: { state: string; queued: boolean; searchBehind?: boolean; nextScheduled?: string } };
      return build.state === 'idle' && !build.queued && !build.searchBehind && build.nextScheduled !== undefined;
    });
    expect((await fetchText('/')).text).not.toContain(title);
    expect((await fetchText('/feed.xml')).text).not.toContain('kittiwake');
    // On the same address, and with the desk's page (which polls the build status) closed meanwhile.
    await desk.goto('about:blank');
    const port = new URL(suite.server.origin).port;
    await suite.server.stop();
    suite.server = await startServer({ DIST_DIR: suite.site.outDir, DATABASE_URL: suite.databaseUrl, ...serverEnv(), PORT: port, BEFRIEND_CLOCK_AHEAD: '150' }, 120_000);
    expect(suite.server.output()).toMatch(/is due/);
    expect((await fetchText('/')).text).toContain(title);
    expect((await fetchText('/labels/desk-day/')).text).toContain(title);
    expect((await fetchText('/feed.xml')).text).toContain('kittiwake');
    const address = /href="(\/\d{4}\/\d{2}\/notes-from-the-waiting-room\/)"/.exec((await fetchText('/')).text)![1]!;
    expect((await fetchText(address)).text).toContain('<figure class="pull-quote"><blockquote>Waiting is the work.</blockquote></figure>');
    const reader = await suite.browser.newPage();
    await reader.goto(`${suite.server.origin}/search/`);
    await reader.getByLabel('Words to find').fill('kittiwake');
    await reader.getByRole('button', { name: 'Search' }).click();
    await expect(reader.locator('.search-results li a').first().textContent()).resolves.toContain(title);
    await reader.close();
  }, 150_000);

  it('edits it and says when the change is live; a save from a stale tab is refused', async () => {
    // Its refused save answers 409, which the browser logs as an error.
    const stale = await staffPage(editor, { allowClientErrors: true });
    await stale.goto(`${suite.server.origin}/desk/posts/${id}`);
    await desk.goto(`${suite.server.origin}/desk/posts/${id}`);
    await desk.getByLabel('Text').fill('We waited with a family for three hours. Now with a guillemot too.\n\n');
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#468' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Phonemaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '53/1 28/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 14/1 0/1' } })
      .toBuffer();
    await desk.locator('#d-image').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await desk.getByLabel('What it shows').fill('Rain on the court’s windows');
    await desk.getByRole('button', { name: 'Upload' }).click();
    await desk
      .locator('#desk-image-status', { hasText: 'Added to the text.' })
      .waitFor({ timeout: 10_000 })
      .catch(async () => {
        throw new Error(`Upload status: ${await desk.locator('#desk-image-status').textContent()}`);
      });
    const picture = /!\[Rain on the court’s windows\]\((\/images\/[a-f0-9]{20}\.jpg)\)/.exec(await desk.getByLabel('Text').inputValue());
    expect(picture).not.toBeNull();
    const served = Buffer.from(await (await fetch(`${suite.server.origin}${picture![1]}`)).arrayBuffer());
    expect((await sharp(served).metadata()).exif).toBeUndefined();
    expect(served.includes('GPS')).toBe(false);
    await desk.getByRole('button', { name: 'Save and update the site' }).click();
    await desk.locator('#desk-build[data-state="live"]').waitFor({ timeout: 60_000 });
    const path = await desk.locator('#desk-build a').getAttribute('href');
    const live = (await fetchText(path!)).text;
    expect(live).toContain('guillemot');
    expect(live).toContain(`<img src="${picture![1]}" alt="Rain on the court’s windows"`);
    await stale.getByLabel('Text').fill('An older tab’s words.');
    await stale.getByRole('button', { name: 'Save and update the site' }).click();
    await expect(stale.locator('#conflict-title').textContent()).resolves.toContain('Someone else saved this post first');
    await expect(stale.locator('.desk-source').first().textContent()).resolves.toContain('guillemot');
    expect((await fetchText(path!)).text).not.toContain('An older tab');
  }, 120_000);

  it('unpublishes it: the page goes with the next update', async () => {
    await desk.goto(`${suite.server.origin}/desk/posts/${id}`);
    const path = await desk.locator('#desk-state a').first().getAttribute('href');
    await desk.getByRole('button', { name: 'Unpublish' }).click();
    await expect(desk.locator('#desk-state').textContent()).resolves.toContain('Draft');
    await desk.locator('#desk-build[data-state="updated"]').waitFor({ timeout: 60_000 });
    await expect(desk.locator('#desk-build').textContent()).resolves.toContain('readers do not see this post');
    expect((await fetchText(path!)).status).toBe(404);
    expect((await fetchText('/')).text).not.toContain(title);
  }, 90_000);

  it('removes a guest post at its author’s request, for good', async () => {
    await desk.goto(`${suite.server.origin}/desk/new`);
    await desk.getByLabel('Title').fill('A guest on the night shift');
    await desk.getByLabel('Text').fill('Words the guest later wanted back: cormorant.');
    await desk.locator('summary').click();
    await desk.getByLabel('Author').fill('A night-shift volunteer');
    await desk.getByRole('button', { name: 'Publish now' }).click();
    await desk.locator('#desk-build[data-state="live"]').waitFor({ timeout: 60_000 });
    const path = await desk.locator('#desk-build a').getAttribute('href');
    expect((await fetchText(path!)).text).toContain('cormorant');
    await desk.getByRole('link', { name: /Remove at the author/ }).click();
    await desk.getByLabel(/erased for good/).check();
    await desk.getByRole('button', { name: 'Erase the text' }).click();
    await until('the note replaces the text', async () => {
      const { text } = await fetchText(path!);
      return text.includes('Removed at the author') && !text.includes('cormorant');
    });
    await desk.goto(`${suite.server.origin}/desk/posts/a-guest-on-the-night-shift/history`);
    await expect(desk.locator('.mod-list li').count()).resolves.toBe(0);
  }, 120_000);

  it('keeps what is typed on the server: closing the tab loses nothing', async () => {
    const first = await desk.context().newPage();
    problems.push(watchProblems(first, suite.server.origin));
    await first.goto(`${suite.server.origin}/desk/new`);
    await first.getByLabel('Title').fill('Half a thought');
    await first.getByLabel('Text').fill('Typed on the train, the word dunlin in it.');
    await first.locator('#desk-autosave', { hasText: 'Changes kept' }).waitFor({ timeout: 10_000 });
    const address = first.url();
    expect(address).toMatch(/\/desk\/new\?draft=new-[a-f0-9]{16}$/);
    await first.close();
    const again = await desk.context().newPage();
    problems.push(watchProblems(again, suite.server.origin));
    await again.goto(address);
    await expect(again.getByLabel('Text').inputValue()).resolves.toContain('dunlin');
    await expect(again.locator('.notice').first().textContent()).resolves.toContain('Your unsaved changes');
    await again.close();
  });

  it('axe finds no WCAG 2.2 A/AA violation on the desk’s pages, light and dark, on a phone and a desktop', async () => {
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    // axe is injected as an inline script, which our own policy forbids: bypass it for this check only.
    const audit = await suite.browser.newContext({ bypassCSP: true });
    contexts.push(audit);
    const cookie = await signIn(suite.server.origin, editor.name, editor.password);
    const [name, value] = cookie.split('=') as [string, string];
    await audit.addCookies([{ name, value, url: suite.server.origin }]);
    const p = await audit.newPage();
    const found: string[] = [];
    for (const path of ['/desk', '/desk/new', `/desk/posts/${id}`, `/desk/posts/${id}/history`, `/desk/posts/${id}/remove`]) {
      for (const width of [375, 1280]) {
        await p.setViewportSize({ width, height: 900 });
        await p.goto(`${suite.server.origin}${path}`);
        await p.addScriptTag({ content: axeSource });
        for (const colorScheme of ['light', 'dark'] as const) {
          await p.emulateMedia({ colorScheme });
          const violations = await p.evaluate(async () => {
            const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
            const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
            return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
          });
          found.push(...violations.map((v) => `${path} (${width}px, ${colorScheme}) ${v}`));
        }
        // Nothing wider than the phone's screen: the page scrolls down, not sideways.
        if (width === 375) expect(await p.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
      }
    }
    expect(found).toEqual([]);
  }, 120_000);
});
