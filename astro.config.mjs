// Astro builds the static site from site/ and content/. The environment can point a build at
// other content folders and another output folder (tests, benchmarks): BEFRIEND_CONTENT_DIR (posts),
// BEFRIEND_PAGES_DIR (pages), BEFRIEND_OUT_DIR.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { resolveSiteUrl } from './site/lib/site-url.ts';

export default defineConfig({
  site: resolveSiteUrl(process.env),
  srcDir: './site',
  publicDir: './public',
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
  vite: { build: { assetsInlineLimit: 0 } },
  devToolbar: { enabled: false },
});
