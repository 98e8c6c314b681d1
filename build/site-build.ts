// Building the static site: `astro build`, then the Pagefind search index, then a stamp that
// records what was built. `npm start` rebuilds when the sources are newer than the stamp.
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blog } from '../site/config.ts';
import { metaContentSecurityPolicy } from '../site/lib/csp.ts';
import { defaultTimeZone } from '../site/lib/time-zone.ts';
import { checkPosts, describeProblems, type ContentCheck, type ScheduledPost } from './content-check.ts';
import { indexPosts } from './search-index.ts';
import { astroWorkingDir, binPath, failureLines, run } from './tool-process.ts';
import { movedArchives, movedFeeds, movedHtml, movedLabels, movedPages } from './moved-pages.ts';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { cacheControlFor, securityHeaderList } from '../site/lib/headers.ts';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const stampName = '.befriend-build.json';
/** The server's own builds (see releases.ts), which a build for a static host leaves alone. */
const serverReleases = '.releases';

export interface BuildOptions {
  root?: string;
  outDir: string;
  /** Posts; content/posts by default. */
  contentDir?: string;
  /** Standalone pages; content/pages by default (the folder may be missing). */
  pagesDir?: string;
  /** Files copied as they are (and the desk's pictures, in images/); public/ by default. */
  publicDir?: string;
  pagesOrigin: string;
  /** The comment API's origin when it is not the site's own (API_URL). */
  boardOrigin?: string | undefined;
  /** The blog's time zone (BLOG_TIME_ZONE): post URLs and dates follow it. */
  timeZone?: string;
  /** The environment Astro and Pagefind run in: the calling program's own (they need its PATH and HOME). */
  inherit: Readonly<Record<string, string | undefined>>;
  /** Where Astro keeps its cache; separate folders let builds run side by side. */
  cacheDir?: string;
  /** Receives Astro's and Pagefind's output, line by line. */
  log?: (line: string) => void;
  /** Extra arguments for `astro build`, e.g. --silent. */
  astroArgs?: string[];
  /** The instant the build is for: posts dated after it are scheduled, left out. Now by default. */
  now?: Date;
  /** Stops the build (its Astro or Pagefind process) when the server stops. */
  signal?: AbortSignal;
  /**
   * A complete build whose search index this one links to instead of indexing its pages (which
   * takes seconds per thousand posts): the pages go live first, and indexSearch() follows.
   */
  borrowSearchFrom?: string | undefined;
  /**
   * The posts already checked (content-check.ts) at an instant up to `now`, by a caller that needed
   * to know what is scheduled before building: the build uses it instead of reading them again.
   */
  checked?: ContentCheck | undefined;
}

/** What a build was made for, kept beside it; its field names are those of earlier versions' stamps. */
export interface Stamp {
  siteUrl: string;
  apiUrl?: string;
  timeZone?: string;
  builtAt: string;
  /** The instant the build was for (posts dated up to it are in). */
  publishedBy?: string;
  /** When the next scheduled post is due, if any: the site is out of date from then. */
  nextScheduled?: string;
  /** The search index is an earlier build's: indexSearch() has yet to index these pages. */
  searchBehind?: boolean;
}

