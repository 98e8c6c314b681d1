// Astro builds the static site from site/ and content/. The environment can point a build at
// other content folders and another output folder (tests, benchmarks): BEFRIEND_CONTENT_DIR (posts),
// BEFRIEND_PAGES_DIR (pages), BEFRIEND_PUBLIC_DIR (files copied as they are, the desk's pictures), BEFRIEND_OUT_DIR, and the instant it is for, BEFRIEND_BUILD_TIME.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { resolveApiUrl, resolveSiteUrl } from './site/lib/site-url.ts';
import { resolveTimeZone } from './site/lib/time-zone.ts';

/**
 * The instant the build is for (BEFRIEND_BUILD_TIME, an ISO date-time, or now): posts dated after it
 * are scheduled and left out. The server sets it, so that the build and its record of the next
 * scheduled post agree; tests set it to move the clock.
 */
function buildTime(text) {
  if (text === undefined || text === '') return new Date().toISOString();
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new Error(`BEFRIEND_BUILD_TIME must be an ISO date-time, not "${text}".`);
  return time.toISOString();
}

/**
 * What the pages need of the environment (BLOG_TIME_ZONE, API_URL, and the content folders a test
 * or benchmark build points elsewhere), read here once and checked, handed to them as a module:
 * nothing under site/ reads process.env.
 */
function environmentModule() {
  const id = 'virtual:befriend/environment';
  const values = {
    timeZone: resolveTimeZone(process.env),
    apiOrigin: resolveApiUrl(process.env),
    postsDir: process.env.BEFRIEND_CONTENT_DIR ?? './content/posts',
    pagesDir: process.env.BEFRIEND_PAGES_DIR ?? './content/pages',
    publishedBy: buildTime(process.env.BEFRIEND_BUILD_TIME),
  };
  const code = Object.entries(values)
    .map(([name, value]) => `export const ${name} = ${value === undefined ? 'undefined' : JSON.stringify(value)};\n`)
    .join('');
  return {
    name: 'befriend-environment',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) => (resolved === `\0${id}` ? code : undefined),
  };
}

export default defineConfig({
  site: resolveSiteUrl(process.env),
  srcDir: './site',
  publicDir: process.env.BEFRIEND_PUBLIC_DIR ?? './public',
  outDir: process.env.BEFRIEND_OUT_DIR ?? './dist',
  cacheDir: process.env.BEFRIEND_CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'ignore',
  prerenderConflictBehavior: 'error',
  build: {
    format: 'directory',
    // Every stylesheet is a file: the Content Security Policy allows no inline style elements.
    inlineStylesheets: 'never',
    // Pages render one after another by default; a few at a time overlap the file writes.
    concurrency: 4,
  },
  markdown: {
    syntaxHighlight: 'prism',
  },
  integrations: [
    mdx(),
    sitemap({
      filter: (page) => !/\/(404|search)\/?$/.test(page),
    }),
  ],
  // Scripts are files too: small ones would otherwise be inlined, which the policy forbids.
  // No preload helper for the comment script's one dynamic import (DOMPurify): a request saved.
  vite: { plugins: [environmentModule()], build: { assetsInlineLimit: 0, modulePreload: false } },
  devToolbar: { enabled: false },
});
