// Errors that mean "the database cannot be reached or written just now", as opposed to a bug:
// the API answers them with 503 and a Retry-After, and recovers by itself when the database does.

const codes = new Set([
  // SQLite (an embedded file): locked past the busy timeout, disk full, read-only, gone.
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  // A libSQL server that does not answer, or answers with an error of its own.
  'SERVER_ERROR',
  'HRANA_WEBSOCKET_ERROR',
  'HRANA_CLOSED_ERROR',
  'STREAM_EXPIRED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  // The write thread going away between two writes.
  'unavailable',
]);

function codesOf(error: unknown): string[] {
  const found: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    for (const key of ['code', 'extendedCode']) {
      const value = (e as Record<string, unknown>)[key];
      if (typeof value === 'string') found.push(value);
    }
    if (e instanceof TypeError && /fetch failed/i.test(e.message)) found.push('ECONNREFUSED');
  }
  return found;
}

/** True for an error that a later retry can get past: the database is down, locked or full. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return codesOf(error).some((code) => codes.has(code) || [...codes].some((known) => code.startsWith(`${known}_`)));
}
