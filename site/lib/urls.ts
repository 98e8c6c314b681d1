// Every public path of the site in one place, so pages, feeds and the server agree.
import { pad2, zonedDate } from './dates.ts';

export function postPath(published: Date, id: string, timeZone: string): string {
  const { year, month } = zonedDate(published, timeZone);
  return `/${year}/${pad2(month)}/${encodeURIComponent(id)}/`;
}

/** A standalone page: /p/<slug>/, beside Blogger's old /p/<slug>.html. */
export function pagePath(slug: string): string {
  return `/p/${encodeURIComponent(slug)}/`;
}

/** Page 1 of a paged listing has no number: /labels/x/, then /labels/x/2/. */
export function labelPath(slug: string, page = 1): string {
  const base = `/labels/${encodeURIComponent(slug)}/`;
  return page <= 1 ? base : `${base}${page}/`;
}

export function labelFeedPath(slug: string): string {
  return `/labels/${encodeURIComponent(slug)}/feed.xml`;
}

export function homePath(page = 1): string {
  return page <= 1 ? '/' : `/page/${page}/`;
}

export function yearPath(year: number): string {
  return `/${year}/`;
}

export function monthPath(year: number, month: number): string {
  return `/${year}/${pad2(month)}/`;
}

export function absoluteUrl(path: string, site: string | URL): string {
  return new URL(path, site).href;
}

/** Paths compare decoded, as Hono gives the request's path; a malformed escape stays as it is. */
export function decodedPath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
