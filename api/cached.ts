// Values that many requests need and that may change in any process: read again after a while.

/** A value read at most once per `ttlMs` (shared by concurrent callers). */
export function cachedFor<T>(ttlMs: number, now: () => number, read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  let readAt = 0;
  return () => {
    if (!value || now() - readAt >= ttlMs) {
      readAt = now();
      value = read().catch((error: unknown) => {
        value = undefined;
        throw error;
      });
    }
    return value;
  };
}
