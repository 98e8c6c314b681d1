// npm run build [-- --if-needed]: builds the site into dist/ (or DIST_DIR) with its search index,
// and says when the next scheduled post is due. --if-needed builds only when the site is out of
// date (a source changed, or a scheduled post is due): for a static host, run it from cron.
import { resolve } from 'node:path';
import { parseEnv } from '../server/env.ts';
import { buildNeededBecause, buildSite, BuildFailure, projectRoot } from '../build/site-build.ts';
import { commentTime } from '../site/lib/dates.ts';

const env = parseEnv(process.env);
const outDir = resolve(projectRoot, env.distDir);
const ifNeeded = process.argv.includes('--if-needed');
const started = Date.now();
try {
  const reason = ifNeeded ? await buildNeededBecause({ outDir, pagesOrigin: env.pagesOrigin, boardOrigin: env.boardOrigin, timeZone: env.timeZone, contentDirs: [env.postsDir, env.pagesDir] }) : 'asked';
  if (!reason) {
    console.log(`${env.distDir}/ is up to date: nothing changed and no scheduled post is due.`);
    process.exit(0);
  }
  if (ifNeeded) console.log(`Building (${reason})…`);
  const { scheduled } = await buildSite({ outDir, contentDir: env.postsDir, pagesDir: env.pagesDir, pagesOrigin: env.pagesOrigin, boardOrigin: env.boardOrigin, timeZone: env.timeZone, inherit: process.env });
  console.log(`Built ${env.distDir}/ for ${env.pagesOrigin}${env.boardOrigin ? ` (comments from ${env.boardOrigin})` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const next = scheduled[0];
  if (next) {
    console.log(`${scheduled.length === 1 ? 'One post is' : `${scheduled.length} posts are`} scheduled; the next, "${next.title}", is due on ${commentTime(next.published.toISOString(), env.timeZone)} (${env.timeZone}).`);
    console.log('Build again then to publish it, e.g. from cron: */5 * * * * cd <this folder> && npm run build -- --if-needed');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof BuildFailure && error.details) console.error(error.details);
  process.exit(1);
}
