import { describe, expect, it } from 'vitest';
import { newAddress, newAddresses, oldBlogOf } from './internal-links.ts';

const addresses = newAddresses(
  [
    { number: '11', id: 'tea', kind: 'post', skipped: false, draft: false, published: Date.parse('2019-05-10T12:00:00Z'), bloggerPath: '/2019/05/tea-and-biscuits.html' },
    { number: '12', id: 'café', kind: 'post', skipped: false, draft: false, published: Date.parse('2020-01-31T23:30:00Z'), bloggerPath: '/2020/01/caf%C3%A9.html' },
    { number: '13', id: 'about', kind: 'page', skipped: false, draft: false, published: Date.parse('2019-01-01T00:00:00Z'), bloggerPath: '/p/about-me.html' },
  ],
  new Set(['guest-posts']),
  'Europe/London',
);
const custom = oldBlogOf('http://www.example-blog.org/')!;
const blogspot = oldBlogOf('https://notes.blogspot.com/')!;
const classic = oldBlogOf('http://www.blogger.com/blogspot/jjsfavoritethings/')!;

describe('newAddress', () => {
  it.each<[string, string | undefined]>([
    // Posts and pages, on the custom domain with or without www, over http or https.
    ['http://www.example-blog.org/2019/05/tea-and-biscuits.html', '/2019/05/tea/'],
    ['https://example-blog.org/2019/05/tea-and-biscuits.html?m=1', '/2019/05/tea/'],
    ['https://www.example-blog.org/2019/05/tea-and-biscuits.html?showComment=1226448600000#c1066271041639903470', '/2019/05/tea/#comments'],
    ['https://www.example-blog.org/2019/05/tea-and-biscuits.html#more', '/2019/05/tea/'],
    ['https://www.example-blog.org/2019/05/tea-and-biscuits.html#recipe', '/2019/05/tea/#recipe'],
    ['https://www.example-blog.org/2020/01/caf%C3%A9.html', '/2020/01/caf%C3%A9/'],
    ['https://www.example-blog.org/p/about-me.html', '/p/about/'],
    // A post not in the export, and anything else of the old blog with no page here, stay.
    ['https://www.example-blog.org/2018/02/gone.html', undefined],
    ['https://www.example-blog.org/p/gone.html', undefined],
    ['https://www.example-blog.org/favicon.ico', undefined],
    // Other sites, and Blogger's image hosts, are not the blog.
    ['https://www.example.org/2019/05/tea-and-biscuits.html', undefined],
    ['https://blogger.googleusercontent.com/img/b/x/s1600/a.jpg', undefined],
    ['mailto:someone@example-blog.org', undefined],
    // Labels, search, paging, the home page, archives, feeds.
    ['https://www.example-blog.org/search/label/Guest%20posts', '/labels/guest-posts/'],
    ['https://www.example-blog.org/search/label/Unknown?max-results=7', '/labels/'],
    ['https://www.example-blog.org/search?q=tea+cups', '/search/?q=tea%20cups'],
    ['https://www.example-blog.org/search?updated-max=2019-05-10T12:00:00%2B01:00&max-results=7', '/'],
    ['https://www.example-blog.org/', '/'],
    ['https://www.example-blog.org', '/'],
    ['https://www.example-blog.org/?m=1', '/'],
    ['https://www.example-blog.org/2019/', '/2019/'],
    ['https://www.example-blog.org/2019/05/', '/2019/05/'],
    ['https://www.example-blog.org/2019/07/', '/2019/'],
    ['https://www.example-blog.org/2017/07/', '/archive/'],
    ['https://www.example-blog.org/feeds/posts/default', '/feed.xml'],
    ['https://www.example-blog.org/atom.xml', '/feed.xml'],
    ['https://www.example-blog.org/feeds/posts/default/-/Guest%20posts', '/labels/guest-posts/feed.xml'],
    ['https://www.example-blog.org/feeds/11/comments/default', '/2019/05/tea/#comments'],
  ])('%s → %s', (href, expected) => expect(newAddress(href, custom, addresses)).toBe(expected));

  it('knows the blog at its blogspot address in any country’s domain, and in Blogger’s old folder', () => {
    expect(newAddress('http://notes.blogspot.co.uk/2019/05/tea-and-biscuits.html', blogspot, addresses)).toBe('/2019/05/tea/');
    expect(newAddress('http://other.blogspot.com/2019/05/tea-and-biscuits.html', blogspot, addresses)).toBeUndefined();
    expect(newAddress('http://www.blogger.com/blogspot/jjsfavoritethings/2019/05/tea-and-biscuits.html', classic, addresses)).toBe('/2019/05/tea/');
    expect(newAddress('http://jjsfavoritethings.blogspot.com/p/about-me.html', classic, addresses)).toBe('/p/about/');
    expect(newAddress('http://www.blogger.com/blogspot/someoneelse/2019/05/tea-and-biscuits.html', classic, addresses)).toBeUndefined();
    expect(newAddress('https://www.blogger.com/profile/123', classic, addresses)).toBeUndefined();
  });

  it('puts a post in the month of the blog’s time zone', () => {
    // 23:30 UTC on 31 January is 1 February in Athens.
    const athens = newAddresses([{ number: '12', id: 'late', kind: 'post', skipped: false, draft: false, published: Date.parse('2020-01-31T23:30:00Z'), bloggerPath: '/2020/01/late.html' }], new Set(), 'Europe/Athens');
    expect(newAddress('https://www.example-blog.org/2020/01/late.html', custom, athens)).toBe('/2020/02/late/');
  });

  it('knows no blog when the export names no address', () => {
    expect(oldBlogOf(undefined)).toBeUndefined();
  });
});
