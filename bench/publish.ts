// npm run bench:publish -- [--posts 1000,5000] [--format mdx|md|mixed] [--keep] [--tmp DIR] [--seed N]
//
// Publishing while serving, measured. For each N: builds N synthetic posts cold with `npm run
// build` (wall time, peak memory of the process tree), starts the real server on the result, and
// with a reader loop at 10 requests/s over the home page, a post and the search index, measures the
// seconds until the server answers with the change on the post's page, home page 1 and its label
// page after (a) a new post file, (b) an edit of that post's body, (c) a post scheduled 20 s ahead
// (seconds after its time). As the anchor, Hugo (Debian's `hugo`, when installed) builds the same
// posts into a fresh folder. Reports; exits 1 only when the benchmark could not run.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../build/site-build.ts';
import { labelSlug } from '../site/lib/labels.ts';
import { startServer, type ServerProcess } from '../tests/support/server-process.ts';
import { optionsOrUsage, parseCommandLine, wholeNumber, type CommonOptions } from './cli.ts';
import { buildWithHugo, hugoVersion } from './publish-hugo.ts';
import { readerLoop, timeUntilLive, writePost, type Reader } from './publish-steps.ts';
import { sampleTree } from './process-tree.ts';
import { generatePosts, labelNames, type PostFormat } from './synthetic-posts.ts';

const usage = `Usage: npm run bench:publish -- [options]
  --posts N[,N…]          numbers of synthetic posts, one run each (default 1000,5000)
  --format mdx|md|mixed   post format (default mdx)
  --keep                  keep the temporary folders
  --tmp DIR               where to make them (on the project's file system)
  --seed N                seed of the synthetic content (default 1)`;

interface Options extends CommonOptions {
  posts: number[];
  format: PostFormat;
}

function parseOptions(argv: string[]): Options {
  const { values, common } = parseCommandLine(argv, usage, { posts: { type: 'string', default: '1000,5000' }, format: { type: 'string', default: 'mdx' } });
  const format = values.format;
  if (format !== 'mdx' && format !== 'md' && format !== 'mixed') throw new Error(`--format must be mdx, md or mixed, got "${format}"`);
  return { ...common, posts: values.posts.split(',').map((n) => wholeNumber('posts', n, 1)), format };
}

