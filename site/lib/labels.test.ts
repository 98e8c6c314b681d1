import { describe, expect, it } from 'vitest';
import { countLabels, labelSlug, normaliseLabels } from './labels.ts';

describe.each([
  ['Volunteers', 'volunteers'],
  ['Guest posts', 'guest-posts'],
  ['  Guest   Posts ', 'guest-posts'],
  ['Through the Gate', 'through-the-gate'],
  ['Café culture', 'cafe-culture'],
  ['Über-Regulation', 'uber-regulation'],
  ['C++ & Java', 'c-java'],
  ["Author's request", 'author-s-request'],
  ['2021', '2021'],
  ['Żółć', 'zołc'],
  ['日本語', '日本語'],
  ['!!!', ''],
])('labelSlug(%j)', (name, slug) => {
  it(`is ${JSON.stringify(slug)}`, () => expect(labelSlug(name)).toBe(slug));
});

describe('normaliseLabels', () => {
  it.each([
    [['Volunteers', 'Mentoring'], [{ slug: 'volunteers', name: 'Volunteers' }, { slug: 'mentoring', name: 'Mentoring' }]],
    [['  Guest   posts  '], [{ slug: 'guest-posts', name: 'Guest posts' }]],
    [['Volunteers', 'volunteers', 'VOLUNTEERS'], [{ slug: 'volunteers', name: 'Volunteers' }]],
    [['', '  ', '!!'], []],
    [[], []],
  ])('%j', (input, expected) => {
    expect(normaliseLabels(input)).toEqual(expected);
  });
});

describe('countLabels', () => {
  const post = (...names: string[]) => ({ labels: normaliseLabels(names) });

  it('counts posts per label and sorts by name', () => {
    expect(countLabels([post('Work', 'Volunteers'), post('volunteers'), post('Anger')])).toEqual([
      { slug: 'anger', name: 'Anger', count: 1 },
      { slug: 'volunteers', name: 'Volunteers', count: 2 },
      { slug: 'work', name: 'Work', count: 1 },
    ]);
  });

  it('names a label by its most used spelling, ties going to the first in code-point order', () => {
    expect(countLabels([post('guest posts'), post('Guest posts'), post('Guest posts')])[0]).toEqual({ slug: 'guest-posts', name: 'Guest posts', count: 3 });
    expect(countLabels([post('b Label'), post('B label')])[0]?.name).toBe('B label');
  });

  it('is empty without posts', () => expect(countLabels([])).toEqual([]));
});
