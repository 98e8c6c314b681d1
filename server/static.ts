// Serves the built site from dist/: content types, validators (ETag, Last-Modified, 304),
// caching by kind of file, directory index pages, and no way out of the folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { MiddlewareHandler } from 'hono';
import { cacheControlFor } from '../site/lib/headers.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  // Pagefind's index fragments.
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/** Feeds are XML, but feed readers and browsers expect their own types. */
function contentTypeFor(path: string): string {
  if (path.endsWith('/feed.xml')) return 'application/rss+xml; charset=utf-8';
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  path: string;
  size: number;
  mtime: Date;
}

/** Finds the file for a URL path, or why there is none. Never resolves outside `root`. */
export async function locate(root: string, urlPath: string): Promise<{ file: StaticFile } | { redirect: string } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((part) => part === '..')) return undefined;
  // What the build leaves for itself and for static hosts is not for readers: the build stamp and
  // other dot files (but .well-known/), and _headers.
  if (decoded.split('/').some((part) => part.startsWith('.') && part !== '.well-known')) return undefined;
  const base = resolve(root);
  const target = resolve(base, `.${decoded}`);
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  // However it is spelled (//_headers, /_headers/): the file is found by where it is.
  const inside = relative(base, target);
  if (inside === '_headers') return undefined;
  const info = await stat(target).catch(() => undefined);
  // A file has no address ending in a slash (/feed.xml/ is not the feed).
  if (info?.isFile()) return urlPath.endsWith('/') ? undefined : { file: { path: target, size: info.size, mtime: info.mtime } };
  if (info?.isDirectory()) {
    // The folder's address written afresh, never from the request's: `//labels` must not become
    // `//labels/`, which a browser reads as another host.
    if (!urlPath.endsWith('/')) return { redirect: inside ? `/${inside.split(sep).map(encodeURIComponent).join('/')}/` : '/' };
    const index = join(target, 'index.html');
    const indexInfo = await stat(index).catch(() => undefined);
    if (indexInfo?.isFile()) return { file: { path: index, size: indexInfo.size, mtime: indexInfo.mtime } };
  }
  return undefined;
}

function etagFor(file: StaticFile): string {
  return `W/"${file.size.toString(16)}-${Math.floor(file.mtime.getTime()).toString(16)}"`;
}

export function fileResponse(file: StaticFile, request: Request, init: { status?: number; cacheControl: string }): Response {
  const etag = etagFor(file);
  const headers = new Headers({
    'Content-Type': contentTypeFor(file.path),
    'Cache-Control': init.cacheControl,
    ETag: etag,
    'Last-Modified': file.mtime.toUTCString(),
  });
  const status = init.status ?? 200;
  if (status === 200 && isNotModified(request, etag, file.mtime)) return new Response(null, { status: 304, headers });
  headers.set('Content-Length', String(file.size));
  if (request.method === 'HEAD') return new Response(null, { status, headers });
  const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}

function isNotModified(request: Request, etag: string, mtime: Date): boolean {
  const ifNoneMatch = request.headers.get('If-None-Match');
  if (ifNoneMatch !== null) {
    return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  }
  const ifModifiedSince = request.headers.get('If-Modified-Since');
  if (ifModifiedSince !== null) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/** Middleware: answers GET and HEAD from `root`; anything it cannot find goes to the next handler. */
export function serveDist(root: string): MiddlewareHandler {
  return async function serveDistMiddleware(c, next) {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const url = new URL(c.req.url);
    const found = await locate(root, url.pathname);
    if (!found) return next();
    if ('redirect' in found) return c.redirect(`${found.redirect}${url.search}`, 301);
    return fileResponse(found.file, c.req.raw, { cacheControl: cacheControlFor(url.pathname) });
  };
}
