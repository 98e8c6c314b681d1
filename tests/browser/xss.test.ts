// The XSS payloads of the renderer's tests, each posted as a comment and shown by the real pages
// in Chromium: the post page (thread rendered by site/scripts/comments.ts) and the thread page for
// readers without JavaScript. No script may run: a `window.__pwned` trap, dialog traps and a
// Content Security Policy violation listener must all stay silent, even when every element of
// every comment is hovered, focused and clicked.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../../site/lib/posts.ts';
import { launchChromium, watchProblems } from '../support/chromium.ts';
import { buildFixtureSite, type BuiltSite } from '../support/fixture-site.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

// The same lists as api/render/markdown.test.ts.
// Markdown that tries to smuggle a scheme, an attribute or an element through marked.
const markdownPayloads = [
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x]( javascript:alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](javascript&colon;alert(1))',
  '[x](javascript&#58;alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](java&#10;script:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))',
  '[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))',
  '[x](java\\tscript:alert(1))',
  '[x](\u0001javascript:alert(1))',
  '[x](%6Aavascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](VBScript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](data:text/html,<script>alert(1)</script>)',
  '[x](DATA:image/svg+xml,<svg onload=alert(1)>)',
  '[x](file:///etc/passwd)',
  '[x](//evil.example/)',
  '[x](\\\\evil.example\\x)',
  '[x](javascript:alert(1) "title")',
  '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
  '[x](https://example.org \'a" onclick="alert(1)\')',
  '[x](https://example.org" onmouseover="alert(1))',
  '[x](https://example.org&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;)',
  '[x](https://example.org/&#34;onmouseover=alert(1))',
  '[x][evil]\n\n[evil]: javascript:alert(1)',
  '[evil]\n\n[evil]: JAVASCRIPT:alert(1) "t"',
  '[x][d]\n\n[d]: data:text/html,<script>alert(1)</script>',
  '[x][e]\n\n[e]: java&#x09;script:alert(1)',
  '<javascript:alert(1)>',
  '<JAVASCRIPT:alert(1)>',
  '<vbscript:msgbox(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  '<https://example.org/"onmouseover="alert(1)>',
  'javascript:alert(1)',
  'www.example.org/"onmouseover="alert(1)',
  'https://example.org/"><script>alert(1)</script>',
  'https://example.org/<img src=x onerror=alert(1)>',
  'x@example.org"onmouseover="alert(1)',
  '![x](javascript:alert(1))',
  '![x" onerror="alert(1)](https://example.org/x.png)',
  '![x](https://example.org/x.png" onerror="alert(1))',
  '[![x](https://example.org/x.png)](javascript:alert(1))',
  '[<img src=x onerror=alert(1)>](https://example.org/)',
  '[x](https://example.org/)<img src=x onerror=alert(1)>',
  '*<img src=x onerror=alert(1)>*',
  '`<script>alert(1)</script>`',
  '```\n</code></pre><script>alert(1)</script>\n```',
  '```"><script>alert(1)</script>\nx\n```',
  '    </code></pre><img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img/src=x/onerror=alert(1)>',
  '<pre>\n<img/src=x/onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=javascript:alert(1)>x</a>',
  '<a href="https://example.org/" onclick="alert(1)">x</a>',
  '<div>\n<script>alert(1)</script>\n</div>',
  '<!-- <img src=x onerror=alert(1)> -->',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<details open ontoggle=alert(1)>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<math href="javascript:alert(1)">x</math>',
  '> <img src=x onerror=alert(1)>',
  '- <svg onload=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&lt;img src=x onerror=alert(1)&gt;',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '\u0000<script>alert(1)</script>',
  '<scr\u0000ipt>alert(1)</scr\u0000ipt>',
];

