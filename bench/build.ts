// npm run bench:build -- [--posts N] [--format mdx|md|mixed] [--keep] [--out DIR] [--tmp DIR] [--seed N] [--verbose]
//
// Builds the real site (build/site-build.ts: `astro build`, then Pagefind) over N synthetic posts in a
// fresh temporary folder, and reports wall time, pages per second and the peak memory of the whole
// child process tree. Goal: 5,000 MDX posts in under 30 s with a peak under 2 GiB.
// Exits 0 when the build succeeded, whether or not the goal was met; 1 when the build failed.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildSite, projectRoot } from '../build/site-build.ts';
import { parseCommandLine, wholeNumber, type CommonOptions } from './cli.ts';
import { cpuSnapshot, sampleTree, type TreeSummary } from './process-tree.ts';
import { generatePosts, type PostFormat } from './synthetic-posts.ts';

const goal = { posts: 5000, format: 'mdx' as PostFormat, seconds: 30, bytes: 2 * 1024 ** 3 };
const pagesOrigin = 'http://127.0.0.1:4321';

interface Options extends CommonOptions {
  posts: number;
  format: PostFormat;
  out: string | undefined;
  verbose: boolean;
}

const usage = `Usage: npm run bench:build -- [options]
  --posts N               number of synthetic posts (default 1000)
  --format mdx|md|mixed   post format (default mdx); mixed: .mdx only for the posts that use components
  --keep                  keep the temporary folder (posts, cache, and the site unless --out)
  --out DIR               build the site into DIR (kept; Astro empties it first)
  --tmp DIR               where to make the temporary folder (default ${tmpdir()}); it must be on the
                          same file system as the project (Astro moves files from <project>/.astro)
  --seed N                seed of the synthetic content (default 1)
  --verbose               show Astro's own log (not --silent) with elapsed times`;

function parseOptions(argv: string[]): Options {
  const { values, common } = parseCommandLine(argv, usage, {
    posts: { type: 'string', default: '1000' },
    format: { type: 'string', default: 'mdx' },
    out: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  });
  const format = values.format;
  if (format !== 'mdx' && format !== 'md' && format !== 'mixed') throw new Error(`--format must be mdx, md or mixed, got "${format}"`);
  return {
    ...common,
    posts: wholeNumber('posts', values.posts, 1),
    format,
    out: values.out === undefined ? undefined : resolve(values.out),
    verbose: values.verbose,
  };
}

/** Refuses to let Astro empty a folder that holds something other than an earlier build. */
async function checkOutDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.length === 0) return;
  const root = resolve(projectRoot);
  if (dir === root || root.startsWith(`${dir}/`)) throw new Error(`--out ${dir} would empty the project itself`);
  const built = entries.includes('.befriend-build.json') || entries.includes('index.html');
  if (!built) throw new Error(`--out ${dir} is not empty and does not look like a built site; Astro would empty it`);
}

/** The device of a path, or of its nearest existing parent. */
async function deviceOf(path: string): Promise<number> {
  for (let p = path; ; p = dirname(p)) {
    const info = await stat(p).catch(() => undefined);
    if (info) return info.dev;
    if (dirname(p) === p) return -1;
  }
}

