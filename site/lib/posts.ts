// Pure helpers over published posts: ordering and the API's view of the content.
import type { Label } from './labels.ts';
import type { CommentPolicy } from './schema.ts';
import { postPath } from './urls.ts';

export interface PostSummary {
  id: string;
  title: string;
  url: string;
  published: Date;
  labels: Label[];
  comments: CommentPolicy;
  /** The path of the post's old Blogger address, for imported posts. */
  bloggerPath?: string | undefined;
  /** The post's number on Blogger, for imported posts. */
  bloggerId?: string | undefined;
}

export function newestFirst<T extends { id: string; published: Date }>(posts: readonly T[]): T[] {
  // Ties (same minute) break on id so every build orders them the same way.
  return [...posts].sort((a, b) => b.published.getTime() - a.published.getTime() || a.id.localeCompare(b.id));
}

export interface PostsManifestEntry {
  id: string;
  title: string;
  url: string;
  published: string;
  labels: Label[];
  comments: CommentPolicy;
  /** Set for imported posts: the server redirects this old address to `url`. */
  bloggerPath?: string;
  /** Set for imported posts: the server redirects the old comment feed /feeds/<bloggerId>/comments/default. */
  bloggerId?: string;
}

/** `posts.json`: what the server and the comment API know of the content. */
export function postsManifest(posts: readonly PostSummary[]): PostsManifestEntry[] {
  return posts.map(({ id, title, url, published, labels, comments, bloggerPath, bloggerId }) => ({
    id,
    title,
    url,
    published: published.toISOString(),
    labels,
    comments,
    ...(bloggerPath ? { bloggerPath } : {}),
    ...(bloggerId ? { bloggerId } : {}),
  }));
}

export function toSummary(
  entry: { id: string; data: { title: string; published: Date; labels: Label[]; comments: CommentPolicy; bloggerPath?: string | undefined; bloggerId?: string | undefined } },
  timeZone: string,
): PostSummary {
  const { title, published, labels, comments, bloggerPath, bloggerId } = entry.data;
  return { id: entry.id, title, url: postPath(published, entry.id, timeZone), published, labels, comments, bloggerPath, bloggerId };
}
