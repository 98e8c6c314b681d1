import { describe, expect, it } from 'vitest';
import { newestFirst, postsManifest, toSummary } from './posts.ts';

const p = (id: string, iso: string) => ({ id, published: new Date(iso) });

describe('newestFirst', () => {
  it('orders by date, then id for ties', () => {
    const sorted = newestFirst([p('b', '2020-01-01T00:00:00Z'), p('c', '2021-01-01T00:00:00Z'), p('a', '2020-01-01T00:00:00Z')]);
    expect(sorted.map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('postsManifest', () => {
  it('has exactly the public fields, dates as ISO strings', () => {
    const summary = toSummary(
      { id: 'losing-the-plot', data: { title: 'Losing the Plot', published: new Date('2021-02-04T09:30:00Z'), labels: [{ slug: 'work', name: 'Work' }], comments: 'moderated' } },
      'Europe/London',
    );
    expect(postsManifest([summary])).toStrictEqual([
      {
        id: 'losing-the-plot',
        title: 'Losing the Plot',
        url: '/2021/02/losing-the-plot/',
        published: '2021-02-04T09:30:00.000Z',
        labels: [{ slug: 'work', name: 'Work' }],
        comments: 'moderated',
      },
    ]);
  });

  it('carries the old Blogger path of an imported post', () => {
    const summary = toSummary(
      {
        id: 'donec-ultrices-2',
        data: { title: 'Donec', published: new Date('2022-09-12T08:15:00Z'), labels: [], comments: 'open', bloggerPath: '/2022/09/donec-ultrices.html', bloggerId: '6558632220679596410' },
      },
      'Europe/London',
    );
    expect(postsManifest([summary])[0]).toMatchObject({ id: 'donec-ultrices-2', url: '/2022/09/donec-ultrices-2/', bloggerPath: '/2022/09/donec-ultrices.html', bloggerId: '6558632220679596410' });
  });
});