async function countFiles(dir: string, suffix: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) count += 1;
  }
  return count;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MiB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function report(lines: [string, string][]): void {
  const width = Math.max(...lines.map(([label]) => label.length));
  for (const [label, value] of lines) console.log(`  ${label.padEnd(width)}  ${value}`);
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
    if (options.out) await checkOutDir(options.out);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error(usage);
    return 2;
  }

  // Astro renames its output from <project>/.astro into the output folder: across file systems
  // that fails (EXDEV) after a minute of work, so say so before starting.
  const siteParent = options.out ?? options.tmp;
  if ((await deviceOf(siteParent)) !== (await deviceOf(projectRoot))) {
    console.error(`${siteParent} is on another file system than ${projectRoot}: Astro cannot move its output there. Use --tmp or --out on the same file system.`);
    return 2;
  }

  const work = await mkdtemp(join(options.tmp, 'befriend-bench-'));
  const contentDir = join(work, 'posts');
  const cacheDir = join(work, 'cache');
  const outDir = options.out ?? join(work, 'site');
  const cleanUp = async () => {
    if (!options.keep) await rm(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanUp().finally(() => process.exit(130));
  });

  console.log(`Build benchmark: ${options.posts} ${options.format.toUpperCase()} posts, seed ${options.seed}, in ${work}`);

  // 1. Content.
  const genStarted = performance.now();
  const generated = await generatePosts({
    dir: contentDir,
    posts: options.posts,
    format: options.format,
    seed: options.seed,
    progress: (n) => {
      // On a terminal only: a log file would get every step on one line.
      if (process.stdout.isTTY) process.stdout.write(`  generating posts: ${n}/${options.posts}${n < options.posts ? '\r' : '\n'}`);
    },
  });
  const genMs = performance.now() - genStarted;
  console.log(
    `Generated ${generated.files} posts (${generated.words.toLocaleString('en-GB')} words, ${mib(generated.bytes)}, ` +
      `${generated.years} years, ${generated.withComponents} with MDX components) in ${secs(genMs)}.`,
  );

  // 2. Build, sampling the memory of every child process.
  console.log(`Building into ${outDir} ...`);
  const tail: string[] = [];
  const cpuBefore = cpuSnapshot();
  const started = performance.now();
  const sampler = sampleTree(process.pid, 100);
  const heartbeat = setInterval(() => {
    const now = sampler.current();
    const running = now.names.length > 0 ? now.names.join('+') : '-';
    console.log(`  ${secs(performance.now() - started)} elapsed, running ${running}, ${mib(now.rssBytes)}`);
  }, 5000);
  let failure: unknown;
  let memory: TreeSummary;
  try {
    await buildSite({
      outDir,
      contentDir,
      pagesOrigin,
      cacheDir,
      inherit: process.env,
      astroArgs: options.verbose ? [] : ['--silent'],
      log: (line) => {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (options.verbose) console.log(`  [${secs(performance.now() - started).padStart(7)}] ${line}`);
      },
    });
  } catch (error) {
    failure = error;
  } finally {
    clearInterval(heartbeat);
    memory = sampler.stop();
  }
  const buildMs = performance.now() - started;
  const cpuAfter = cpuSnapshot();
  const buildCpu = cpuAfter.mine - cpuBefore.mine;
  // Whatever else ran on the machine meanwhile (other builds, tests) skews the figures: say so.
  const otherCpu = Math.max(0, cpuAfter.machineBusy - cpuBefore.machineBusy - buildCpu);

  if (failure !== undefined) {
    console.error(`\nBuild FAILED after ${secs(buildMs)}: ${failure instanceof Error ? failure.message : String(failure)}`);
    if (!options.verbose && tail.length > 0) console.error(`Last output:\n${tail.map((l) => `  ${l}`).join('\n')}`);
    await cleanUp();
    if (options.keep) console.error(`Kept ${work}`);
    return 1;
  }

  // 3. Report.
  const pages = await countFiles(outDir, '.html');
  const siteBytes = await folderBytes(outDir);
  const pagefindAt = memory.firstSeenAt['pagefind'];
  const astroMs = pagefindAt === undefined ? undefined : pagefindAt - started;
  const pagefindMs = astroMs === undefined ? undefined : buildMs - astroMs;
  const timeOk = buildMs / 1000 < goal.seconds;
  // The sampled sum can miss a spike between samples; one process's VmHWM cannot, so it bounds the peak from below.
  const peakBytes = Math.max(memory.peakBytes, ...Object.values(memory.peakProcessBytes));
  const memoryOk = peakBytes < goal.bytes;
  const isGoalRun = options.posts === goal.posts && options.format === goal.format;

  console.log('\nResult');
  report([
    ['posts', `${options.posts} (${generated.mdxFiles} .mdx, ${generated.files - generated.mdxFiles} .md; ${generated.withComponents} using <PullQuote>/<Contribution>)`],
    ['pages built', `${pages} .html files, ${mib(siteBytes)} in all`],
    ['build total', `${secs(buildMs)} (astro build + pagefind, wall clock)`],
    ...(astroMs !== undefined && pagefindMs !== undefined
      ? ([
          ['  astro build', `${secs(astroMs)}`],
          ['  pagefind', `${secs(pagefindMs)}`],
        ] as [string, string][])
      : []),
    ['pages per second', `${(pages / (buildMs / 1000)).toFixed(0)} overall${astroMs ? `, ${(pages / (astroMs / 1000)).toFixed(0)} in astro build` : ''}`],
    ['posts per second', `${(options.posts / (buildMs / 1000)).toFixed(0)}`],
    ['peak memory', `${mib(peakBytes)} (sum of VmRSS over the child process tree, ${memory.samples} samples at 100 ms, or the largest VmHWM if higher)`],
    ...Object.entries(memory.peakProcessBytes).map(([name, bytes]): [string, string] => [`  largest ${name}`, `${mib(bytes)} (VmHWM of one process)`]),
    ['CPU time', `${buildCpu.toFixed(1)} s for the build (${(buildCpu / (buildMs / 1000)).toFixed(2)} cores busy on average)`],
    ['other load', `${otherCpu.toFixed(1)} CPU s used by other processes meanwhile${otherCpu > 0.1 * (buildMs / 1000) ? ' — the machine was shared, figures are pessimistic' : ''}`],
    ['generating posts', `${secs(genMs)} (not included above)`],
  ]);

  console.log(`\nGoal: ${goal.posts.toLocaleString('en-GB')} MDX posts built in under ${goal.seconds} s with a peak under 2 GiB.`);
  const verdict = `${timeOk ? 'under' : 'OVER'} ${goal.seconds} s (${secs(buildMs)}), ${memoryOk ? 'under' : 'OVER'} 2 GiB (${mib(peakBytes)})`;
  if (isGoalRun) console.log(`  ${timeOk && memoryOk ? 'MET' : 'NOT MET'}: ${verdict}.`);
  else console.log(`  This run (${options.posts} posts, format ${options.format}) is not the goal's size; for what it is worth: ${verdict}.`);

  await cleanUp();
  if (options.keep) console.log(`\nKept ${work}`);
  else if (options.out) console.log(`\nSite kept in ${outDir}`);
  return 0;
}

process.exitCode = await main();
