import { describe, expect, it } from 'vitest';
import { postSchema } from './schema.ts';

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

  it('accepts YAML dates and every comment policy', () => {
    for (const comments of ['open', 'moderated', 'closed'] as const) {
      expect(postSchema.parse({ ...valid, published: new Date('2021-02-04T09:30:00Z'), comments }).comments).toBe(comments);
    }
  });

  it.each([
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
  ])('refuses %j, naming %s', (input, field) => {
    const result = postSchema.safeParse(input);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => String(issue.path[0] ?? ''));
    expect(paths).toContain(field);
    if (field === '') expect(JSON.stringify(result.error!.issues)).toContain('lables');
  });
});
