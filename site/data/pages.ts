// The only place pages read the pages collection: published standalone pages, by title.
import { getCollection, type CollectionEntry } from 'astro:content';
import { blog } from '../config.ts';
import { excerpt } from '../lib/excerpt.ts';
import { byTitle, toPageSummary, type PageSummary } from '../lib/pages.ts';

export type PageEntry = CollectionEntry<'pages'>;

export interface Page extends PageSummary {
  entry: PageEntry;
  /** For the page's meta description: its opening words. */
  description: string;
}

let cache: Promise<Page[]> | undefined;

/** Published pages (drafts never reach the build), by title. */
export function getPublishedPages(): Promise<Page[]> {
  cache ??= getCollection('pages', ({ data }) => !data.draft).then((entries) =>
    byTitle(
      entries.map((entry) => ({ ...toPageSummary(entry), entry, description: excerpt(entry.body ?? '', 30) || blog.tagline })),
      blog.locale,
    ),
  );
  return cache;
}
