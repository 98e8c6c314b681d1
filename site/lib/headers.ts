// The response headers every page carries, from the server or from a static host's `_headers`
// file written by the build: one list, so the two never differ.
import { headerContentSecurityPolicy } from './csp.ts';

/** The headers, for the server and for a static host's `_headers` file (see build/site-build.ts). */
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

/**
 * What of the list still means something on a build asset (a script, a stylesheet, a font): a
 * document's policies (what it may load, frame or use) do nothing on a file that is no document,
 * and cost some 500 bytes on each of a page's requests.
 */
const subresourceHeaders = new Set(['X-Content-Type-Options', 'Referrer-Policy', 'Cross-Origin-Resource-Policy', 'Strict-Transport-Security']);

export function subresourceHeaderList(headers: readonly [string, string][]): [string, string][] {
  return headers.filter(([name]) => subresourceHeaders.has(name));
}

/** The hashed build assets, which no one opens as a page. */
export function isBuildAsset(urlPath: string): boolean {
  return urlPath.startsWith('/_astro/');
}

/** Hashed build assets never change; everything else is revalidated on each visit. */
export function cacheControlFor(urlPath: string): string {
  if (isBuildAsset(urlPath)) return 'public, max-age=31536000, immutable';
  // The desk's pictures are named by a hash of their bytes: an address never changes what it shows.
  if (/^\/images\/[a-f0-9]{20}\.(jpg|png|webp|gif)$/.test(urlPath)) return 'public, max-age=31536000, immutable';
  if (/^\/pagefind\/.*\.(pf_fragment|pf_index|pf_meta)$/.test(urlPath)) return 'public, max-age=86400';
  return 'public, max-age=0, must-revalidate';
}
