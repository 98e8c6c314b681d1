// One Content Security Policy for the pages (as <meta>, for any static host) and the server
// (as a header, which can also forbid framing). No inline script, nothing from another origin but
// the comment API's, when it has one of its own (API_URL).

const directives: Record<string, string> = {
  'default-src': "'self'",
  // Pagefind's search runs WebAssembly.
  'script-src': "'self' 'wasm-unsafe-eval'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'manifest-src': "'self'",
  'worker-src': "'self'",
};

function serialise(extra: Record<string, string>): string {
  return Object.entries({ ...directives, ...extra })
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** The API's origin may be fetched from, and nothing else outside the page's own. */
function apiDirectives(apiOrigin: string | undefined): Record<string, string> {
  return apiOrigin ? { 'connect-src': `'self' ${apiOrigin}` } : {};
}

/** For <meta http-equiv>: frame-ancestors is ignored there, so it is left out. */
export function metaContentSecurityPolicy(apiOrigin?: string): string {
  return serialise(apiDirectives(apiOrigin));
}

export function headerContentSecurityPolicy(apiOrigin?: string): string {
  return serialise({ ...apiDirectives(apiOrigin), 'frame-ancestors': "'none'" });
}
