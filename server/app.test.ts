import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { createApp } from './app.ts';

const posts: PostsManifestEntry[] = [
  {
    id: 'losing-the-plot',
    title: 'Losing the Plot',
    url: '/2021/02/losing-the-plot/',
    published: '2021-02-04T09:30:00.000Z',
    labels: [{ slug: 'guest-posts', name: 'Guest posts' }],
    comments: 'open',
  },
];

const pages: PagesManifestEntry[] = [{ slug: 'stylesheet', title: 'Stylesheet', url: '/p/stylesheet/', published: '2022-09-30T01:05:00.000Z', comments: 'open', bloggerPath: '/p/stylesheet.html' }];

let dist: string;
let app: ReturnType<typeof createApp>;

const files: Record<string, string> = {
  'index.html': '<!doctype html><title>Home</title>' + 'x'.repeat(2000),
  '404.html': '<!doctype html><title>Not found</title><h1>Sorry, that page does not exist</h1>',
  '2021/02/losing-the-plot/index.html': '<!doctype html><title>Losing the Plot</title>',
  'p/stylesheet/index.html': '<!doctype html><title>House Style</title>',
  'labels/guest-posts/index.html': '<!doctype html><title>Guest posts</title>',
  'labels/guest-posts/feed.xml': '<rss></rss>',
  'feed.xml': '<rss></rss>',
  'sitemap-index.xml': '<sitemapindex></sitemapindex>',
  'posts.json': JSON.stringify(posts),
  'robots.txt': 'User-agent: *',
  '_astro/search.abc123.js': 'console.log(1)',
  '_astro/BaseLayout.abc123.css': 'body{}',
  'pagefind/pagefind.js': 'export {}',
  'pagefind/wasm.en.pagefind': 'wasm',
  'favicon.svg': '<svg></svg>',
  '.befriend-build.json': '{}',
  '_headers': '/*\n  X-Frame-Options: DENY\n',
  '.well-known/security.txt': 'Contact: mailto:security@example.org',
};

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'befriend-app-'));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(dist, path)), { recursive: true });
    await writeFile(join(dist, path), body);
  }
  await utimes(join(dist, 'robots.txt'), new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'));
  app = createApp({ distDir: dist, pagesOrigin: 'http://127.0.0.1:4321', posts, pages });
});

afterAll(() => rm(dist, { recursive: true, force: true }));

describe('Blogger addresses', () => {
  it.each([
    ['/2021/02/losing-the-plot.html', '/2021/02/losing-the-plot/'],
    ['/2019/07/losing-the-plot.html', '/2021/02/losing-the-plot/'],
    ['/2021/02/losing-the-plot.html?m=1', '/2021/02/losing-the-plot/'],
    ['/p/stylesheet.html', '/p/stylesheet/'],
    ['/search/label/Guest%20posts', '/labels/guest-posts/'],
    ['/search/label/Guest%20posts?max-results=20', '/labels/guest-posts/'],
    ['/search?q=probation%20act', '/search/?q=probation%20act'],
    ['/feeds/posts/default', '/feed.xml'],
    ['/feeds/posts/default?alt=rss', '/feed.xml'],
    ['/feeds/posts/default/-/Guest%20posts', '/labels/guest-posts/feed.xml'],
    ['/labels/guest-posts', '/labels/guest-posts/'],
    // Blogger's mobile switch, on any address of the site.
    ['/labels/guest-posts/?m=1', '/labels/guest-posts/'],
    ['/feed.xml?m=0', '/feed.xml'],
  ])('%s -> 301 %s', async (from, to) => {
    const res = await app.request(from);
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe(to);
  });

  it.each([
    ['//labels/guest-posts', '/labels/guest-posts/'],
    ['///labels/guest-posts', '/labels/guest-posts/'],
    ['/%2F%2Flabels/guest-posts', '/labels/guest-posts/'],
    ['/%2Flabels%2Fguest-posts', '/labels/guest-posts/'],
    ['/%2F', '/'],
    ['//labels/guest-posts?x=1', '/labels/guest-posts/?x=1'],
  ])('a folder asked for with extra or escaped slashes (%s) redirects on this origin, to %s', async (from, to) => {
    const res = await app.request(from);
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe(to);
  });

  it.each(['//2021/02/losing-the-plot.html', '//search/label/Guest%20posts', '//search?q=x', '//feeds/posts/default', '/%5Clabels/guest-posts', '/\\labels/guest-posts', '/%2F%2Fevil', '//evil', '/\\evil', '//evil?m=1', '/\\evil?m=1', '/%2F%2Fevil?m=1'])(
    'no answer to %s sends the browser to another host',
    async (path) => {
      const location = (await app.request(path)).headers.get('Location');
      if (location !== null) expect(location).toMatch(/^\/(?![/\\])/);
    },
  );

  it.each(['/2021/02/never-written.html', '/p/never-written.html'])('an unknown old post or page (%s) is a 404 page, not a redirect', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Sorry, that page does not exist');
  });
});

