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
