// Building the static site: `astro build`, then the Pagefind search index, then a stamp that
// records what was built. `npm start` rebuilds when the sources are newer than the stamp.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blog } from '../site/config.ts';
import { metaContentSecurityPolicy } from '../site/lib/csp.ts';
import { defaultTimeZone } from '../site/lib/time-zone.ts';
import { movedHtml, movedLabels, movedPages } from './moved-pages.ts';
import type { PagesManifestEntry } from '../site/lib/pages.ts';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { cacheControlFor, securityHeaderList } from '../site/lib/headers.ts';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stampName = '.befriend-build.json';

export interface BuildOptions {
  root?: string;
  outDir: string;
  /** Posts; content/posts by default. */
  contentDir?: string;
  /** Standalone pages; content/pages by default (the folder may be missing). */
  pagesDir?: string;
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
}

/** What a build was made for, kept beside it; its field names are those of earlier versions' stamps. */
interface Stamp {
  siteUrl: string;
  apiUrl?: string;
  timeZone?: string;
  builtAt: string;
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
export async function buildNeededBecause(options: { root?: string; outDir: string; pagesOrigin: string; boardOrigin?: string | undefined; timeZone?: string }): Promise<string | undefined> {
  const root = options.root ?? projectRoot;
  const stampPath = join(options.outDir, stampName);
  const stampInfo = await stat(stampPath).catch(() => undefined);
  if (!stampInfo) return `${options.outDir} has not been built yet`;
  const stamp = JSON.parse(await readFile(stampPath, 'utf8')) as Stamp;
  if (stamp.siteUrl !== options.pagesOrigin) return `SITE_URL changed from ${stamp.siteUrl} to ${options.pagesOrigin}`;
  if ((stamp.apiUrl ?? '') !== (options.boardOrigin ?? '')) return `API_URL changed from "${stamp.apiUrl ?? ''}" to "${options.boardOrigin ?? ''}"`;
  const timeZone = options.timeZone ?? defaultTimeZone;
  const builtFor = stamp.timeZone ?? defaultTimeZone;
  if (builtFor !== timeZone) return `BLOG_TIME_ZONE changed from ${builtFor} to ${timeZone}`;
  const sources = ['content', 'site', 'public', 'astro.config.mjs', 'package.json'].map((p) => join(root, p));
  for (const source of sources) {
    if ((await newestMtime(source)) > stampInfo.mtimeMs) return `${source} changed since the last build`;
  }
  return undefined;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: (line: string) => void }): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (stream: NodeJS.ReadableStream) => {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (!isNoise(line)) options.log(line);
      });
      stream.on('end', () => {
        if (buffered && !isNoise(buffered)) options.log(buffered);
      });
    };
    forward(child.stdout!);
    forward(child.stderr!);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${args[0] ?? command} exited with ${signal ?? `code ${code}`}`));
    });
  });
}

/**
 * Harmless warnings: one Astro prints per MDX file (known upstream), and the one for an empty pages
 * collection, which is how most blogs are.
 */
function isNoise(line: string): boolean {
  return line.includes('astro:head-inject') || line.includes('The collection "pages" does not exist or is empty');
}

/** A command installed by npm, run with this same Node (the `node` on PATH may be older). */
function binPath(root: string, name: string): string {
  return join(root, 'node_modules', '.bin', name);
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
export async function buildSite(options: BuildOptions): Promise<void> {
  const outDir = resolve(options.outDir);
  const building = join(outDir, '.building');
  await rm(building, { recursive: true, force: true });
  try {
    await buildInto({ ...options, outDir: building });
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  await moveIntoPlace(building, outDir);
}

/**
 * The old site out of `outDir` and the new one in, a rename per entry. The stamp goes first and
 * comes last, so that a stop half-way leaves no stamp: the next start builds again.
 */
async function moveIntoPlace(building: string, outDir: string): Promise<void> {
  const previous = join(outDir, '.previous');
  await rm(previous, { recursive: true, force: true });
  await mkdir(previous);
  const old = (await readdir(outDir)).filter((name) => name !== '.building' && name !== '.previous');
  for (const name of [stampName, ...old.filter((name) => name !== stampName)]) {
    if (old.includes(name)) await rename(join(outDir, name), join(previous, name));
  }
  const built = await readdir(building);
  for (const name of [...built.filter((name) => name !== stampName), stampName]) await rename(join(building, name), join(outDir, name));
  await rm(building, { recursive: true, force: true });
  await rm(previous, { recursive: true, force: true });
}

async function buildInto(options: BuildOptions): Promise<void> {
  const root = options.root ?? projectRoot;
  const log = options.log ?? ((line: string) => console.log(line));
  const timeZone = options.timeZone ?? defaultTimeZone;
  const env: NodeJS.ProcessEnv = {
    ...options.inherit,
    ASTRO_TELEMETRY_DISABLED: '1',
    SITE_URL: options.pagesOrigin,
    // Always set, so that an API_URL in this process's own environment cannot leak into the build.
    API_URL: options.boardOrigin ?? '',
    BLOG_TIME_ZONE: timeZone,
    BEFRIEND_OUT_DIR: options.outDir,
  };
  if (options.contentDir) env['BEFRIEND_CONTENT_DIR'] = options.contentDir;
  if (options.pagesDir) env['BEFRIEND_PAGES_DIR'] = options.pagesDir;
  if (options.cacheDir) env['BEFRIEND_CACHE_DIR'] = options.cacheDir;
  await run(process.execPath, [binPath(root, 'astro'), 'build', ...(options.astroArgs ?? [])], { cwd: root, env, log });
  await run(process.execPath, [binPath(root, 'pagefind'), '--site', options.outDir], { cwd: root, env, log });
  // After the search index, which has no business with them; and outside Astro, where 5,000 of
  // these pages cost seconds of build instead of a fraction of one.
  await writeMovedPages(options);
  await writeFile(join(options.outDir, '_headers'), staticHostHeaders(options));
  const stamp: Stamp = { siteUrl: options.pagesOrigin, ...(options.boardOrigin ? { apiUrl: options.boardOrigin } : {}), timeZone, builtAt: new Date().toISOString() };
  await writeFile(join(options.outDir, stampName), `${JSON.stringify(stamp)}\n`);
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
 * A page at each old Blogger address of a post, a page and a label (see moved-pages.ts), from the
 * manifests the build just wrote, for static hosts: our server answers those addresses with 301s.
 */
async function writeMovedPages(options: { outDir: string; pagesOrigin: string; boardOrigin?: string | undefined }): Promise<number> {
  const read = async <T>(name: string): Promise<T[]> => JSON.parse(await readFile(join(options.outDir, name), 'utf8').catch(() => '[]')) as T[];
  const posts = await read<PostsManifestEntry>('posts.json');
  const pages = await read<PagesManifestEntry>('pages.json');
  const labels = new Map(posts.flatMap((post) => post.labels).map((label) => [label.slug, label]));
  const moved = [...movedPages(posts, pages), ...movedLabels([...labels.values()]).map((m) => ({ ...m, from: `${m.from}index.html` }))];
  const policy = metaContentSecurityPolicy(options.boardOrigin);
  await Promise.all([...new Set(moved.map((entry) => dirname(join(options.outDir, entry.from))))].map((folder) => mkdir(folder, { recursive: true })));
  // A few dozen files at a time: one by one, 5,000 of them take over a second.
  for (let i = 0; i < moved.length; i += 64) {
    await Promise.all(moved.slice(i, i + 64).map((entry) => writeFile(join(options.outDir, entry.from), movedHtml(entry, options.pagesOrigin, policy, blog.locale))));
  }
  return moved.length;
}
