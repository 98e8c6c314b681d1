// npm run bench:import -- [--posts N] [--comments N] [--fetch-images] [--seed N] [--keep] [--tmp DIR] [--verbose]
//
// Writes a synthetic Blogger export (bench/synthetic-blogger.ts) into a fresh temporary folder and
// imports it with the real importer, run as a user runs it (`node tools/import-blogger.ts`) in a
// child process with its own database. Reports seconds, posts and comments per second and the peak
// memory of the importer's process tree, then counts what arrived, independently of the importer.
// Goal: 5,000 posts and 250,000 comments in under 2 minutes with a peak under 1 GiB. With
// --fetch-images, the export's pictures are served by a local server and fetched by the import.
// Exits 0 when the import succeeded and everything arrived, whether or not the goal was met; 1 when
// the importer failed or the counts differ.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { countArrived, startPictureServer } from './import-arrived.ts';
import { optionsOrUsage, parseCommandLine, wholeNumber, type CommonOptions } from './cli.ts';
import { cpuSnapshot, sampleTree, type TreeSummary } from './process-tree.ts';
import { writeSyntheticExport, type SyntheticExportCounts } from './synthetic-blogger.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const importer = 'tools/import-blogger.ts';
const nodeFlags = ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'];

const goal = { posts: 5000, comments: 250_000, seconds: 120, bytes: 1024 ** 3 };

interface Options extends CommonOptions {
  posts: number;
  comments: number;
  verbose: boolean;
  fetchImages: boolean;
}

const usage = `Usage: npm run bench:import -- [options]
  --posts N       posts in the synthetic export, 1 in 50 of them drafts (default ${goal.posts})
  --comments N    comments in it, a third of them replies (default ${goal.comments})
  --fetch-images  serve the export's pictures from a local server and import with --fetch-images
  --seed N        seed of the synthetic export (default 1)
  --keep          keep the temporary folder (export, content, database)
  --tmp DIR       where to make the temporary folder (default ${tmpdir()})
  --verbose       show every line the importer prints, with elapsed times`;

function parseOptions(argv: string[]): Options {
  const { values, common } = parseCommandLine(argv, usage, {
    posts: { type: 'string', default: String(goal.posts) },
    comments: { type: 'string', default: String(goal.comments) },
    verbose: { type: 'boolean', default: false },
    'fetch-images': { type: 'boolean', default: false },
  });
  return { ...common, posts: wholeNumber('posts', values.posts, 1), comments: wholeNumber('comments', values.comments, 0), verbose: values.verbose, fetchImages: values['fetch-images'] };
}

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MiB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number): string => n.toLocaleString('en-GB');

function report(lines: [string, string][]): void {
  const width = Math.max(...lines.map(([label]) => label.length));
  for (const [label, value] of lines) console.log(`  ${label.padEnd(width)}  ${value}`);
}

interface ImportRun {
  /** Exit code, or the signal that ended it. */
  exit: string;
  ok: boolean;
  ms: number;
  memory: TreeSummary;
  stdout: string[];
  stderr: string[];
}

/** Runs the importer in a child process, sampling the memory of its process tree. */
async function runImporter(args: string[], env: Record<string, string>, verbose: boolean): Promise<ImportRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let latest = '';
  const started = performance.now();
  const sampler = sampleTree(process.pid, 100);
  const child = spawn(process.execPath, [...nodeFlags, importer, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stopChild = () => child.kill('SIGINT');
  process.once('SIGINT', stopChild);
  // Only the end matters afterwards (the summary, or the error): keep a bounded tail.
  const onLine = (tail: string[]) => (line: string) => {
    tail.push(line);
    if (tail.length > 5000) tail.shift();
    if (line.trim()) latest = line.trim();
    if (verbose) console.log(`  [${secs(performance.now() - started).padStart(7)}] ${line}`);
  };
  createInterface({ input: child.stdout }).on('line', onLine(stdout));
  createInterface({ input: child.stderr }).on('line', onLine(stderr));
  const heartbeat = setInterval(() => {
    if (verbose) return;
    const now = sampler.current();
    console.log(`  ${secs(performance.now() - started)} elapsed, ${mib(now.rssBytes)}${latest ? `; importer: ${latest.slice(0, 100)}` : ''}`);
  }, 5000);
  let exit: string;
  try {
    exit = await new Promise<string>((resolveExit, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolveExit(signal ?? `code ${code}`));
    });
  } finally {
    clearInterval(heartbeat);
    process.off('SIGINT', stopChild);
  }
  const ms = performance.now() - started;
  return { exit, ok: exit === 'code 0', ms, memory: sampler.stop(), stdout, stderr };
}

