// Security headers on every response: the same policy the pages carry, plus what only a header can say.
import type { MiddlewareHandler } from 'hono';
import { securityHeaderList } from '../site/lib/headers.ts';

export function securityHeaders(options: { https: boolean; apiOrigin?: string | undefined }): MiddlewareHandler {
  const headers = securityHeaderList(options);
  return async function securityHeadersMiddleware(c, next) {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  };
}