describe('static files', () => {
  it('keeps what the build leaves for itself and for static hosts from readers, but serves .well-known/', async () => {
    for (const path of ['/.befriend-build.json', '/_headers', '/%2Ebefriend-build.json', '/_headers/', '//_headers', '/%2F_headers', '/.befriend-build.json/', '/labels/../_headers', '/_headers%2F']) expect((await app.request(path)).status, path).toBe(404);
    expect((await app.request('/.well-known/security.txt')).status).toBe(200);
  });

  it.each([
    ['/', 'text/html; charset=utf-8', 'public, max-age=0, must-revalidate'],
    ['/2021/02/losing-the-plot/', 'text/html; charset=utf-8', 'public, max-age=0, must-revalidate'],
    ['/feed.xml', 'application/rss+xml; charset=utf-8', 'public, max-age=0, must-revalidate'],
    ['/labels/guest-posts/feed.xml', 'application/rss+xml; charset=utf-8', 'public, max-age=0, must-revalidate'],
    ['/sitemap-index.xml', 'application/xml; charset=utf-8', 'public, max-age=0, must-revalidate'],
    ['/posts.json', 'application/json; charset=utf-8', 'public, max-age=0, must-revalidate'],
    ['/robots.txt', 'text/plain; charset=utf-8', 'public, max-age=0, must-revalidate'],
    ['/_astro/search.abc123.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/_astro/BaseLayout.abc123.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/pagefind/wasm.en.pagefind', 'application/octet-stream', 'public, max-age=0, must-revalidate'],
    ['/favicon.svg', 'image/svg+xml', 'public, max-age=0, must-revalidate'],
  ])('%s is %s, cached as %s', async (path, type, cache) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe(type);
    expect(res.headers.get('Cache-Control')).toBe(cache);
    expect(res.headers.get('ETag')).toMatch(/^W\/"/);
  });

  it('serves a file only at its own address, not with a slash after it', async () => {
    for (const path of ['/feed.xml/', '/robots.txt/', '/2021/02/losing-the-plot/index.html/']) expect((await app.request(path)).status, path).toBe(404);
    expect((await app.request('/2021/02/losing-the-plot/index.html')).status).toBe(200);
  });

  it('serves the posts manifest as built', async () => {
    expect(await (await app.request('/posts.json')).json()).toEqual(posts);
  });

  it('answers 304 to a matching ETag or an unchanged Last-Modified', async () => {
    const first = await app.request('/robots.txt');
    const etag = first.headers.get('ETag')!;
    expect((await app.request('/robots.txt', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await app.request('/robots.txt', { headers: { 'If-None-Match': 'W/"other"' } })).status).toBe(200);
    expect((await app.request('/robots.txt', { headers: { 'If-Modified-Since': 'Mon, 01 Jan 2024 00:00:00 GMT' } })).status).toBe(304);
    expect((await app.request('/robots.txt', { headers: { 'If-Modified-Since': 'Sun, 31 Dec 2023 00:00:00 GMT' } })).status).toBe(200);
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await app.request('/robots.txt', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Length')).toBe(String(files['robots.txt']!.length));
    expect(await res.text()).toBe('');
  });

  it('compresses large text for clients that accept it', async () => {
    const res = await app.request('/', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(res.headers.get('Vary')).toContain('Accept-Encoding');
  });

  it.each(['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2fpackage.json', '/a%00b', '/%E0%A4%A', '/index.html%5C..%5C..%5Cetc'])(
    'never leaves dist/: %s is a 404',
    async (path) => {
      const res = await app.request(path);
      expect(res.status).toBe(404);
    },
  );

  it('shows the 404 page with status 404 for unknown paths', async () => {
    const res = await app.request('/no/such/page/');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('Sorry, that page does not exist');
  });

  it('does not serve files for other methods', async () => {
    expect((await app.request('/', { method: 'POST' })).status).toBe(404);
  });
});

describe('security headers', () => {
  it.each(['/', '/feed.xml', '/posts.json', '/no/such/page/', '/2021/02/losing-the-plot.html'])('on %s', async (path) => {
    const res = await app.request(path);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    expect(res.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it('on a build asset, only those that mean something on a file that is no page', async () => {
    const res = await app.request('/_astro/search.abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Content-Security-Policy')).toBeNull();
    expect(res.headers.get('X-Frame-Options')).toBeNull();
  });

  it('adds HSTS when the site is served over https', async () => {
    const https = createApp({ distDir: dist, pagesOrigin: 'https://blog.example.org', posts });
    expect((await https.request('/')).headers.get('Strict-Transport-Security')).toContain('max-age=');
  });
});
