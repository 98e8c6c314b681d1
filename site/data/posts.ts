// The only place pages read the content collection: published posts, newest first.
import { getCollection, type CollectionEntry } from 'astro:content';
import { publishedBy, timeZone } from 'virtual:befriend/environment';
import { excerpt } from '../lib/excerpt.ts';
import { newestFirst, toSummary, type PostSummary } from '../lib/posts.ts';

export type PostEntry = CollectionEntry<'posts'>;

export interface Post extends PostSummary {
  entry: PostEntry;
  /** For listings: the summary, or the opening words. */
  excerpt: string;
  /** For the page's meta description. */
  description: string;
}

let cache: Promise<Post[]> | undefined;

const cutOff = new Date(publishedBy).getTime();

/**
 * Published posts, newest first. Drafts never reach the build, nor do posts dated after the build's
 * instant: scheduled, they appear in no page, listing, feed, sitemap or posts.json until their time.
 */
export function getPublishedPosts(): Promise<Post[]> {
  // Two files with the same name in different years would share an id: the posts loader makes
  // that a build error rather than a silent overwrite.
  cache ??= getCollection('posts', ({ data }) => !data.draft && data.published.getTime() <= cutOff).then((entries) =>
    newestFirst(
      entries.map((entry) => ({
        ...toSummary(entry, timeZone),
        entry,
        excerpt: entry.data.summary ?? excerpt(entry.data.opening ?? ''),
        description: entry.data.summary ?? excerpt(entry.data.opening ?? '', 30),
      })),
    ),
  );
  return cache;
}
