import { describe, expect, it } from 'vitest';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { bloggerRedirects } from './blogger-redirects.ts';

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
