// The XSS payloads of the renderer's tests, each posted as a comment and shown by the real pages
// in Chromium: the post page (thread rendered by site/scripts/comments.ts) and the thread page for
// readers without JavaScript. No script may run: a `window.__pwned` trap, dialog traps and a
// Content Security Policy violation listener must all stay silent, even when every element of
// every comment is hovered, focused and clicked.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { openDatabase } from '../../api/db/database.ts';
import { saveSettings } from '../../api/settings.ts';
import { useBrowserSuite } from '../support/browser-suite.ts';
import { watchProblems } from '../support/chromium.ts';
import { htmlPayloads, markdownPayloads } from '../fixtures/xss-payloads.ts';

/** Every payload as written (calling `alert`), and again setting `window.__pwned` instead. */
const payloads = [...new Set([...markdownPayloads, ...htmlPayloads].flatMap((p) => [p, p.replaceAll('alert(1)', 'window.__pwned=1')]))];
const perPost = 60;

interface Posted {
  payload: string;
  id: number;
}

interface Findings {
  hits: string[];
  violations: string[];
}

interface PageReport {
  ids: number[];
  bodies: Record<string, string>;
  unsafe: string[];
}

/** One page for the whole file, its traps installed before any script of the page runs. */
let context: BrowserContext;
let page: Page;
let problems: string[];
/** Post id → the comments posted on it, in order. */
const threads = new Map<string, Posted[]>();
const posts = new Map<string, PostsManifestEntry>();

// Runs in the page before any of its scripts: any script a payload manages to run trips these.
function installTraps(): void {
  const w = window as unknown as Record<string, unknown> & { __findings: Findings };
  const findings: Findings = { hits: [], violations: [] };
  Object.defineProperty(w, '__findings', { value: findings });
  Object.defineProperty(w, '__pwned', {
    configurable: false,
    set(value: unknown) {
      findings.hits.push(`__pwned = ${String(value)}`);
    },
    get() {
      return undefined;
    },
  });
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    Object.defineProperty(w, name, {
      configurable: false,
      writable: false,
      value: (...args: unknown[]) => {
        findings.hits.push(`${name}(${args.map(String).join(', ')})`);
        return name === 'prompt' ? null : name === 'confirm' ? false : undefined;
      },
    });
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    findings.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}: ${event.sample}`);
  });
}

// Runs in the page: hovers, focuses and clicks everything inside the comment bodies, then reports
// what is there. A click on a safe link is stopped before it navigates; any other link is let through,
// so that a `javascript:` address would run and trip the traps.
function exercise(): PageReport {
  const safe = /^(?:https?:|mailto:)/i;
  document.addEventListener(
    'click',
    (event) => {
      const link = (event.target as Element).closest('a[href]');
      if (link && safe.test(link.getAttribute('href')!.trim())) event.preventDefault();
    },
    true,
  );
  const unsafe: string[] = [];
  const bodies: Record<string, string> = {};
  for (const body of document.querySelectorAll<HTMLElement>('.comment-body')) {
    const id = body.closest('[data-comment-id]')!.getAttribute('data-comment-id')!;
    bodies[id] = body.innerHTML;
    for (const element of body.querySelectorAll<HTMLElement>('*')) {
      for (const type of ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'pointerover', 'pointerdown', 'pointerup']) {
        element.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window }));
      }
      element.dispatchEvent(new FocusEvent('focus'));
      element.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
      element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
      element.dispatchEvent(new Event('toggle'));
      element.dispatchEvent(new Event('load'));
      element.dispatchEvent(new Event('error'));
      const names = element.getAttributeNames();
      for (const name of names) {
        if (/^on/i.test(name) || name === 'style' || name === 'src' || name === 'srcdoc' || name === 'action' || name === 'formaction') unsafe.push(`${id}: ${name} on ${element.outerHTML}`);
      }
      if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') unsafe.push(`${id}: foreign element ${element.outerHTML}`);
      const href = element.getAttribute('href');
      if (href !== null && !safe.test(href.trim())) unsafe.push(`${id}: href ${JSON.stringify(href)}`);
    }
  }
  const ids = [...document.querySelectorAll('.comment[data-comment-id]')].map((a) => Number(a.getAttribute('data-comment-id')));
  return { ids, bodies, unsafe };
}

const suite = useBrowserSuite({
  env: () => ({ LIMITS: 'off' }),
  async beforeStart({ databaseUrl }) {
    // Payloads with an address in them are published when sent anyway, so that they are drawn.
    const db = await openDatabase({ url: databaseUrl });
    await saveSettings(db, { identifyingDetails: 'publish' });
    db.close();
  },
  pagePerTest: false,
});

beforeAll(async () => {
  context = await suite.browser.newContext();
  await context.addInitScript(installTraps);
  // The script sanitises with the browser's own sanitiser where there is one, else with DOMPurify:
  // an address ending "?without-sanitizer-api" makes this browser one without.
  await context.addInitScript(() => {
    if (location.search === '?without-sanitizer-api') delete (Element.prototype as { setHTML?: unknown }).setHTML;
  });
  page = await context.newPage();
  problems = watchProblems(page, suite.server.origin);
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });

  const manifest = JSON.parse(await readFile(join(suite.site.outDir, 'posts.json'), 'utf8')) as PostsManifestEntry[];
  const open = manifest.filter((post) => post.comments === 'open' && post.id !== 'losing-the-plot');
  const needed = Math.ceil(payloads.length / perPost);
  if (open.length < needed) throw new Error(`The fixture site has ${open.length} open posts; ${needed} are needed.`);
  for (const post of open.slice(0, needed)) {
    posts.set(post.id, post);
    threads.set(post.id, []);
  }
  const ids = [...threads.keys()];
  // One post at a time, in order, so that each thread's numbering follows the payloads.
  for (const [i, payload] of payloads.entries()) {
    const postId = ids[Math.floor(i / perPost)]!;
    const res = await fetch(`${suite.server.origin}/api/posts/${encodeURIComponent(postId)}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ body: payload, confirmIdentifying: true }),
    });
    const data = (await res.json()) as { comment?: { id: number; status: string } };
    if (res.status !== 201 || data.comment?.status !== 'published') throw new Error(`${JSON.stringify(payload)} was answered ${res.status}: ${JSON.stringify(data)}`);
    threads.get(postId)!.push({ payload, id: data.comment.id });
  }
}, 120_000);

