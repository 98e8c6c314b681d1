// npm run build: builds the site into dist/ (or DIST_DIR) with its search index.
import { resolve } from 'node:path';
import { parseEnv } from '../server/env.ts';
import { buildSite, projectRoot } from '../build/site-build.ts';

const env = parseEnv(process.env);
const started = Date.now();
try {
  await buildSite({ outDir: resolve(projectRoot, env.distDir), pagesOrigin: env.pagesOrigin, boardOrigin: env.boardOrigin, timeZone: env.timeZone, inherit: process.env });
  console.log(`Built ${env.distDir}/ for ${env.pagesOrigin}${env.boardOrigin ? ` (comments from ${env.boardOrigin})` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