/** What the importer printed after its last progress line (one with a percentage), shortened if long. */
function summaryOf(stdout: string[]): string[] {
  const lines = stdout.slice(stdout.findLastIndex((line) => /\d%/.test(line)) + 1).filter((line) => line.trim());
  if (lines.length <= 30) return lines;
  return [...lines.slice(0, 20), `  … ${lines.length - 28} lines more …`, ...lines.slice(-8)];
}

async function main(): Promise<number> {
  const options = optionsOrUsage(parseOptions, usage);
  if (!options) return 2;

  const work = await mkdtemp(join(options.tmp, 'befriend-import-'));
  const exportPath = join(work, 'export.xml');
  const contentDir = join(work, 'content');
  const databasePath = join(work, 'import.db');
  const pictures = options.fetchImages ? await startPictureServer() : undefined;
  const cleanUp = async () => {
    await pictures?.close();
    if (!options.keep) await rm(work, { recursive: true, force: true });
  };
  const onInterrupt = () => {
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);

  console.log(`Import benchmark: ${count(options.posts)} posts, ${count(options.comments)} comments, seed ${options.seed}, in ${work}`);

  // 1. The export (not timed with the import).
  const genStarted = performance.now();
  let generated: SyntheticExportCounts;
  try {
    generated = await writeSyntheticExport(exportPath, {
      posts: options.posts,
      comments: options.comments,
      seed: options.seed,
      imageOrigin: pictures?.origin,
      progress: ({ posts, comments }) => {
        // On a terminal only: a log file would get every step on one line.
        if (process.stdout.isTTY) process.stdout.write(`  generating: ${posts}/${options.posts} posts, ${comments}/${options.comments} comments\r`);
      },
    });
  } catch (error) {
    console.error(`\nCould not write the export: ${error instanceof Error ? error.message : String(error)}`);
    await cleanUp();
    return 1;
  }
  const genMs = performance.now() - genStarted;
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(
    `Generated ${exportPath}: ${mib(generated.bytes)}, ${count(generated.posts)} posts (${count(generated.drafts)} of them drafts), ${generated.pages} pages, ` +
      `${count(generated.comments)} comments (${count(generated.replies)} replies, ${count(generated.removed)} removed) in ${secs(genMs)}.`,
  );

  // The pictures, one for each address (not timed either).
  if (pictures) {
    const started = performance.now();
    const made = await pictures.prepare(exportPath, (done, of) => {
      if (process.stdout.isTTY) process.stdout.write(`  preparing pictures: ${done}/${of}\r`);
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    console.log(`Prepared ${count(made)} pictures for the picture server, each its own, in ${secs(performance.now() - started)}.`);
  }

  // 2. The import, as a user runs it.
  if (!existsSync(join(projectRoot, importer))) {
    console.error(`\n${importer} does not exist in ${projectRoot}: there is no importer to measure yet.`);
    await cleanUp();
    if (options.keep) console.error(`Kept ${work}`);
    return 1;
  }
  const args = [exportPath, '--content-dir', contentDir, ...(pictures ? ['--fetch-images', '--public-dir', join(work, 'public')] : [])];
  const env = { DATABASE_URL: `file:${databasePath}` };
  console.log(`Importing: DATABASE_URL=${env.DATABASE_URL} node ${nodeFlags.join(' ')} ${importer} ${args.join(' ')}`);
  const cpuBefore = cpuSnapshot();
  let run: ImportRun;
  try {
    run = await runImporter(args, env, options.verbose);
  } catch (error) {
    console.error(`\nCould not start the importer: ${error instanceof Error ? error.message : String(error)}`);
    await cleanUp();
    return 1;
  }
  const cpuAfter = cpuSnapshot();
  const importCpu = cpuAfter.mine - cpuBefore.mine;
  // Whatever else ran on the machine meanwhile (other builds, tests) skews the figures: say so.
  const otherCpu = Math.max(0, cpuAfter.machineBusy - cpuBefore.machineBusy - importCpu);

  if (!run.ok) {
    console.error(`\nImport FAILED (${run.exit}) after ${secs(run.ms)}.`);
    const tail = [...run.stdout.slice(-10), ...run.stderr.slice(-30)];
    if (!options.verbose && tail.length > 0) console.error(`Its last output:\n${tail.map((l) => `  ${l}`).join('\n')}`);
    await cleanUp();
    if (options.keep) console.error(`Kept ${work}`);
    return 1;
  }

  // 3. Report.
  const seconds = run.ms / 1000;
  // The sampled sum can miss a spike between samples; one process's VmHWM cannot, so it bounds the peak from below.
  const largestProcess = Math.max(0, ...Object.values(run.memory.peakProcessBytes));
  const peakBytes = Math.max(run.memory.peakBytes, largestProcess);
  const databaseBytes = (await stat(databasePath).catch(() => undefined))?.size ?? 0;
  console.log('\nResult');
  report([
    ['import', `${secs(run.ms)} (wall clock, from starting the importer to its exit)`],
    ['posts per second', `${(generated.posts / seconds).toFixed(0)}`],
    ['comments per second', `${(generated.comments / seconds).toFixed(0)}`],
    ['peak memory', `${mib(peakBytes)} (sum of VmRSS over the importer's process tree, ${run.memory.samples} samples at 100 ms, or the largest VmHWM if higher)`],
    ...Object.entries(run.memory.peakProcessBytes).map(([name, bytes]): [string, string] => [`  largest ${name}`, `${mib(bytes)} (VmHWM of one process)`]),
    ['CPU time', `${importCpu.toFixed(1)} s for the import (${(importCpu / seconds).toFixed(2)} cores busy on average)`],
    ['other load', `${otherCpu.toFixed(1)} CPU s used by other processes meanwhile${otherCpu > 0.1 * seconds ? ' — the machine was shared, figures are pessimistic' : ''}`],
    ['export', `${mib(generated.bytes)}, generated in ${secs(genMs)} (not included above)`],
    ['database', `${mib(databaseBytes)}`],
    ...(pictures ? [['pictures', `${count(pictures.requests())} requests answered by the local picture server (1600 × 1200 JPEG, each address its own)`] as [string, string]] : []),
  ]);

  const isGoalRun = options.posts === goal.posts && options.comments === goal.comments;
  console.log(`\nGoal: ${count(goal.posts)} posts and ${count(goal.comments)} comments imported in under 2 minutes with a peak under 1 GiB.`);
  if (!isGoalRun) console.log(`  This run (${count(options.posts)} posts, ${count(options.comments)} comments) is not the goal's size; for what it is worth:`);
  console.log(`  under 2 minutes: ${seconds < goal.seconds ? 'met' : 'NOT met'} (${secs(run.ms)})`);
  console.log(`  under 1 GiB: ${peakBytes < goal.bytes ? 'met' : 'NOT met'} (${mib(peakBytes)})`);

  const summary = summaryOf(run.stdout);
  if (summary.length > 0) console.log(`\nThe importer's summary:\n${summary.map((l) => `  ${l}`).join('\n')}`);

  // 4. What arrived, counted from the files and the database.
  const arrived = await countArrived(contentDir, databasePath, pictures?.origin);
  const checks: [string, number | undefined, number, string][] = [
    ['post files', arrived.postFiles, generated.posts, `.md/.mdx under content/posts (drafts included: ${generated.drafts})`],
    ['page files', arrived.pageFiles, generated.pages, '.md/.mdx under content/pages'],
    ['comment rows', arrived.comments, generated.comments, 'rows in comments'],
    ['replies', arrived.replies, generated.replies, 'rows with a parent_id'],
    ['removed', arrived.removed, generated.removed, "rows with status removed_by_author or removed_by_moderator"],
    ...(arrived.pictures ? [['remote pictures', arrived.pictures.bodiesNamingServer, 0, `files still naming the picture server (${count(arrived.pictures.local)} <img> show local copies)`] as [string, number, number, string]] : []),
  ];
  console.log('\nCheck (counted from the files and the database, not from the importer)');
  report(
    checks.map(([label, found, expected, what]): [string, string] => [
      label,
      `${found === undefined ? '?' : count(found)} of ${count(expected)} ${what}: ${found === expected ? 'match' : 'MISMATCH'}`,
    ]),
  );
  if (arrived.databaseError) console.log(`  (could not read the database: ${arrived.databaseError})`);
  const allArrived = checks.every(([, found, expected]) => found === expected);

  await cleanUp();
  if (options.keep) console.log(`\nKept ${work}`);
  return allArrived ? 0 : 1;
}

process.exitCode = await main();
