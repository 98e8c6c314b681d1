// The server's builds: each in a folder of its own under dist/.releases/, one of them live. The live
// one is named by a symbolic link, replaced in one rename, so a process starting at any instant
// finds a complete build; a build that fails is removed and the live one stays.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { indexPosts } from './search-index.ts';
import { buildInto, builtAt, linkTree, stampName, type BuildOptions, type BuildResult, type Stamp } from './site-build.ts';

const releasesFolder = '.releases';
const liveLink = 'live';

function releasesDir(distDir: string): string {
  return join(resolve(distDir), releasesFolder);
}

/** A complete build's folder: it has a stamp (written last). */
async function isComplete(dir: string): Promise<boolean> {
  return (await stat(join(dir, stampName)).catch(() => undefined))?.isFile() ?? false;
}

/** The live release's folder, or undefined when the server has made none. */
export async function liveRelease(distDir: string): Promise<string | undefined> {
  const dir = releasesDir(distDir);
  const target = await readlink(join(dir, liveLink)).catch(() => undefined);
  if (target === undefined) return undefined;
  const release = resolve(dir, target);
  return (await isComplete(release)) ? release : undefined;
}

/** The site to serve at start: the live release, else a complete build in `distDir` itself. */
export async function startingSite(distDir: string): Promise<string | undefined> {
  return (await liveRelease(distDir)) ?? ((await builtAt(distDir)) ? resolve(distDir) : undefined);
}

/** What the site in `dir` was built for, from its stamp. */
export async function releaseStamp(dir: string): Promise<Stamp | undefined> {
  const text = await readFile(join(dir, stampName), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Stamp);
}

/**
 * Builds a new release beside the live one. Its folder, which no reader can reach until it is made
 * live, is removed when the build fails.
 */
export async function buildRelease(options: Omit<BuildOptions, 'outDir'> & { distDir: string }): Promise<{ dir: string; result: BuildResult }> {
  const dir = await newReleaseDir(options.distDir);
  const { distDir: _, ...build } = options;
  try {
    const result = await buildInto({ ...build, outDir: dir });
    return { dir, result };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A folder for a new release. Names sort by age: the time, then a few random characters. */
async function newReleaseDir(distDir: string): Promise<string> {
  const parent = releasesDir(distDir);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  return join(parent, `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(3).toString('hex')}`);
}

/**
 * The release that follows one built with an earlier build's search index: the same pages (hard
 * links), indexed by Pagefind. Once it is live, search finds what the pages say.
 */
export async function indexSearch(options: { distDir: string; release: string; root: string; inherit: Readonly<Record<string, string | undefined>>; log?: (line: string) => void; signal?: AbortSignal | undefined }): Promise<string> {
  const stamp = await releaseStamp(options.release);
  if (!stamp) throw new Error(`${options.release} is not a complete build.`);
  const dir = await newReleaseDir(options.distDir);
  try {
    await linkTree(options.release, dir, ['pagefind', stampName]);
    // The years whose post pages did not change keep the index the release borrowed.
    await indexPosts({ root: options.root, dir, env: { ...options.inherit }, log: options.log ?? (() => {}), signal: options.signal, reuse: { dir: options.release, link: linkTree } });
    const { searchBehind: _, ...indexed } = stamp;
    await writeFile(join(dir, stampName), `${JSON.stringify(indexed)}\n`);
    return dir;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Makes `dir` the live release: a new link, renamed over the old one (atomic), so that a process
 * reading the link sees the old release or the new, never neither.
 */
export async function makeLive(distDir: string, dir: string): Promise<void> {
  const parent = releasesDir(distDir);
  const temporary = join(parent, `.${liveLink}-${randomBytes(4).toString('hex')}`);
  await symlink(resolve(dir).slice(parent.length + 1), temporary);
  try {
    await rename(temporary, join(parent, liveLink));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes every release but those named: the live one and the one it replaced, which requests
 * that began before the swap may still be reading. Also the leftovers of builds that were stopped.
 */
export async function pruneReleases(distDir: string, keep: readonly string[]): Promise<void> {
  const parent = releasesDir(distDir);
  const kept = new Set(keep.map((dir) => resolve(dir)));
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries
      .filter((entry) => entry.name !== liveLink && !kept.has(join(parent, entry.name)))
      .map((entry) => rm(join(parent, entry.name), { recursive: true, force: true })),
  );
}
