import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { bloggerRedirects, withoutMobileSwitch } from './blogger-redirects.ts';

const post = (id: string, url: string, bloggerPath?: string): PostsManifestEntry => ({
  id,
  title: id,
  url,
  published: '2021-01-01T00:00:00.000Z',
  labels: [],
  comments: 'open',
  ...(bloggerPath ? { bloggerPath } : {}),
});

const posts = [
  post('losing-the-plot', '/2021/02/losing-the-plot/'),
  // Two Blogger posts with one file name: the second was imported as x-2.
  post('x', '/2020/01/x/', '/2020/01/x.html'),
  post('x-2', '/2021/05/x-2/', '/2021/05/x.html'),
  // Imported under another name than its old file: only its old path finds it.
  post('renamed', '/2022/09/renamed/', '/2022/09/donec-ultrices-mauris-vitae-diam.html'),
  post('cafe', '/2023/03/cafe/', '/2023/03/caf%C3%A9.html'),
];

const pages: PagesManifestEntry[] = [
  { slug: 'stylesheet', title: 'Stylesheet', url: '/p/stylesheet/', published: '2022-09-30T01:05:00.000Z', comments: 'open', bloggerPath: '/p/stylesheet.html' },
  { slug: 'contact', title: 'Contact', url: '/p/contact/', published: '2022-09-30T01:05:00.000Z', comments: 'open' },
  { slug: 'team', title: 'Team', url: '/p/team/', published: '2022-09-30T01:05:00.000Z', comments: 'open', bloggerPath: '/p/our-team.html' },
];

const app = bloggerRedirects(posts, pages);

describe('old post addresses', () => {
  it.each([
    // By the old path first…
    ['/2020/01/x.html', '/2020/01/x/'],
    ['/2021/05/x.html', '/2021/05/x-2/'],
    ['/2021/05/x.html?m=1', '/2021/05/x-2/'],
    ['/2022/09/donec-ultrices-mauris-vitae-diam.html', '/2022/09/renamed/'],
    ['/2023/03/caf%C3%A9.html', '/2023/03/cafe/'],
    // …then by id, whatever the date in the address.
    ['/2021/02/losing-the-plot.html', '/2021/02/losing-the-plot/'],
    ['/2019/07/losing-the-plot.html', '/2021/02/losing-the-plot/'],
    ['/2024/12/x.html', '/2020/01/x/'],
    ['/2024/12/renamed.html', '/2022/09/renamed/'],
  ])('%s -> 301 %s', async (from, to) => {
    const res = await app.request(from);
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe(to);
  });

  it.each(['/2021/02/never-written.html', '/2021/02/donec-ultrices-mauris-vitae-diam/', '/2021/5/x.html'])('%s is not redirected', async (path) => {
    expect((await app.request(path)).status).toBe(404);
  });
});

describe('old page addresses', () => {
  it.each([
    ['/p/stylesheet.html', '/p/stylesheet/'],
    ['/p/stylesheet.html?m=1', '/p/stylesheet/'],
    ['/p/our-team.html', '/p/team/'],
    // A page without an old path, e.g. written here, is found by its slug.
    ['/p/contact.html', '/p/contact/'],
    ['/p/team.html', '/p/team/'],
  ])('%s -> 301 %s', async (from, to) => {
    const res = await app.request(from);
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe(to);
  });

  it.each(['/p/never-written.html', '/p/stylesheet', '/p/x.html'])('%s is not redirected', async (path) => {
    expect((await app.request(path)).status).toBe(404);
  });

  it('with no pages, no page address is redirected', async () => {
    expect((await bloggerRedirects(posts).request('/p/stylesheet.html')).status).toBe(404);
  });
});

/** 25 posts, one a day back from 1 March 2022 (newest first, as posts.json lists them); every other one labelled Courts. */
const daily: PostsManifestEntry[] = Array.from({ length: 25 }, (_, i) => {
  const published = new Date(Date.UTC(2022, 2, 1, 10) - i * 86_400_000);
  const month = String(published.getUTCMonth() + 1).padStart(2, '0');
  return {
    id: `day-${i}`,
    title: `Day ${i}`,
    url: `/2022/${month}/day-${i}/`,
    published: published.toISOString(),
    labels: i % 2 === 0 ? [{ slug: 'courts', name: 'Courts' }] : [],
    comments: 'open',
    bloggerId: String(1000 + i),
  };
});
const importedPage: PagesManifestEntry = { slug: 'stylesheet', title: 'Stylesheet', url: '/p/stylesheet/', published: '2022-09-30T01:05:00.000Z', comments: 'open', bloggerId: '2000' };
const withBoard = bloggerRedirects(daily, [importedPage], { commentFeeds: true });
const publishedOf = (i: number) => daily[i]!.published;

const redirects = (app: Hono) => async (from: string, to: string) => {
  const res = await app.request(from);
  expect(res.status, from).toBe(301);
  expect(res.headers.get('Location')).toBe(to);
};

