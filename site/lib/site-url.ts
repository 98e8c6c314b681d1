// The public origin of the site: SITE_URL, or the address the server listens on.

export const defaultHost = '127.0.0.1';
export const defaultPort = 4321;

export function listenUrl(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const shown = h === '0.0.0.0' || h === '[::]' ? '127.0.0.1' : h;
  return `http://${shown}:${port}`;
}

/** SITE_URL without a trailing slash; defaults to http://HOST:PORT. Throws on a URL that is not http(s). */
export function resolveSiteUrl(env: Record<string, string | undefined>): string {
  const raw = env['SITE_URL']?.trim();
  if (!raw) return listenUrl(env['HOST']?.trim() || defaultHost, Number(env['PORT'] || defaultPort));
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`SITE_URL "${raw}" is not a URL; set it to the public address, e.g. https://blog.example.org`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`SITE_URL must start with http:// or https://, got "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

/**
 * API_URL: the public origin of the comment API when the pages are served from somewhere else (a
 * static host or CDN). Undefined when unset or when it is the site's own origin: then the pages
 * call the API on their own origin. Throws on anything but a bare http(s) origin.
 */
export function resolveApiUrl(env: Record<string, string | undefined>): string | undefined {
  const raw = env['API_URL']?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`API_URL "${raw}" is not a URL; set it to the API's public origin, e.g. https://comments.example.org`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`API_URL must start with http:// or https://, got "${raw}"`);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) throw new Error(`API_URL must be an origin alone, with no path, query or credentials, e.g. https://comments.example.org; got "${raw}"`);
  return url.origin === new URL(resolveSiteUrl(env)).origin ? undefined : url.origin;
}
