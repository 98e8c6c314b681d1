// The build's environment, read once by astro.config.mjs and handed to the pages as this module.
declare module 'virtual:befriend/environment' {
  /** BLOG_TIME_ZONE: dates, archive months and post URLs follow it. */
  export const timeZone: string;
  /** API_URL's origin when the comment API is not on the pages' own origin; undefined otherwise. */
  export const apiOrigin: string | undefined;
  /** The posts' and pages' folders: content/posts and content/pages unless a build points elsewhere. */
  export const postsDir: string;
  export const pagesDir: string;
  /** The instant the build is for (ISO): posts dated after it are scheduled, in no page yet. */
  export const publishedBy: string;
}
