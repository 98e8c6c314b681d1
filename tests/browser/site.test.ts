// Reading the blog in a real browser: home, labels, paging, search, and nothing from elsewhere.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../support/browser-suite.ts';

const suite = useBrowserSuite({ database: 'site.db' });

const go = (path: string) => suite.page.goto(`${suite.server.origin}${path}`);

describe('reading', () => {
  it('opens home, follows a label, and pages through it', async () => {
    await go('/');
    await expect(suite.page.locator('.post-summary').count()).resolves.toBe(10);
    await suite.page.locator('.post-summary', { hasText: 'Losing the Plot' }).getByRole('link', { name: 'Volunteers' }).click();
    await suite.page.waitForURL(`${suite.server.origin}/labels/volunteers/`);
    await expect(suite.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Showing posts with label Volunteers. Show all posts');
    await suite.page.getByRole('link', { name: 'Older posts' }).click();
    await suite.page.waitForURL(`${suite.server.origin}/labels/volunteers/2/`);
    await expect(suite.page.locator('.post-summary').count()).resolves.toBe(1);
    await suite.page.getByRole('link', { name: 'Newer posts' }).click();
    await suite.page.waitForURL(`${suite.server.origin}/labels/volunteers/`);
    await suite.page.getByRole('link', { name: 'Show all posts' }).click();
    await suite.page.waitForURL(`${suite.server.origin}/`);
  });

  it('pages through home with "Older posts" and reaches a post and its neighbours', async () => {
    await go('/');
    await suite.page.getByRole('link', { name: 'Older posts' }).click();
    await suite.page.waitForURL(`${suite.server.origin}/page/2/`);
    await suite.page.getByRole('link', { name: 'Older posts' }).click();
    await suite.page.waitForURL(`${suite.server.origin}/page/3/`);
    await expect(suite.page.locator('.post-summary').count()).resolves.toBe(4);
    await suite.page.locator('.post-summary-title a').first().click();
    await expect(suite.page.locator('h1').textContent()).resolves.toMatch(/Filler/);
    await suite.page.getByRole('link', { name: /Newer post/ }).click();
    await expect(suite.page.locator('h1').textContent()).resolves.toMatch(/Filler/);
  });

  it('reads a post with JavaScript switched off', async () => {
    const noScript = await suite.browser.newContext({ javaScriptEnabled: false });
    const p = await noScript.newPage();
    await p.goto(`${suite.server.origin}/2021/02/losing-the-plot/`);
    await expect(p.locator('h1').textContent()).resolves.toBe('Losing the Plot');
    await expect(p.locator('.pull-quote').textContent()).resolves.toContain('Nobody changes in an interview room.');
    await noScript.close();
  });

  it('starts keyboard navigation with the skip link, which lands on the content', async () => {
    await go('/');
    await suite.page.keyboard.press('Tab');
    await expect(suite.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await suite.page.keyboard.press('Enter');
    await expect(suite.page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
  });

  it('follows an old Blogger address to the post', async () => {
    await go('/2021/02/losing-the-plot.html');
    expect(suite.page.url()).toBe(`${suite.server.origin}/2021/02/losing-the-plot/`);
  });

  it('follows an old Blogger page address to the page', async () => {
    await go('/p/stylesheet.html');
    expect(suite.page.url()).toBe(`${suite.server.origin}/p/stylesheet/`);
    await expect(suite.page.locator('h1').textContent()).resolves.toBe('House Style');
  });
});

describe('search', () => {
  /** Searches from the search page's form; the result links, once the first is shown. */
  async function searchFor(words: string) {
    await go('/search/');
    await suite.page.getByLabel('Words to find').fill(words);
    await suite.page.getByRole('button', { name: 'Search' }).click();
    const result = suite.page.locator('.search-results li a');
    await result.first().waitFor();
    return result;
  }

  it('finds a post by a word in its body', async () => {
    const result = await searchFor('quinquereme');
    await expect(result.allTextContents()).resolves.toEqual(['Losing the Plot']);
    await expect(suite.page.locator('[data-search-status]').textContent()).resolves.toContain('1 post match');
    await expect(suite.page.locator('.search-results mark').first().textContent()).resolves.toBe('quinquereme');
    await result.first().click();
    await suite.page.waitForURL(`${suite.server.origin}/2021/02/losing-the-plot/`);
  });

  it('finds a post of an earlier year: each year has its own index, and the page merges them', async () => {
    await expect((await searchFor('Jerry')).allTextContents()).resolves.toEqual(['An Imported Post']);
  });

  it('filters by label, and runs from a shared address', async () => {
    await go('/search/?q=quinquereme&label=Courts');
    await suite.page.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent?.startsWith('No posts'));
    await expect(suite.page.locator('[data-search-status]').textContent()).resolves.toBe('No posts with label Courts match “quinquereme”.');
    await suite.page.getByLabel('Label').selectOption('Guest posts');
    await suite.page.getByRole('button', { name: 'Search' }).click();
    await suite.page.locator('.search-results li').first().waitFor();
    await expect(suite.page.locator('.search-results li a').allTextContents()).resolves.toEqual(['Losing the Plot']);
    expect(suite.page.url()).toContain('label=Guest+posts');
  });
});

describe('accessibility', () => {
  const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const paths = ['/', '/2021/02/losing-the-plot/', '/labels/volunteers/', '/labels/', '/archive/', '/2021/02/', '/search/', '/about/', '/p/stylesheet/', '/no-such-page/', '/posts/losing-the-plot/comments', '/reports', '/reports/no-such-reference'];

  it.each(['light', 'dark'] as const)('axe finds no WCAG 2.2 A/AA violation on any kind of page (%s)', async (colorScheme) => {
    // axe is injected as an inline script, which our own policy forbids: bypass it for this check only.
    const audit = await suite.browser.newContext({ colorScheme, bypassCSP: true });
    const p = await audit.newPage();
    const found: string[] = [];
    for (const path of paths) {
      await p.goto(`${suite.server.origin}${path}`);
      await p.addScriptTag({ content: await axeSource });
      const violations = await p.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      });
      found.push(...violations.map((v) => `${path} ${v}`));
    }
    await audit.close();
    expect(found).toEqual([]);
  });

  it('an empty thread is no list: axe has nothing to flag or to ask about its children', async () => {
    const audit = await suite.browser.newContext({ bypassCSP: true });
    const p = await audit.newPage();
    await p.goto(`${suite.server.origin}/2021/02/losing-the-plot/`);
    await p.locator('#comments-heading', { hasText: '0 comments' }).waitFor();
    expect(await p.locator('[role="list"]:not(:has(li))').count()).toBe(0);
    await p.addScriptTag({ content: await axeSource });
    const flagged = await p.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: string, opts: object) => Promise<Record<'violations' | 'incomplete', { id: string }[]>> } }).axe;
      const result = await axe.run('#comments', { runOnly: { type: 'rule', values: ['aria-required-children', 'list', 'listitem'] } });
      return [...result.violations, ...result.incomplete].map((r) => r.id);
    });
    await audit.close();
    expect(flagged).toEqual([]);
  });
});
