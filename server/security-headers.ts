// Security headers on every response: the same policy the pages carry, plus what only a header can say.
import type { MiddlewareHandler } from 'hono';
import { headerContentSecurityPolicy } from '../site/lib/csp.ts';

/** The headers, for the server and for a static host's `_headers` file (see site-build.ts). */
export function securityHeaderList(options: { https: boolean; apiOrigin?: string | undefined }): [string, string][] {
  const headers: [string, string][] = [
    ['Content-Security-Policy', headerContentSecurityPolicy(options.apiOrigin)],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    // Readers' next hop must not learn which post they came from.
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
  ];
  if (options.https) headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  return headers;
}

export function securityHeaders(options: { https: boolean; apiOrigin?: string | undefined }): MiddlewareHandler {
  const headers = securityHeaderList(options);
  return async function securityHeadersMiddleware(c, next) {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  };
}