interface Row {
  posts: number;
  coldSeconds: number;
  coldPeakBytes: number;
  hugoSeconds: number | undefined;
  newPost: number;
  edit: number;
  scheduled: number;
  serverPeakBytes: number;
  reader: Reader;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
const seconds = (s: number | undefined) => (s === undefined ? '—' : `${s.toFixed(1)} s`);

/** `npm run build` as a child process, with the memory of its whole tree sampled. */
async function coldBuild(env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakBytes: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'tools/build.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = sampleTree(child.pid!, 100);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const heartbeat = setInterval(() => console.log(`    ${((performance.now() - started) / 1000).toFixed(0)} s, ${gib(sampler.current().rssBytes)}`), 10_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(heartbeat);
  const memory = sampler.stop();
  if (code !== 0) throw new Error(`npm run build failed:\n${output.slice(-3000)}`);
  return { seconds: (performance.now() - started) / 1000, peakBytes: memory.peakBytes };
}

async function run(options: Options, posts: number): Promise<Row> {
  const work = await mkdtemp(join(options.tmp, 'befriend-publish-bench-'));
  try {
    const contentDir = join(work, 'content');
    console.log(`\n${posts.toLocaleString('en-GB')} posts (${work})`);
    await generatePosts({ dir: contentDir, posts, format: options.format, seed: options.seed });
    const env = {
      ...process.env,
      DIST_DIR: join(work, 'dist'),
      BEFRIEND_CONTENT_DIR: contentDir,
      BEFRIEND_PAGES_DIR: join(work, 'pages'),
      BEFRIEND_CACHE_DIR: join(work, 'cache'),
      DATABASE_URL: `file:${join(work, 'comments.db')}`,
    };
    console.log('  cold build (npm run build)…');
    const cold = await coldBuild(env);
    console.log(`  cold build: ${seconds(cold.seconds)}, peak ${gib(cold.peakBytes)}`);
    const hugo = hugoVersion() ? await buildWithHugo(contentDir, join(work, 'hugo')) : undefined;
    if (hugo !== undefined) console.log(`  Hugo, same posts, fresh folder: ${seconds(hugo)}`);

    const server: ServerProcess = await startServer({ ...env, BUILD_ON_START: 'auto', LIMITS: 'off' } as Record<string, string>, 600_000);
    const serverMemory = sampleTree(server.child.pid!, 200);
    const reader = readerLoop(server.origin);
    try {
      const label = labelNames[0]!;
      const where = { origin: server.origin, labelPath: `/labels/${labelSlug(label)}/` };
      const year = new Date().getUTCFullYear();
      const file = join(contentDir, String(year), 'bench-fresh-post.mdx');

      console.log('  (a) a new post…');
      const published = new Date(Date.now() - 60_000);
      const newPost = await timeUntilLive(where, () => writePost(file, { title: 'A Fresh Post', published, label, word: 'samphire' }), { title: 'A Fresh Post', word: 'samphire', published, file });
      console.log(`      live in ${seconds(newPost)}`);

      console.log('  (b) an edit of its body…');
      const edit = await timeUntilLive(where, () => writePost(file, { title: 'A Fresh Post', published, label, word: 'glasswort' }), { title: 'A Fresh Post', word: 'glasswort', published, file });
      console.log(`      live in ${seconds(edit)}`);

      console.log('  (c) a post scheduled 20 s ahead…');
      const due = new Date(Date.now() + 20_000);
      const scheduledFile = join(contentDir, String(due.getUTCFullYear()), 'bench-scheduled-post.mdx');
      const afterWrite = await timeUntilLive(where, () => writePost(scheduledFile, { title: 'A Scheduled Post', published: due, label, word: 'eelgrass' }), { title: 'A Scheduled Post', word: 'eelgrass', published: due, file: scheduledFile });
      const scheduled = afterWrite - 20;
      console.log(`      live ${seconds(scheduled)} after its time`);
      return { posts, coldSeconds: cold.seconds, coldPeakBytes: cold.peakBytes, hugoSeconds: hugo, newPost, edit, scheduled, serverPeakBytes: serverMemory.stop().peakBytes, reader: await reader.stop() };
    } finally {
      await server.stop();
    }
  } finally {
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}

function printTable(rows: Row[], hugo: string | undefined): void {
  const header = ['posts', 'cold build', 'cold peak', ...(hugo ? ['Hugo'] : []), 'new post', 'edit', 'scheduled*', 'server peak', 'reader requests', 'non-200'];
  const lines = rows.map((r) => [r.posts.toLocaleString('en-GB'), seconds(r.coldSeconds), gib(r.coldPeakBytes), ...(hugo ? [seconds(r.hugoSeconds)] : []), seconds(r.newPost), seconds(r.edit), seconds(r.scheduled), gib(r.serverPeakBytes), String(r.reader.requests), String(r.reader.failures.length)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}\n${lines.map(format).join('\n')}`);
  console.log(`\n  new post, edit: seconds from the file change to the post's page, home page 1 and its label page all showing it.`);
  console.log(`  * scheduled: seconds after the post's own time until the same.${hugo ? `\n  Hugo: ${hugo}, the same posts (Markdown, minimal templates) into a fresh folder.` : '\n  Hugo is not installed (apt-get install hugo): no anchor column.'}`);
  console.log('  Goals: new or edited post live in ≤ 5 s at 5,000 posts (≤ 8 s at 10,000); a scheduled post within 10 s of its time; 0 failed reader requests; cold build ≤ 2 GiB.');
  for (const r of rows) for (const failure of r.reader.failures.slice(0, 5)) console.log(`  ${r.posts} posts, failed reader request: ${failure}`);
}

async function main(): Promise<number> {
  const options = optionsOrUsage(parseOptions, usage);
  if (!options) return 2;
  const hugo = hugoVersion();
  console.log(`Publishing benchmark: ${options.posts.join(', ')} ${options.format.toUpperCase()} posts; ${hugo ?? 'no Hugo installed'}.`);
  const rows: Row[] = [];
  try {
    for (const posts of options.posts) rows.push(await run(options, posts));
  } catch (error) {
    console.error(`\nThe benchmark could not run: ${error instanceof Error ? error.message : error}`);
    if (rows.length > 0) printTable(rows, hugo);
    return 1;
  }
  printTable(rows, hugo);
  return 0;
}

process.exitCode = await main();