describe('old feed addresses', () => {
  it.each([
    ['/feeds/1003/comments/default', '/api/posts/day-3/comments.atom'],
    ['/feeds/1003/comments/default?alt=rss', '/api/posts/day-3/comments.atom'],
    ['/feeds/1003/comments/summary', '/api/posts/day-3/comments.atom'],
    // A page's thread is keyed by its slug.
    ['/feeds/2000/comments/default', '/api/posts/stylesheet/comments.atom'],
    ['/feeds/comments/default', '/api/comments/recent.atom'],
    ['/feeds/comments/default?alt=rss', '/api/comments/recent.atom'],
    ['/feeds/posts/default', '/feed.xml'],
    ['/feeds/posts/default?alt=rss', '/feed.xml'],
    ['/feeds/posts/summary', '/feed.xml'],
    ['/feeds/posts/full?alt=rss&max-results=5', '/feed.xml'],
    ['/atom.xml', '/feed.xml'],
    ['/rss.xml', '/feed.xml'],
    ['/feeds/posts/default/-/Courts', '/labels/courts/feed.xml'],
    ['/feeds/posts/summary/-/Courts?alt=rss', '/labels/courts/feed.xml'],
  ])('%s -> 301 %s', (from, to) => redirects(withBoard)(from, to));

  it.each(['/feeds/999/comments/default', '/feeds/1003/comments/other', '/feeds/posts/default/-/Never%20used', '/feeds/posts/other'])('%s is not redirected', async (path) => {
    expect((await withBoard.request(path)).status).toBe(404);
  });

  it('without the comment board, no comment feed is redirected: there is none to go to', async () => {
    const siteAlone = bloggerRedirects(daily, [importedPage]);
    for (const path of ['/feeds/1003/comments/default', '/feeds/comments/default']) expect((await siteAlone.request(path)).status, path).toBe(404);
  });
});

describe('Blogger’s paging', () => {
  it.each([
    // "Older posts" after the 10th post: the next ten are our page 2.
    [`/search?updated-max=${publishedOf(9)}&max-results=10`, '/page/2/'],
    [`/search?updated-max=${encodeURIComponent(publishedOf(19))}&max-results=7`, '/page/3/'],
    // Blogger writes the date in the blog's zone; a `+` unescaped arrives as a space.
    [`/search?updated-max=${publishedOf(10).replace('T10:00:00.000Z', 'T11:00:00+01:00')}`, '/page/2/'],
    ['/search?updated-max=2000-01-01T00:00:00Z', '/page/3/'],
    ['/search?updated-max=2030-01-01T00:00:00Z', '/'],
    ['/search?updated-max=not-a-date', '/search/'],
    // "Newer posts" from the 11th: the ten before it.
    [`/search?updated-min=${publishedOf(10)}&max-results=10&reverse-paginate=true`, '/'],
    [`/search?updated-min=${publishedOf(20)}&reverse-paginate=true`, '/page/2/'],
    // A search with words stays a search.
    [`/search?q=courts&updated-max=${publishedOf(9)}`, '/search/?q=courts'],
    // Label pages: Courts has posts 0, 2, 4 … 24, ten to a page.
    [`/search/label/Courts?updated-max=${publishedOf(18)}&max-results=10`, '/labels/courts/2/'],
    ['/search/label/Courts?max-results=10', '/labels/courts/'],
  ])('%s -> 301 %s', (from, to) => redirects(withBoard)(from, to));

  it('an unknown label is not redirected', async () => {
    expect((await withBoard.request('/search/label/Never%20used?updated-max=2022-01-01T00:00:00Z')).status).toBe(404);
  });
});

describe('old archive addresses', () => {
  it.each([
    // A month or year the site has no page for: the archive page that holds its date.
    ['/2022/01', '/2022/'],
    ['/2022/04/', '/2022/'],
    ['/2019/05/', '/archive/'],
    ['/2019/', '/archive/'],
    ['/2019', '/archive/'],
    // Blogger's daily archives, and its classic archive files.
    ['/2022/02/14/', '/2022/02/'],
    ['/2022/02/14', '/2022/02/'],
    ['/2022_02_01_archive.html', '/2022/02/'],
    ['/2022_07_01_archive.html', '/2022/'],
    ['/2006_03_05_archive.html', '/archive/'],
  ])('%s -> 301 %s', (from, to) => redirects(withBoard)(from, to));

  it.each(['/2022/', '/2022/02/', '/2022/03/', '/2022/02', '/2022/02/day-10/'])('%s is the site’s own page, not redirected', async (path) => {
    expect((await withBoard.request(path)).status).toBe(404);
  });
});

describe('mobile addresses', () => {
  const site = new Hono();
  site.use(withoutMobileSwitch(withBoard));
  site.route('/', withBoard);
  site.get('/api/x', (c) => c.text('api'));
  site.post('/labels/courts/', (c) => c.text('posted'));

  it.each([
    ['/labels/courts/?m=1', '/labels/courts/'],
    ['/?m=0', '/'],
    ['/?m=1&x=2', '/?x=2'],
    // An old address goes to its new home in one step.
    ['/p/stylesheet.html?m=1', '/p/stylesheet/'],
    [`/search?updated-max=${publishedOf(9)}&max-results=10&m=1`, '/page/2/'],
    ['/feeds/posts/default?alt=rss&m=1', '/feed.xml'],
    ['/2022/04/?m=1', '/2022/'],
    ['/2022/02/?m=1', '/2022/02/'],
    ['//evil.example?m=1', '/evil.example'],
    ['/\\evil.example?m=1', '/evil.example'],
  ])('%s -> 301 %s', (from, to) => redirects(site)(from, to));

  it.each([['GET', '/api/x?m=1'], ['GET', '/?m=2'], ['POST', '/labels/courts/?m=1']])('%s %s is left alone', async (method, path) => {
    expect((await site.request(path, { method })).status).not.toBe(301);
  });
});