afterAll(async () => {
  await context?.close();
});

async function findings(): Promise<Findings> {
  return page.evaluate(() => (window as unknown as { __findings: Findings }).__findings);
}

/** What a payload's comment looks like in a failure message. */
function describeIds(postId: string, report: PageReport): string {
  const payloadOf = new Map(threads.get(postId)!.map((c) => [String(c.id), c.payload]));
  return report.unsafe.map((line) => `${line}\n  from ${JSON.stringify(payloadOf.get(line.split(':')[0]!))}`).join('\n');
}

const renderedBodies = new Map<string, Record<string, string>>();

describe('XSS payloads posted as comments', () => {
  it(`covers every payload (${payloads.length})`, () => {
    expect(payloads.length).toBeGreaterThan(250);
    expect([...threads.values()].flat()).toHaveLength(payloads.length);
  });

  it('would notice a script that ran (the traps work)', async () => {
    const [postId] = [...threads.keys()];
    await page.goto(`${suite.server.origin}${posts.get(postId!)!.url}`);
    await page.locator('.comment-body').first().waitFor();
    await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown> & { alert: (message: string) => void };
      w['__pwned'] = 1;
      w.alert('1');
      // An inline handler is refused by the Content Security Policy, and the refusal is heard.
      const body = document.querySelector('.comment-body')!;
      body.insertAdjacentHTML('beforeend', '<span onclick="window.__pwned = 2">x</span>');
      body.querySelector('span[onclick]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });
    await page.waitForFunction(() => (window as unknown as { __findings: Findings }).__findings.violations.length > 0);
    const found = await findings();
    expect(found.hits).toEqual(['__pwned = 1', 'alert(1)']);
    // One report for each copy of the policy (the header and the page's <meta>).
    expect(found.violations.length).toBeGreaterThan(0);
    for (const violation of found.violations) expect(violation).toMatch(/^script-src-attr blocked inline/);
    problems.length = 0;
  });

  describe.each([
    ['on the post page, rendered by its script', (post: PostsManifestEntry) => post.url],
    ['on the post page, rendered by its script with DOMPurify', (post: PostsManifestEntry) => `${post.url}?without-sanitizer-api`],
    ['on the thread page for readers without JavaScript', (post: PostsManifestEntry) => `/posts/${encodeURIComponent(post.id)}/comments`],
  ])('%s', (where, path) => {
    it.each([...Array(Math.ceil(payloads.length / perPost)).keys()])('post %i: nothing runs', async (index) => {
      const [postId, posted] = [...threads.entries()][index]!;
      problems.length = 0;
      await page.goto(`${suite.server.origin}${path(posts.get(postId)!)}`);
      // Every comment is shown before anything is touched.
      await page.waitForFunction((count) => document.querySelectorAll('.comment[data-comment-id]').length >= count, posted.length, { timeout: 15_000 });
      const report = await page.evaluate(exercise);
      // Let anything a click or an event queued (a navigation, a timer) happen.
      await page.waitForTimeout(200);
      expect(page.url(), 'a click navigated away').toBe(`${suite.server.origin}${path(posts.get(postId)!)}`);

      expect(report.ids).toEqual(posted.map((c) => c.id));
      expect(Object.keys(report.bodies)).toHaveLength(posted.length);
      expect(describeIds(postId, report)).toBe('');
      expect(await findings()).toEqual({ hits: [], violations: [] });
      expect(problems).toEqual([]);

      // Both pages show each comment with exactly the same HTML (links keep rel="nofollow ugc …").
      const bodies = report.bodies;
      const other = renderedBodies.get(postId);
      if (other) {
        for (const [id, html] of Object.entries(bodies)) expect(html, `${where}, comment ${id}`).toBe(other[id]);
      } else renderedBodies.set(postId, bodies);
    });
  });
});
