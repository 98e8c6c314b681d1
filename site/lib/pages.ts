// Pure helpers over published standalone pages: the order they are listed in and the server's
// view of them.
import type { CommentPolicy } from './schema.ts';
import { pagePath } from './urls.ts';

export interface PageSummary {
  slug: string;
  title: string;
  url: string;
  published: Date;
  comments: CommentPolicy;
  /** The path of the page's old Blogger address, for imported pages. */
  bloggerPath?: string | undefined;
  /** The page's number on Blogger, for imported pages. */
  bloggerId?: string | undefined;
}

export interface PagesManifestEntry {
  slug: string;
  title: string;
  url: string;
  /** ISO 8601. */
  published: string;
  /** The page's comment thread (keyed by its slug). */
  comments: CommentPolicy;
  /** Set for imported pages: the server redirects this old address to `url`. */
  bloggerPath?: string;
  /** Set for imported pages: the server redirects the old comment feed /feeds/<bloggerId>/comments/default. */
  bloggerId?: string;
}

export function toPageSummary(entry: { id: string; data: { title: string; published: Date; comments: CommentPolicy; bloggerPath?: string | undefined; bloggerId?: string | undefined } }): PageSummary {
  const { title, published, comments, bloggerPath, bloggerId } = entry.data;
  return { slug: entry.id, title, url: pagePath(entry.id), published, comments, bloggerPath, bloggerId };
}

/** Listed by title, as a reader looks for them; ties break on slug so every build agrees. */
export function byTitle<T extends { slug: string; title: string }>(pages: readonly T[], locale: string): T[] {
  return [...pages].sort((a, b) => a.title.localeCompare(b.title, locale) || a.slug.localeCompare(b.slug));
}

/** `pages.json`: the pages the server knows of, so old Blogger page addresses can find them. */
export function pagesManifest(pages: readonly PageSummary[]): PagesManifestEntry[] {
  return pages.map(({ slug, title, url, published, comments, bloggerPath, bloggerId }) => ({ slug, title, url, published: published.toISOString(), comments, ...(bloggerPath ? { bloggerPath } : {}), ...(bloggerId ? { bloggerId } : {}) }));
}
