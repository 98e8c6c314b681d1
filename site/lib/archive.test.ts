import { describe, expect, it } from 'vitest';
import { archiveTree } from './archive.ts';

const post = (id: string, iso: string) => ({ id, published: new Date(iso) });

describe('archiveTree', () => {
  it('groups by year and month, newest first, with counts', () => {
    const tree = archiveTree(
      [post('a', '2020-01-10T10:00:00Z'), post('b', '2021-02-04T09:30:00Z'), post('c', '2021-02-20T09:30:00Z'), post('d', '2021-11-01T09:30:00Z')],
      'Europe/London',
    );
    expect(tree.map((y) => [y.year, y.count, y.months.map((m) => [m.name, m.posts.map((p) => p.id)])])).toEqual([
      [2021, 3, [['November 2021', ['d']], ['February 2021', ['c', 'b']]]],
      [2020, 1, [['January 2020', ['a']]]],
    ]);
  });

  it.each([
    ['Europe/London', 2022, 1],
    ['America/New_York', 2021, 12],
  ])('puts new year’s eve posts in the blog’s own month (%s)', (zone, year, month) => {
    const [first] = archiveTree([post('x', '2022-01-01T02:00:00Z')], zone);
    expect([first?.year, first?.months[0]?.month]).toEqual([year, month]);
  });

  it('is empty without posts', () => expect(archiveTree([], 'UTC')).toEqual([]));
});