// Raw HTML: known XSS and mutation-XSS shapes.
const htmlPayloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)"//',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<svg><a href="https://example.org/">in svg</a></svg>',
  '<svg><animate attributeName="href" values="javascript:alert(1)"/><a><text>x</text></a></svg>',
  '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
  '<svg><foreignObject><p><img src=x onerror=alert(1)></p></foreignObject></svg>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>"></path></textarea></mtext></svg></mglyph></mi></math>',
  '<math href="javascript:alert(1)">x</math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<noembed><p title="</noembed><img src=x onerror=alert(1)>">',
  '<noframes><p title="</noframes><img src=x onerror=alert(1)>">',
  '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
  '<title><img src=x onerror=alert(1)></title>',
  '<textarea><img src=x onerror=alert(1)></textarea>',
  '<template><img src=x onerror=alert(1)></template>',
  '<select><template><style><img src=x onerror=alert(1)></style></template></select>',
  '<table><caption><svg><style><img src=x onerror=alert(1)>',
  '<table><tr><td><a href="javascript:alert(1)">cell</a></td></tr></table>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<button formaction="javascript:alert(1)">go</button>',
  '<isindex action="javascript:alert(1)" type="image">',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<body onload=alert(1)>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<p class="x" id="y" data-x="1" title="t" lang="en" dir="rtl" aria-label="l">attrs</p>',
  '<ol start="3" reversed type="a"><li value="7">x</li></ol>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href="java&#x0A;script:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<a href="\u0001javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="/relative">x</a>',
  '<a href="//evil.example/">x</a>',
  '<a href="ftp://example.org/">x</a>',
  '<a href="javascript:alert(1)" href="https://example.org/">x</a>',
  '<A HREF="https://example.org/" ONCLICK="alert(1)" TARGET="_blank" REL="opener">x</A>',
  '<a href="https://example.org/" target="_blank" rel="opener" ping="https://evil.example/" download>x</a>',
  '<a href="https://example.org/"><a href="javascript:alert(1)">nested</a></a>',
  '<a href="https://example.org/"><div><a href="https://example.com/">x</a></div></a>',
  '<a id="__proto__" name="attributes">clobber</a>',
  '<form id="x"><input name="attributes"><input name="removeChild"></form>',
  '<img name="body"><img id="getElementsByTagName">',
  '<p><button><p>inside</p></button></p>',
  '<pre>\n\nleading newline</pre>',
  '<pre><span>\nx</span></pre>',
  '<li>loose item</li>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<img src=x onerror=alert(1)>]]>',
  '<?xml version="1.0"?><img src=x onerror=alert(1)>',
  '<plaintext><img src=x onerror=alert(1)>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>script>alert(1)<</script>/script>',
  '<style>@import "https://evil.example/x.css";</style><p>x</p>',
  '<p>ok</p><script>alert(1)</script>',
  '<a href="https://example.org/">&lt;img src=x onerror=alert(1)&gt;</a>',
];

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

let site: BuiltSite;
let server: ServerProcess;
let browser: Browser;
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

beforeAll(async () => {
  site = await buildFixtureSite();
  server = await startServer({ DIST_DIR: site.outDir, DATABASE_URL: `file:${join(site.root, 'comments.db')}`, LIMITS: 'off' });
  browser = await launchChromium();
  context = await browser.newContext();
  await context.addInitScript(installTraps);
  page = await context.newPage();
  problems = watchProblems(page, server.origin);
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });

  const manifest = JSON.parse(await readFile(join(site.outDir, 'posts.json'), 'utf8')) as PostsManifestEntry[];
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
    const res = await fetch(`${server.origin}/api/posts/${encodeURIComponent(postId)}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ body: payload }),
    });
    const data = (await res.json()) as { comment?: { id: number; status: string } };
    if (res.status !== 201 || data.comment?.status !== 'published') throw new Error(`${JSON.stringify(payload)} was answered ${res.status}: ${JSON.stringify(data)}`);
    threads.get(postId)!.push({ payload, id: data.comment.id });
  }
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (site) await rm(site.root, { recursive: true, force: true });
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
    await page.goto(`${server.origin}${posts.get(postId!)!.url}`);
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
    ['on the thread page for readers without JavaScript', (post: PostsManifestEntry) => `/posts/${encodeURIComponent(post.id)}/comments`],
  ])('%s', (where, path) => {
    it.each([...Array(Math.ceil(payloads.length / perPost)).keys()])('post %i: nothing runs', async (index) => {
      const [postId, posted] = [...threads.entries()][index]!;
      problems.length = 0;
      await page.goto(`${server.origin}${path(posts.get(postId)!)}`);
      // Every comment is shown before anything is touched.
      await page.waitForFunction((count) => document.querySelectorAll('.comment[data-comment-id]').length >= count, posted.length, { timeout: 15_000 });
      const report = await page.evaluate(exercise);
      // Let anything a click or an event queued (a navigation, a timer) happen.
      await page.waitForTimeout(200);
      expect(page.url(), 'a click navigated away').toBe(`${server.origin}${path(posts.get(postId)!)}`);

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
