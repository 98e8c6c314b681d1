// The pages on a plain static host and the API on an origin of its own, in a real browser: the site
// is built with SITE_URL and API_URL, a bare file server (no headers of ours: the page's own
// <meta> policy is all it has) serves dist/, and the real server answers the API. Readers comment,
// reply, report and delete across origins; a page on a third origin cannot use the API.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../support/browser-suite.ts';
import { freePort } from '../support/sqld.ts';

const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.wasm': 'application/wasm' };

/** Any static host: files from a folder, index.html for a folder, 404 otherwise. */
function staticHost(root: string, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      let path = join(root, normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
      if (!path.startsWith(root)) {
        res.writeHead(400).end();
        return;
      }
      if ((await stat(path).catch(() => undefined))?.isDirectory()) path = join(path, 'index.html');
      if (!(await stat(path).catch(() => undefined))?.isFile()) {
        res.writeHead(404).end('Not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
      createReadStream(path).pipe(res);
    })();
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

let pagesHost: Server;
let otherHost: Server;
// Three loopback addresses, three origins: the pages, the API, and a stranger.
let pagesPort: number;
let apiPort: number;
let otherPort: number;
let pagesOrigin: string;
let apiOrigin: string;
let otherOrigin: string;

beforeAll(async () => {
  [pagesPort, apiPort, otherPort] = [await freePort(), await freePort(), await freePort()];
  pagesOrigin = `http://127.0.0.2:${pagesPort}`;
  apiOrigin = `http://127.0.0.1:${apiPort}`;
  otherOrigin = `http://127.0.0.3:${otherPort}`;
});

const suite = useBrowserSuite({
  urls: () => ({ pagesOrigin: pagesOrigin, boardOrigin: apiOrigin }),
  env: () => ({ LIMITS: 'off', PORT: String(apiPort), SITE_URL: pagesOrigin, API_URL: apiOrigin }),
  pagePerTest: { origins: () => [pagesOrigin, apiOrigin], allowClientErrors: true, acceptDialogs: true },
});

beforeAll(async () => {
  pagesHost = await staticHost(suite.site.outDir, '127.0.0.2', pagesPort);
  otherHost = await staticHost(suite.site.outDir, '127.0.0.3', otherPort);
});

afterAll(async () => {
  await new Promise((resolve) => pagesHost?.close(resolve));
  await new Promise((resolve) => otherHost?.close(resolve));
});

async function writeComment(text: string, form = suite.page.locator('form[data-comment-form="new"]')) {
  await form.locator('textarea[name="body"]').fill(text);
  await form.locator('button[type="submit"]').click();
}

describe('pages on a static host, the API on its own origin', () => {
  it('the server says where readers open the pages', () => {
    expect(suite.server.origin).toBe(apiOrigin);
    expect(suite.server.output()).toContain(`readers open the pages at ${pagesOrigin}/`);
  });

  it('comments, replies, reports and deletes from the static pages', async () => {
    const apiRequests: string[] = [];
    suite.page.on('request', (request) => {
      if (request.url().startsWith(apiOrigin)) apiRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    await suite.page.goto(`${pagesOrigin}/2021/02/losing-the-plot/`);
    await expect(suite.page.locator('html').getAttribute('data-api-origin')).resolves.toBe(apiOrigin);
    await suite.page.locator('form[data-comment-form="new"]').waitFor();
    await writeComment('Written on the static pages, kept by the API.');
    await expect(suite.page.locator('.removal-key').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{32}$/);
    const first = suite.page.locator('.comment', { hasText: 'Written on the static pages' });
    await expect(first.locator('.comment-number').textContent()).resolves.toBe('1');

    await first.getByRole('button', { name: 'Reply' }).click();
    await writeComment('A reply across origins.', first.locator('form'));
    await suite.page.locator('.comment-number', { hasText: '1.1' }).waitFor();

    await first.getByRole('button', { name: 'Report' }).click();
    await first.locator('select[name="reason"]').selectOption('abuse');
    await first.getByRole('button', { name: 'Send report' }).click();
    await suite.page.getByText(/moderators will look at your report\. Its reference is [A-Za-z0-9_-]+\./).waitFor();

    // A refusal's message reaches the page too.
    const form = suite.page.locator('form[data-comment-form="new"]');
    await form.locator('input[name="name"]').fill('Moderator');
    await writeComment('Pretending to be staff, from afar.');
    await form.locator('[role="alert"]', { hasText: 'kept for the blog’s staff' }).waitFor();

    await suite.page.locator('.comment', { hasText: 'A reply across origins.' }).getByRole('button', { name: 'Delete' }).click();
    await suite.page.getByText('Your comment has been removed.').waitFor();

    expect(apiRequests).toContain('GET /api/posts/losing-the-plot/comments');
    expect(apiRequests).toContain('POST /api/posts/losing-the-plot/comments');
    expect(apiRequests.some((r) => /^DELETE \/api\/comments\/\d+$/.test(r))).toBe(true);
    const thread = (await (await fetch(`${apiOrigin}/api/posts/losing-the-plot/comments`)).json()) as { comments: { number: string; status: string }[] };
    expect(thread.comments.map((c) => `${c.number} ${c.status}`)).toEqual(['1 published', '1.1 removed_by_author']);
  });

  it('fills comment counts on the listings from the API', async () => {
    const { counts } = (await (await fetch(`${apiOrigin}/api/counts?posts=losing-the-plot`)).json()) as { counts: Record<string, number> };
    expect(counts['losing-the-plot']).toBeGreaterThan(0);
    await suite.page.goto(`${pagesOrigin}/2021/02/`);
    const n = counts['losing-the-plot']!;
    await suite.page.locator('a[data-comment-count="losing-the-plot"]', { hasText: `${n} ${n === 1 ? 'comment' : 'comments'}` }).waitFor();
  });

  it('sends readers without JavaScript to the API’s thread page, and back to the pages', async () => {
    const noScript = await suite.browser.newContext({ javaScriptEnabled: false });
    const p = await noScript.newPage();
    await p.goto(`${pagesOrigin}/2021/02/losing-the-plot/`);
    await p.getByRole('link', { name: /Read the comments and write one/ }).click();
    await p.waitForURL(`${apiOrigin}/posts/losing-the-plot/comments`);
    await p.locator('#comment-body').fill('Posted with a plain form on the API’s origin.');
    await p.getByRole('button', { name: 'Publish' }).click();
    await p.getByText('Your comment is published.').waitFor();
    await p.getByRole('link', { name: /Back to/ }).click();
    await p.waitForURL(`${pagesOrigin}/2021/02/losing-the-plot/`);
    await noScript.close();
  });

  it('sends old Blogger addresses on to the new ones, though the static host knows nothing of them', async () => {
    await suite.page.goto(`${pagesOrigin}/2021/02/losing-the-plot.html`);
    await suite.page.waitForURL(`${pagesOrigin}/2021/02/losing-the-plot/`);
    await suite.page.goto(`${pagesOrigin}/search/label/Guest%20posts`);
    await suite.page.waitForURL(`${pagesOrigin}/labels/guest-posts/`);
  });

  it('refuses a page on any other origin: it can neither read a thread nor post', async () => {
    const stranger = await suite.browser.newContext();
    const p = await stranger.newPage();
    await p.goto(`${otherOrigin}/`);
    const results = await p.evaluate(async (api) => {
      const attempt = (init?: RequestInit) =>
        fetch(`${api}/api/posts/losing-the-plot/comments`, init).then(
          (res) => `status ${res.status}`,
          (error: Error) => `blocked: ${error.name}`,
        );
      return [await attempt(), await attempt({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'From a stranger.' }) })];
    }, apiOrigin);
    expect(results).toEqual(['blocked: TypeError', 'blocked: TypeError']);
    await stranger.close();
    // The preflight failed, so the post was never sent.
    const thread = (await (await fetch(`${apiOrigin}/api/posts/losing-the-plot/comments`)).json()) as { comments: { html: string | null }[] };
    expect(thread.comments.some((c) => c.html?.includes('From a stranger'))).toBe(false);
  });
});