/** A build that failed: what went wrong, in the build's own words (file, line, field). */
export class BuildFailure extends Error {
  readonly details: string;
  constructor(message: string, details: string) {
    super(message);
    this.name = 'BuildFailure';
    this.details = details;
  }
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Why the site in `outDir` needs building, or undefined when it is up to date. */
export async function buildNeededBecause(options: {
  root?: string;
  outDir: string;
  pagesOrigin: string;
  boardOrigin?: string | undefined;
  timeZone?: string;
  now?: Date;
  /** The posts' and pages' folders when they are not content/ (which is checked anyway). */
  contentDirs?: readonly string[];
}): Promise<string | undefined> {
  const root = options.root ?? projectRoot;
  const now = options.now ?? new Date();
  const stampPath = join(options.outDir, stampName);
  const stampInfo = await stat(stampPath).catch(() => undefined);
  if (!stampInfo) return `${options.outDir} has not been built yet`;
  const stamp = JSON.parse(await readFile(stampPath, 'utf8')) as Stamp;
  if (stamp.siteUrl !== options.pagesOrigin) return `SITE_URL changed from ${stamp.siteUrl} to ${options.pagesOrigin}`;
  if ((stamp.apiUrl ?? '') !== (options.boardOrigin ?? '')) return `API_URL changed from "${stamp.apiUrl ?? ''}" to "${options.boardOrigin ?? ''}"`;
  const timeZone = options.timeZone ?? defaultTimeZone;
  const builtFor = stamp.timeZone ?? defaultTimeZone;
  if (builtFor !== timeZone) return `BLOG_TIME_ZONE changed from ${builtFor} to ${timeZone}`;
  if (stamp.nextScheduled && Date.parse(stamp.nextScheduled) <= now.getTime()) return `a post scheduled for ${stamp.nextScheduled} is due`;
  if (stamp.searchBehind) return 'its search index was not finished';
  const sources = [...new Set([...['content', 'site', 'public', 'astro.config.mjs', 'package.json'].map((p) => join(root, p)), ...(options.contentDirs ?? [])])];
  for (const source of sources) {
    if ((await newestMtime(source)) > stampInfo.mtimeMs) return `${source} changed since the last build`;
  }
  return undefined;
}

/** When the site in `outDir` was completely built, or undefined when there is none. */
export async function builtAt(outDir: string): Promise<string | undefined> {
  const stamp = await readFile(join(outDir, stampName), 'utf8').catch(() => undefined);
  return stamp === undefined ? undefined : (JSON.parse(stamp) as Stamp).builtAt;
}

/**
 * Builds the site and its search index in a hidden folder inside `outDir` (never served: the
 * server refuses dot folders), then moves it into place. A build that fails (Astro empties its
 * output folder first) leaves the site that was there as it was, to go on serving. Inside, not
 * beside: `outDir` may be a mount point, or in a folder this user cannot write.
 */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const outDir = resolve(options.outDir);
  const building = join(outDir, '.building');
  await rm(building, { recursive: true, force: true });
  let result: BuildResult;
  try {
    result = await buildInto({ ...options, outDir: building });
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  await moveIntoPlace(building, outDir);
  return result;
}

/**
 * The old site out of `outDir` and the new one in, a rename per entry. The stamp goes first and
 * comes last, so that a stop half-way leaves no stamp: the next start builds again.
 */
async function moveIntoPlace(building: string, outDir: string): Promise<void> {
  const previous = join(outDir, '.previous');
  await rm(previous, { recursive: true, force: true });
  await mkdir(previous);
  const old = (await readdir(outDir)).filter((name) => name !== '.building' && name !== '.previous' && name !== serverReleases);
  for (const name of [stampName, ...old.filter((name) => name !== stampName)]) {
    if (old.includes(name)) await rename(join(outDir, name), join(previous, name));
  }
  const built = await readdir(building);
  for (const name of [...built.filter((name) => name !== stampName), stampName]) await rename(join(building, name), join(outDir, name));
  await rm(building, { recursive: true, force: true });
  await rm(previous, { recursive: true, force: true });
}

/** What a finished build was made for, and the posts it left out because they are not due yet. */
export interface BuildResult {
  stamp: Stamp;
  scheduled: ScheduledPost[];
}

/**
 * Builds the site into `options.outDir` (emptied first): the posts are checked first (a mistake is
 * named by file, line and field in a second), then Astro, Pagefind, the moved pages, and last the
 * stamp, so that a folder with a stamp is a complete build.
 */
export async function buildInto(options: BuildOptions): Promise<BuildResult> {
  const root = options.root ?? projectRoot;
  const log = options.log ?? ((line: string) => console.log(line));
  const timeZone = options.timeZone ?? defaultTimeZone;
  const now = options.now ?? new Date();
  const contentDir = resolve(root, options.contentDir ?? 'content/posts');
  const check = options.checked ?? (await checkPosts(contentDir, now));
  const { problems } = check;
  const scheduled = check.scheduled.filter((post) => post.published.getTime() > now.getTime());
  if (problems.length > 0) {
    const details = describeProblems(problems.map((p) => ({ ...p, file: relative(root, join(contentDir, p.file)) })));
    const first = details.split('\n')[0];
    throw new BuildFailure(problems.length === 1 ? first! : `${problems.length} mistakes in the posts, the first: ${first}`, details);
  }
  const env: NodeJS.ProcessEnv = {
    ...options.inherit,
    ASTRO_TELEMETRY_DISABLED: '1',
    SITE_URL: options.pagesOrigin,
    // Always set, so that an API_URL in this process's own environment cannot leak into the build.
    API_URL: options.boardOrigin ?? '',
    BLOG_TIME_ZONE: timeZone,
    BEFRIEND_OUT_DIR: options.outDir,
    BEFRIEND_BUILD_TIME: now.toISOString(),
  };
  // Always set, so that the folders checked above are those Astro reads.
  env['BEFRIEND_CONTENT_DIR'] = contentDir;
  env['BEFRIEND_PAGES_DIR'] = resolve(root, options.pagesDir ?? 'content/pages');
  env['BEFRIEND_PUBLIC_DIR'] = resolve(root, options.publicDir ?? 'public');
  if (options.cacheDir) env['BEFRIEND_CACHE_DIR'] = options.cacheDir;
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > 400) output.shift();
    log(line);
  };
  const borrowed = options.borrowSearchFrom && (await stat(join(options.borrowSearchFrom, 'pagefind')).catch(() => undefined))?.isDirectory() ? join(options.borrowSearchFrom, 'pagefind') : undefined;
  try {
    const working = await astroWorkingDir(root, options.outDir);
    await run(process.execPath, [binPath(root, 'astro'), 'build', '--root', root, ...(options.astroArgs ?? [])], { cwd: working.dir, env, log: keep, signal: options.signal }).finally(working.done);
    if (borrowed) await linkTree(borrowed, join(options.outDir, 'pagefind'));
    else await indexPosts({ root, dir: options.outDir, env, log: keep, signal: options.signal });
  } catch (error) {
    throw new BuildFailure(error instanceof Error ? error.message : String(error), failureLines(output));
  }
  // After the search index, which has no business with them; and outside Astro, where 5,000 of
  // these pages cost seconds of build instead of a fraction of one.
  await writeMovedPages(options);
  await writeFile(join(options.outDir, '_headers'), staticHostHeaders(options));
  const next = scheduled[0];
  const stamp: Stamp = {
    siteUrl: options.pagesOrigin,
    ...(options.boardOrigin ? { apiUrl: options.boardOrigin } : {}),
    timeZone,
    builtAt: new Date().toISOString(),
    publishedBy: now.toISOString(),
    ...(next ? { nextScheduled: next.published.toISOString() } : {}),
    ...(borrowed ? { searchBehind: true } : {}),
  };
  await writeFile(join(options.outDir, stampName), `${JSON.stringify(stamp)}\n`);
  return { stamp, scheduled };
}

