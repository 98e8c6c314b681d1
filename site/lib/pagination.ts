// Paged listings, newest first: "Newer posts" goes to the previous page, "Older posts" to the next.

export interface Page<T> {
  number: number;
  lastPage: number;
  items: T[];
  url: string;
  /** The page of newer items, if any. */
  newerUrl: string | undefined;
  /** The page of older items, if any. */
  olderUrl: string | undefined;
}

export function paginate<T>(items: readonly T[], pageSize: number, pathFor: (page: number) => string): Page<T>[] {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  const lastPage = Math.max(1, Math.ceil(items.length / pageSize));
  return Array.from({ length: lastPage }, (_, i) => {
    const number = i + 1;
    return {
      number,
      lastPage,
      items: items.slice(i * pageSize, number * pageSize),
      url: pathFor(number),
      newerUrl: number > 1 ? pathFor(number - 1) : undefined,
      olderUrl: number < lastPage ? pathFor(number + 1) : undefined,
    };
  });
}
