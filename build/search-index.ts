// The search index: one Pagefind index per year of posts, at /pagefind/<year>/, which the search
// page merges (Pagefind's mergeIndex). Indexing a year at a time keeps memory to a year's posts,
// and after a change only the years whose post pages changed are indexed again: the rest are
// linked from the build before. /pagefind/shards.json lists the years, newest first, with a
// digest of each year's post pages.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { binPath, run } from './tool-process.ts';

export interface Shards {
  /** Years, newest first. */
  years: string[];
  /** Per year, a digest of its post pages (paths and bytes). */
  digests: Record<string, string>;
}

export const shardsFile = 'pagefind/shards.json';

/** The years of `dir`'s post pages (<year>/<mm>/<id>/index.html), each with its pages' digest. */
async function postYears(dir: string): Promise<Shards> {
  const years = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^\d{4}$/.test(name)).sort().reverse();
  const digests: Record<string, string> = {};
  for (const year of years) {
    const hash = createHash('sha256');
    let pages = 0;
    for (const month of (await readdir(join(dir, year))).filter((name) => /^\d\d$/.test(name)).sort()) {
      for (const id of (await readdir(join(dir, year, month))).sort()) {
        const page = join(dir, year, month, id, 'index.html');
        const bytes = await readFile(page).catch(() => undefined);
        if (!bytes) continue;
        hash.update(`${month}/${id}\0${bytes.length}\0`).update(bytes);
        pages += 1;
      }
    }
    if (pages > 0) digests[year] = hash.digest('hex');
  }
  return { years: years.filter((year) => digests[year]), digests };
}

/** What the build before indexed, from its shards.json; nothing when it has none. */
async function previousShards(dir: string | undefined): Promise<Shards | undefined> {
  if (!dir) return undefined;
  const text = await readFile(join(dir, shardsFile), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Shards);
}

/**
 * Indexes `dir`'s posts into `dir`/pagefind/<year>/. Given the build before (`reuse`), a year
 * whose post pages are byte for byte the same is linked from it instead (`link` makes the copy).
 * Returns the years indexed afresh.
 */
export async function indexPosts(options: {
  root: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  signal?: AbortSignal | undefined;
  reuse?: { dir: string; link: (from: string, to: string) => Promise<void> } | undefined;
}): Promise<string[]> {
  const shards = await postYears(options.dir);
  const before = await previousShards(options.reuse?.dir);
  const indexed: string[] = [];
  for (const year of shards.years) {
    const previous = options.reuse && before?.digests[year] === shards.digests[year] ? join(options.reuse.dir, 'pagefind', year) : undefined;
    if (previous && (await stat(previous).catch(() => undefined))?.isDirectory()) {
      await options.reuse!.link(previous, join(options.dir, 'pagefind', year));
      continue;
    }
    const args = [binPath(options.root, 'pagefind'), '--site', options.dir, '--glob', `${year}/[0-9][0-9]/*/index.html`, '--output-subdir', `pagefind/${year}`];
    await run(process.execPath, args, { cwd: options.root, env: options.env, log: options.log, signal: options.signal });
    indexed.push(year);
  }
  await writeFile(join(options.dir, shardsFile), `${JSON.stringify(shards)}\n`);
  return indexed;
}
