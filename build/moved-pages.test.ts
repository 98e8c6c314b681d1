import { describe, expect, it } from 'vitest';
import { movedArchives, movedFeeds, movedHtml, movedLabels, movedPages } from './moved-pages.ts';

const post = (id: string, url: string, bloggerPath?: string) => ({ id, title: `Title of ${id}`, url, ...(bloggerPath ? { bloggerPath } : {}) });
const page = (slug: string, bloggerPath?: string) => ({ slug, title: `Page ${slug}`, url: `/p/${slug}/`, ...(bloggerPath ? { bloggerPath } : {}) });

describe('movedPages', () => {
  it('leaves a page at each old address of a post or a page: its own Blogger path first, then Blogger’s shape', () => {
    const moved = movedPages([post('tea', '/2021/02/tea/', '/2021/01/tea-and-biscuits.html'), post('plain', '/2020/05/plain/')], [page('about', '/p/about-me.html')]);
    expect(moved.map((m) => `${m.from} -> ${m.to}`)).toEqual([
      '/2021/01/tea-and-biscuits.html -> /2021/02/tea/',
      '/p/about-me.html -> /p/about/',
      '/2021/02/tea.html -> /2021/02/tea/',
      '/2020/05/plain.html -> /2020/05/plain/',
      '/p/about.html -> /p/about/',
    ]);
  });

  it('decodes paths, lets the first claim win, and takes nothing outside Blogger’s shapes', () => {
    const moved = movedPages(
      [post('café', '/2021/02/caf%C3%A9/'), post('first', '/2021/03/first/', '/2021/03/same.html'), post('second', '/2021/03/second/', '/2021/03/same.html'), post('odd', '/2021/04/odd/', '/404.html'), post('up', '/2021/04/up/', '/2021/04/..%2F..%2Fx.html')],
      [],
    );
    expect(moved.find((m) => m.from === '/2021/03/same.html')?.to).toBe('/2021/03/first/');
    expect(moved.map((m) => m.from)).toContain('/2021/02/café.html');
    expect(moved.map((m) => m.from)).not.toContain('/404.html');
    expect(moved.some((m) => m.from.includes('..'))).toBe(false);
  });
});

describe('movedLabels', () => {
  it('covers Blogger’s label searches, by the label’s own name', () => {
    expect(movedLabels([{ slug: 'guest-posts', name: 'Guest posts' }, { slug: 'a-b', name: 'a/b' }])).toEqual([{ from: '/search/label/Guest posts/', to: '/labels/guest-posts/', title: 'Guest posts' }]);
  });
});

describe('movedFeeds', () => {
  const threads = [
    { thread: 'tea', title: 'Tea', bloggerId: '6558632220679596410', url: '/2019/03/tea/', kind: 'post' as const },
    { thread: 'about', title: 'About', bloggerId: '1579390451579279606', url: '/about/', kind: 'page' as const },
    { thread: 'written-here', title: 'Written here' },
  ];
  const labels = [{ slug: 'guest-posts', name: 'Guest posts' }, { slug: 'a-b', name: 'a/b' }];

  it('covers the blog’s feeds, each label’s, each imported post’s and page’s own entry, and the comment feeds of each imported thread and of the blog', () => {
    expect(movedFeeds(threads, labels).map((m) => `${m.from} -> ${m.to} (${m.feed})`)).toEqual([
      '/feeds/posts/default/ -> /feed.xml (rss)',
      '/feeds/posts/summary/ -> /feed.xml (rss)',
      '/feeds/posts/default/-/Guest posts/ -> /labels/guest-posts/feed.xml (rss)',
      '/feeds/posts/default/6558632220679596410/ -> /2019/03/tea/ (undefined)',
      '/feeds/pages/default/1579390451579279606/ -> /about/ (undefined)',
      '/feeds/6558632220679596410/comments/default/ -> /api/posts/tea/comments.atom (atom)',
      '/feeds/1579390451579279606/comments/default/ -> /api/posts/about/comments.atom (atom)',
      '/feeds/comments/default/ -> /api/comments/recent.atom (atom)',
    ]);
  });

  it('sends comment feeds to the board’s origin when it is not the pages’ own', () => {
    const moved = movedFeeds(threads, [], 'https://board.example.org/');
    expect(moved.filter((m) => m.feed === 'atom').map((m) => m.to)).toEqual([
      'https://board.example.org/api/posts/tea/comments.atom',
      'https://board.example.org/api/posts/about/comments.atom',
      'https://board.example.org/api/comments/recent.atom',
    ]);
  });
});

describe('movedArchives', () => {
  it('leaves Blogger’s classic archive file for each month with posts, once', () => {
    expect(movedArchives([post('a', '/2021/02/a/'), post('b', '/2021/02/b/'), post('c', '/2006/03/c/')])).toEqual([
      { from: '/2021_02_01_archive.html', to: '/2021/02/', title: 'posts of 2021-02' },
      { from: '/2006_03_01_archive.html', to: '/2006/03/', title: 'posts of 2006-03' },
    ]);
  });
});

describe('movedHtml', () => {
  it('names the new feed at an old feed’s address, for feed readers', () => {
    const html = movedHtml({ from: '/feeds/posts/default/index.html', to: '/feed.xml', title: 'the blog’s feed', feed: 'rss' }, 'https://blog.example.org', "default-src 'self'", 'en-GB');
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" href="/feed.xml">');
    expect(movedHtml({ from: '/2021/02/x.html', to: '/2021/02/x/', title: 'X' }, 'https://blog.example.org', "default-src 'self'", 'en-GB')).not.toContain('rel="alternate"');
  });

  it('sends the reader on without a script, and names the new address as canonical', () => {
    const html = movedHtml({ from: '/2021/02/x.html', to: '/2021/02/x/', title: 'Tom & "Jerry" <b>' }, 'https://blog.example.org', "default-src 'self'", 'en-GB');
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=/2021/02/x/">');
    expect(html).toContain('<link rel="canonical" href="https://blog.example.org/2021/02/x/">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('Tom &amp; &quot;Jerry&quot; &lt;b&gt;');
    expect(html).not.toContain('<script');
  });
});
