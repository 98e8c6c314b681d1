// The blog's identity and reading settings, shared by the site build and the server.
import { resolveApiUrl } from './lib/site-url.ts';

export const blog = {
  title: 'Befriend',
  tagline: 'Notes from practice, discussed in the open by people who cannot always sign their names.',
  author: 'The Befriender',
  locale: 'en-GB',
  /** Dates, archive months and post URLs follow this zone, as Blogger does. */
  timeZone: process.env['BLOG_TIME_ZONE'] ?? 'Europe/London',
  postsPerPage: 10,
  /** How many of the newest posts a feed carries in full. */
  feedSize: 20,
} as const;

/** The comment API's own origin when the pages are served from another (API_URL); undefined for the same origin. */
export const apiOrigin = resolveApiUrl(process.env);
