// Only the blog's own pages change anything through the public API. Any page on the web can make
// its visitors' browsers send a form or a `no-cors` fetch here without asking, and each would
// count as its own reader: a comment, a report, a removal request from every visitor's address.
// Browsers say where such a request comes from; a request that says nothing is not from a page in
// a browser (a script, a test, a feed reader) and is left to the limits like any other.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

/** True when a browser says the request comes from elsewhere than the given origins' pages. */
function fromElsewhere(headers: { origin: string | undefined; fetchSite: string | undefined }, ownOrigins: ReadonlySet<string>): boolean {
  // A browser sends Sec-Fetch-Site itself (no page can set it): same-origin is our own page,
  // whatever host name it was reached by.
  if (headers.fetchSite === 'same-origin') return false;
  // With the pages on an origin of their own (API_URL), their requests are same-site or cross-site
  // and carry their Origin; a sandboxed or privacy-stripped page sends "null", which is no one's.
  if (headers.origin !== undefined) return !ownOrigins.has(headers.origin);
  // Neither header: not a browser's page. "none": the reader's own doing (typed, bookmarked).
  return headers.fetchSite !== undefined && headers.fetchSite !== 'none';
}

/** Refuses state-changing requests (anything but GET, HEAD and OPTIONS) from other sites' pages. */
export function fromOwnPages(ownUrls: readonly string[]): MiddlewareHandler {
  const ownOrigins = new Set(ownUrls.map((url) => new URL(url).origin));
  return async function fromOwnPages(c, next) {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && fromElsewhere({ origin: c.req.header('Origin'), fetchSite: c.req.header('Sec-Fetch-Site') }, ownOrigins)) {
      throw new ApiError('cross_site', 'This was sent from another website, so nothing was done. To comment, report or ask for a removal, use the blog’s own pages.');
    }
    await next();
  };
}
