// Security headers on every response: the same policy the pages carry, plus what only a header
// can say. A build asset gets the few that mean something on a file that is no document.
import type { MiddlewareHandler } from 'hono';
import { isBuildAsset, securityHeaderList, subresourceHeaderList } from '../site/lib/headers.ts';

export function securityHeaders(options: { https: boolean; apiOrigin?: string | undefined }): MiddlewareHandler {
  const headers = securityHeaderList(options);
  const assetHeaders = subresourceHeaderList(headers);
  return async function securityHeadersMiddleware(c, next) {
    await next();
    for (const [name, value] of isBuildAsset(c.req.path) ? assetHeaders : headers) c.res.headers.set(name, value);
  };
}
