// One Content Security Policy for the pages (as <meta>, for any static host) and the server
// (as a header, which can also forbid framing). No inline script, nothing from another origin.

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

function serialise(extra: Record<string, string> = {}): string {
  return Object.entries({ ...directives, ...extra })
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** For <meta http-equiv>: frame-ancestors is ignored there, so it is left out. */
export const metaContentSecurityPolicy = serialise();

export const headerContentSecurityPolicy = serialise({ 'frame-ancestors': "'none'" });
