// npm run build: builds the site into dist/ (or DIST_DIR) with its search index.
import { resolve } from 'node:path';
import { parseEnv } from '../server/env.ts';
import { buildSite, projectRoot } from '../build/site-build.ts';

const env = parseEnv(process.env);
const started = Date.now();
try {
  await buildSite({ outDir: resolve(projectRoot, env.distDir), siteUrl: env.siteUrl, apiUrl: env.apiUrl, timeZone: env.timeZone, inherit: process.env });
  console.log(`Built ${env.distDir}/ for ${env.siteUrl}${env.apiUrl ? ` (comments from ${env.apiUrl})` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
