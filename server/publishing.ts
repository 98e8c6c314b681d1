// The site a server serves, and its publishing: the first build before listening (when the site is
// missing or out of date), then rebuilds while serving, on a change to the sources, at a scheduled
// post's time, and when staff ask. BUILD_ON_START=never serves dist/ as it is and builds nothing.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildNeededBecause, projectRoot } from '../build/site-build.ts';
import type { ServerEnv } from './env.ts';
import type { BuildStatus } from '../site/lib/build-status.ts';
import { startingSite } from '../build/releases.ts';
import { createPublisher, type Publisher } from './publisher.ts';
import { watchSources } from './source-watch.ts';

export interface PublishingSite {
  /** The folder to serve first. */
  site: string;
  /** Undefined with BUILD_ON_START=never. */
  publisher: Publisher | undefined;
  /** Called with each new build's folder once it is live. */
  onLive(listener: (dir: string) => Promise<void> | void): void;
  onStatus(listener: (status: BuildStatus) => void): void;
}

/** How the log and the status name a burst of changes. */
function changeReason(changed: readonly string[]): string {
  const shown = changed.slice(0, 3).join(', ');
  return `${shown}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed`;
}

/**
 * When the newest of the changed paths was written, renamed or restored (its mtime or ctime); a
 * path that is gone (deleted, moved away) counts as changed now.
 */
async function newestChange(root: string, changed: readonly string[]): Promise<number> {
  const times = await Promise.all(changed.map((path) => stat(join(root, path)).then((info) => Math.max(info.mtimeMs, info.ctimeMs), () => Number.POSITIVE_INFINITY)));
  return Math.max(0, ...times);
}

/**
 * Makes sure there is a site to serve (building it first when it is missing or out of date) and
 * starts publishing. Fails only when there is no site at all and it cannot be built.
 */
export async function startPublishing(env: ServerEnv, inherit: Readonly<Record<string, string | undefined>>, distDir: string, root = projectRoot): Promise<PublishingSite> {
  const liveListeners: ((dir: string) => Promise<void> | void)[] = [];
  const statusListeners: ((status: BuildStatus) => void)[] = [];
  const hooks = {
    onLive: (listener: (dir: string) => Promise<void> | void) => void liveListeners.push(listener),
    onStatus: (listener: (status: BuildStatus) => void) => void statusListeners.push(listener),
  };
  if (env.buildOnStart === 'never') return { site: (await startingSite(distDir)) ?? distDir, publisher: undefined, ...hooks };

  const publisher = await createPublisher({
    distDir,
    root,
    postsDir: env.postsDir,
    pagesDir: env.pagesDir,
    publicDir: env.publicDir,
    clock: env.clock,
    pagesOrigin: env.pagesOrigin,
    boardOrigin: env.boardOrigin,
    timeZone: env.timeZone,
    inherit,
    publishCommand: env.publishCommand,
    onLive: async (dir) => {
      for (const listener of liveListeners) await listener(dir);
    },
    onStatus: (status) => {
      for (const listener of statusListeners) listener(status);
    },
  });
  // Watching from before the first build: a file saved while it runs makes another after it.
  const sources = [env.postsDir, env.pagesDir, join(root, 'site'), env.publicDir, join(root, 'astro.config.mjs')];
  const watch = await watchSources(root, sources, (changed) => void newestChange(root, changed).then((at) => publisher.noticeChange(changeReason(changed), at)));
  const served = publisher.served();
  const reason =
    env.buildOnStart === 'always'
      ? 'BUILD_ON_START=always'
      : await buildNeededBecause({ root, outDir: served ?? distDir, pagesOrigin: env.pagesOrigin, boardOrigin: env.boardOrigin, timeZone: env.timeZone, contentDirs: [env.postsDir, env.pagesDir, env.publicDir], now: new Date(env.clock()) });
  if (reason) {
    console.log(`Building the site (${reason})…`);
    const built = await publisher.buildNow(reason, { log: (line) => console.log(`  ${line}`) });
    if (!built && !publisher.served()) {
      watch.close();
      publisher.stop();
      const error = publisher.status().error;
      throw new Error(`The site could not be built (${error?.message ?? 'see above'}), and there is no earlier build in ${distDir} to serve.${error?.details ? `\n${error.details.split('\n').map((line) => `    ${line}`).join('\n')}` : ''}\n  Fix what the build names (the file, and the line or field), then run npm start again.`);
    }
  }
  const stop = () => {
    watch.close();
    publisher.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { site: publisher.served()!, publisher, ...hooks };
}
