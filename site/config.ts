// The blog's identity and reading settings, shared by the site build and the server. What differs
// between deployments (the time zone, the API's origin) comes from the environment, read by the
// entry points: astro.config.mjs hands it to the pages as `virtual:befriend/environment`.

export const blog = {
  title: 'Befriend',
  tagline: 'Notes from practice, discussed in the open by people who cannot always sign their names.',
  author: 'The Befriender',
  locale: 'en-GB',
  postsPerPage: 10,
  /** How many of the newest posts a feed carries in full. */
  feedSize: 20,
} as const;