/**
 * `to` made as a copy of `from` whose files are hard links (no bytes copied): builds never change a
 * file once written, so a later build can share an earlier one's. `skip` names entries of `from`'s
 * top level to leave out.
 */
export async function linkTree(from: string, to: string, skip: readonly string[] = []): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = (await readdir(from, { withFileTypes: true, recursive: true })).filter((entry) => {
    const top = relative(from, join(entry.parentPath, entry.name)).split(sep)[0]!;
    return !skip.includes(top);
  });
  for (const entry of entries) if (entry.isDirectory()) await mkdir(join(to, relative(from, join(entry.parentPath, entry.name))), { recursive: true });
  const files = entries.filter((entry) => !entry.isDirectory());
  await fewAtATime(files, (entry) => {
    const path = relative(from, join(entry.parentPath, entry.name));
    return link(join(from, path), join(to, path));
  });
}

/** File work for many files, a few dozen at a time: one by one, 5,000 files take over a second. */
async function fewAtATime<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 64) await Promise.all(items.slice(i, i + 64).map(work));
}

/**
 * `_headers`, which static hosts such as Netlify and Cloudflare Pages read: the security headers our
 * server sends (a page's <meta> policy cannot forbid framing), and the long cache of hashed assets.
 * Other hosts ignore it; the README lists the headers to set there.
 */
export function staticHostHeaders(options: { pagesOrigin: string; boardOrigin?: string | undefined }): string {
  const headers = securityHeaderList({ https: options.pagesOrigin.startsWith('https:'), apiOrigin: options.boardOrigin });
  return `/*\n${headers.map(([name, value]) => `  ${name}: ${value}\n`).join('')}/_astro/*\n  Cache-Control: ${cacheControlFor('/_astro/')}\n`;
}

/**
 * A page at each old Blogger address of a post, a page, a label, a feed and a month (see
 * moved-pages.ts), from the manifests the build just wrote, for static hosts: our server answers
 * those addresses with 301s. Blogger's /atom.xml and /rss.xml are the feed itself, for feed readers.
 */
async function writeMovedPages(options: { outDir: string; pagesOrigin: string; boardOrigin?: string | undefined }): Promise<number> {
  const read = async <T>(name: string): Promise<T[]> => JSON.parse(await readFile(join(options.outDir, name), 'utf8').catch(() => '[]')) as T[];
  const posts = await read<PostsManifestEntry>('posts.json');
  const pages = await read<PagesManifestEntry>('pages.json');
  const labels = new Map(posts.flatMap((post) => post.labels).map((label) => [label.slug, label]));
  const threads = [...posts.map((post) => ({ ...post, thread: post.id, kind: 'post' as const })), ...pages.map((page) => ({ ...page, thread: page.slug, kind: 'page' as const }))];
  const folders = [...movedLabels([...labels.values()]), ...movedFeeds(threads, [...labels.values()], options.boardOrigin)].map((m) => ({ ...m, from: `${m.from}index.html` }));
  const moved = [...movedPages(posts, pages), ...movedArchives(posts), ...folders];
  const policy = metaContentSecurityPolicy(options.boardOrigin);
  await Promise.all([...new Set(moved.map((entry) => dirname(join(options.outDir, entry.from))))].map((folder) => mkdir(folder, { recursive: true })));
  await fewAtATime(moved, (entry) => writeFile(join(options.outDir, entry.from), movedHtml(entry, options.pagesOrigin, policy, blog.locale)));
  for (const name of ['atom.xml', 'rss.xml']) await copyFile(join(options.outDir, 'feed.xml'), join(options.outDir, name));
  return moved.length;
}
