import { describe, expect, it } from 'vitest';
import { byTitle, pagesManifest, toPageSummary } from './pages.ts';

const published = new Date('2022-09-30T01:05:00.000Z');
const entry = (id: string, title: string, bloggerPath?: string) => ({ id, data: { title, published, comments: 'open' as const, ...(bloggerPath ? { bloggerPath } : {}) } });

describe('toPageSummary', () => {
  it.each([
    [entry('stylesheet', 'Stylesheet', '/p/stylesheet.html'), { slug: 'stylesheet', title: 'Stylesheet', url: '/p/stylesheet/', published, comments: 'open', bloggerPath: '/p/stylesheet.html' }],
    [entry('contact', 'Contact us'), { slug: 'contact', title: 'Contact us', url: '/p/contact/', published, comments: 'open', bloggerPath: undefined }],
  ])('%j', (input, summary) => expect(toPageSummary(input)).toEqual(summary));
});

describe('byTitle', () => {
  it('orders by title as the blog’s language does, then by slug', () => {
    const pages = [
      { slug: 'zebra', title: 'zebra crossings' },
      { slug: 'b', title: 'Éthique' },
      { slug: 'a', title: 'Éthique' },
      { slug: 'about', title: 'About the team' },
    ];
    expect(byTitle(pages, 'en-GB').map((page) => page.slug)).toEqual(['about', 'a', 'b', 'zebra']);
  });
});

describe('pagesManifest', () => {
  it('has slug, title, url, publication, comment policy and, for imported pages, the old Blogger path and number', () => {
    const imported = entry('stylesheet', 'Stylesheet', '/p/stylesheet.html');
    const withNumber = { ...imported, data: { ...imported.data, bloggerId: '6169052301175273180' } };
    expect(pagesManifest([toPageSummary(withNumber), toPageSummary(entry('contact', 'Contact'))])).toStrictEqual([
      { slug: 'stylesheet', title: 'Stylesheet', url: '/p/stylesheet/', published: '2022-09-30T01:05:00.000Z', comments: 'open', bloggerPath: '/p/stylesheet.html', bloggerId: '6169052301175273180' },
      { slug: 'contact', title: 'Contact', url: '/p/contact/', published: '2022-09-30T01:05:00.000Z', comments: 'open' },
    ]);
  });
});
