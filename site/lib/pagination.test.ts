import { describe, expect, it } from 'vitest';
import { paginate } from './pagination.ts';
import { homePath } from './urls.ts';

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('paginate', () => {
  it.each([
    // items, page size, expected page sizes
    [0, 10, [0]],
    [1, 10, [1]],
    [10, 10, [10]],
    [11, 10, [10, 1]],
    [25, 10, [10, 10, 5]],
    [3, 1, [1, 1, 1]],
  ])('%i items, %i a page', (count, size, sizes) => {
    const pages = paginate(numbers(count), size, homePath);
    expect(pages.map((p) => p.items.length)).toEqual(sizes);
    expect(pages.every((p) => p.lastPage === sizes.length)).toBe(true);
  });

  it('links newer and older pages, page 1 without a number', () => {
    const pages = paginate(numbers(25), 10, homePath);
    expect(pages.map((p) => [p.url, p.newerUrl, p.olderUrl])).toEqual([
      ['/', undefined, '/page/2/'],
      ['/page/2/', '/', '/page/3/'],
      ['/page/3/', '/page/2/', undefined],
    ]);
    expect(pages[2]?.items).toEqual([21, 22, 23, 24, 25]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a page size of %d', (size) => {
    expect(() => paginate([1], size, homePath)).toThrow(RangeError);
  });
});
