import { describe, expect, it } from 'vitest';
import { movedHtml, movedLabels, movedPages } from './moved-pages.ts';

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

describe('movedHtml', () => {
  it('sends the reader on without a script, and names the new address as canonical', () => {
    const html = movedHtml({ from: '/2021/02/x.html', to: '/2021/02/x/', title: 'Tom & "Jerry" <b>' }, 'https://blog.example.org', "default-src 'self'", 'en-GB');
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=/2021/02/x/">');
    expect(html).toContain('<link rel="canonical" href="https://blog.example.org/2021/02/x/">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('Tom &amp; &quot;Jerry&quot; &lt;b&gt;');
    expect(html).not.toContain('<script');
  });
});
