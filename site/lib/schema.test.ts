import { describe, expect, it } from 'vitest';
import { pageSchema, postSchema } from './schema.ts';

const badBloggerPaths = ['', 'p/stylesheet.html', '/2022/09/post.htm', '/2022/09/post.html?m=1', '/2022/09/a post.html', `/${'a'.repeat(500)}.html`];

function expectRefused(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }, field: string): void {
  expect(result.success).toBe(false);
  expect(result.error!.issues.map((issue) => String(issue.path[0] ?? ''))).toContain(field);
}

const valid = { title: 'Losing the Plot', published: '2021-02-04T09:30:00Z', labels: ['Volunteers', 'volunteers', 'Guest posts'] };

describe('postSchema', () => {
  it('applies defaults and normalises labels', () => {
    const post = postSchema.parse(valid);
    expect(post).toEqual({
      title: 'Losing the Plot',
      published: new Date('2021-02-04T09:30:00Z'),
      labels: [
        { slug: 'volunteers', name: 'Volunteers' },
        { slug: 'guest-posts', name: 'Guest posts' },
      ],
      draft: false,
      comments: 'open',
    });
  });

  it('keeps the old Blogger path of an imported post', () => {
    expect(postSchema.parse({ ...valid, bloggerPath: '/2022/09/donec-ultrices-mauris-vitae-diam.html' }).bloggerPath).toBe(
      '/2022/09/donec-ultrices-mauris-vitae-diam.html',
    );
  });

  it('keeps the number of an imported post on Blogger, as a string of digits', () => {
    expect(postSchema.parse({ ...valid, bloggerId: '6558632220679596410' }).bloggerId).toBe('6558632220679596410');
    expect(postSchema.safeParse({ ...valid, bloggerId: 6558632220679596410 }).success).toBe(false);
    expect(postSchema.safeParse({ ...valid, bloggerId: 'post-1' }).success).toBe(false);
    expect(pageSchema.parse({ title: 'P', published: '2022-09-30T01:05:00Z', bloggerId: '6169052301175273180' }).bloggerId).toBe('6169052301175273180');
  });

  it('accepts YAML dates and every comment policy', () => {
    for (const comments of ['open', 'moderated', 'closed'] as const) {
      expect(postSchema.parse({ ...valid, published: new Date('2021-02-04T09:30:00Z'), comments }).comments).toBe(comments);
    }
  });

  it.each<[unknown, string]>([
    [{ ...valid, title: '' }, 'title'],
    [{ ...valid, title: undefined }, 'title'],
    [{ ...valid, published: 'last Tuesday' }, 'published'],
    [{ ...valid, published: undefined }, 'published'],
    [{ ...valid, updated: '2020-01-01T00:00:00Z' }, 'updated'],
    [{ ...valid, labels: 'Volunteers' }, 'labels'],
    [{ ...valid, labels: [''] }, 'labels'],
    [{ ...valid, labels: ['!!!'] }, 'labels'],
    [{ ...valid, comments: 'sometimes' }, 'comments'],
    [{ ...valid, draft: 'yes' }, 'draft'],
    [{ ...valid, lables: ['typo'] }, ''],
    ...badBloggerPaths.map((bloggerPath): [unknown, string] => [{ ...valid, bloggerPath }, 'bloggerPath']),
  ])('refuses %j, naming %s', (input, field) => {
    const result = postSchema.safeParse(input);
    expectRefused(result, field);
    if (field === '') expect(JSON.stringify(result.error!.issues)).toContain('lables');
  });
});

describe('pageSchema', () => {
  const page = { title: 'Stylesheet', published: '2019-05-01T10:00:00Z' };

  it('applies defaults', () => {
    expect(pageSchema.parse(page)).toEqual({ title: 'Stylesheet', published: new Date('2019-05-01T10:00:00Z'), draft: false, comments: 'open' });
  });

  it('keeps every optional field', () => {
    expect(pageSchema.parse({ ...page, updated: '2020-01-01T00:00:00Z', draft: true, comments: 'closed', bloggerPath: '/p/stylesheet.html' })).toEqual({
      title: 'Stylesheet',
      published: new Date('2019-05-01T10:00:00Z'),
      updated: new Date('2020-01-01T00:00:00Z'),
      draft: true,
      comments: 'closed',
      bloggerPath: '/p/stylesheet.html',
    });
  });

  it.each<[unknown, string]>([
    [{ ...page, title: ' ' }, 'title'],
    [{ ...page, published: undefined }, 'published'],
    [{ ...page, updated: '2019-01-01T00:00:00Z' }, 'updated'],
    [{ ...page, draft: 'no' }, 'draft'],
    // Pages are not posts: no labels or summary; a comment policy must be one of the three.
    [{ ...page, labels: ['Volunteers'] }, ''],
    [{ ...page, comments: 'sometimes' }, 'comments'],
    ...badBloggerPaths.map((bloggerPath): [unknown, string] => [{ ...page, bloggerPath }, 'bloggerPath']),
  ])('refuses %j, naming %s', (input, field) => {
    expectRefused(pageSchema.safeParse(input), field);
  });
});
