// npm run bench:load -- [--duration S] [--connections N] [--cases file,file-workers2,sqld,sqld-workers2] [--keep]
//
// Mixed load on the real server (server/main.ts as a child process, LIMITS=off) with autocannon on
// loopback: 90% thread reads, 9% comment posts, 1% reports, spread over 1,000 posts. Each case is
// one server (single process or --workers 2) on the embedded file or on sqld. After each case the
// database must hold every comment the server acknowledged; the run exits 1 when one is missing
// or when any request failed.
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPosts, seedDatabase, writeDist, type SeedPlan } from './api-seed.ts';
import { parseCommandLine, silenceAutocannonTimerWarnings, wholeNumber, type CommonOptions } from './cli.ts';
import { mix, mixedLoad, newTally, primeComment, type Kind, type Tally } from './load-mix.ts';
import { seededRandom } from './synthetic-posts.ts';
import { startServer, type ServerProcess } from '../tests/support/server-process.ts';
import { startSqld, sqldVersion, type Sqld } from '../tests/support/sqld.ts';

const caseNames = ['file', 'file-workers2', 'sqld', 'sqld-workers2'] as const;
type CaseName = (typeof caseNames)[number];
type Backend = 'file' | 'sqld';

const postCount = 1000;
/** Seeding through sqld goes over HTTP, so its database gets fewer comments per post. */
const commentsPerPost: Record<Backend, number> = { file: 50, sqld: 20 };
const warmupSeconds = 3;

const usage = `Usage: npm run bench:load -- [options]
  --duration S       seconds measured per case, after a ${warmupSeconds} s warm-up (default 60)
  --connections N    autocannon connections (default 50)
  --cases LIST       comma-separated, from ${caseNames.join(',')} (default all)
  --keep             keep the temporary folder (databases, dist/)
  --tmp DIR          where to make the temporary folder (default ${tmpdir()})
  --seed N           seed of the synthetic data and of the request mix (default 1)`;

interface Options extends CommonOptions {
  duration: number;
  connections: number;
  cases: CaseName[];
}

function parseOptions(argv: string[]): Options {
  const { values, common } = parseCommandLine(argv, usage, {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    cases: { type: 'string', default: caseNames.join(',') },
  });
  const cases = values.cases.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = cases.filter((name) => !(caseNames as readonly string[]).includes(name));
  if (unknown.length > 0 || cases.length === 0) throw new Error(`--cases takes names from ${caseNames.join(', ')}; got "${values.cases}"`);
  return {
    ...common,
    duration: wholeNumber('duration', values.duration, 1),
    connections: wholeNumber('connections', values.connections, 1),
    cases: caseNames.filter((name) => cases.includes(name)),
  };
}

const backendOf = (name: CaseName): Backend => (name.startsWith('sqld') ? 'sqld' : 'file');
const workersOf = (name: CaseName): number => (name.endsWith('-workers2') ? 2 : 1);

function planFor(backend: Backend, seed: number): SeedPlan {
  return { posts: postCount, comments: postCount * commentsPerPost[backend], bigPost: 'post-00500', bigCount: 500, smallPost: 'post-00501', smallCount: 20, seed };
}

// ---------------------------------------------------------------------------------------------
// Processes started here, stopped on exit, error or Ctrl-C.

let server: ServerProcess | undefined;
let sqld: Sqld | undefined;
let tempDir: string | undefined;
let keepTemp = false;

async function stopServer(): Promise<void> {
  const running = server;
  server = undefined;
  if (!running) return;
  // SIGTERM lets the server finish the requests in progress; a stuck one is killed.
  const timer = setTimeout(() => void running.stop('SIGKILL'), 10_000);
  await running.stop();
  clearTimeout(timer);
}

let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopServer();
    await sqld?.stop();
    sqld = undefined;
    if (tempDir && !keepTemp) await rm(tempDir, { recursive: true, force: true });
    else if (tempDir) console.log(`\nKept ${tempDir}`);
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping…`);
    void cleanup().finally(() => process.exit(130));
  });
}

silenceAutocannonTimerWarnings();

// ---------------------------------------------------------------------------------------------

interface Row {
  name: CaseName;
  result: autocannon.Result;
  tally: Tally;
  acknowledged: number;
  stored: number;
  missing: number[];
  /** Stored but never acknowledged: posts still in flight when autocannon stopped. */
  extra: number;
  reportsStored: number;
  load: number[];
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
const badResponses = (r: autocannon.Result) => r['1xx'] + r['4xx'] + r['5xx'];
const failures = (r: autocannon.Result) => r.errors + r.timeouts;

async function runCase(name: CaseName, databaseUrl: string, distDir: string, postIds: readonly string[], opts: Options): Promise<Row> {
  const db = createClient({ url: databaseUrl });
  try {
    const before = (await db.execute("SELECT coalesce(max(id), 0) AS last, (SELECT count(*) FROM reports) AS reports FROM comments")).rows[0]!;
    const lastIdBefore = Number(before['last']);
    const reportable = (await db.execute("SELECT id FROM comments WHERE status = 'published'")).rows.map((r) => Number(r['id']));

    server = await startServer({ DIST_DIR: distDir, DATABASE_URL: databaseUrl, LIMITS: 'off', WORKERS: String(workersOf(name)) });
    const tally = newTally();
    const random = seededRandom(opts.seed + 1000 + caseNames.indexOf(name));
    const load = mixedLoad(server.origin, opts.connections, postIds, reportable, random, tally);
    // A cold server takes seconds over its first comment (the render workers start): a few posts
    // side by side, awaited, so the warm-up measures load rather than start-up.
    await Promise.all(Array.from({ length: 4 }, (_, i) => primeComment(server!.origin, postIds[i]!, tally)));
    const warmup = await autocannon({ ...load, duration: warmupSeconds });
    console.log(`    warm-up: ${fmt(warmup.requests.total)} responses, ${fmt(tally.acknowledgedIds.size)} comments acknowledged, ${fmt(warmup.errors + warmup.timeouts)} errors/timeouts`);
    const warmupStatuses = structuredClone(tally.statuses);
    for (const kind of Object.keys(mix) as Kind[]) tally.latencies[kind] = [];
    const result = await autocannon({ ...load, duration: opts.duration });
    // Statuses by kind for the measured run only; acknowledged ids keep the warm-up's too.
    for (const kind of Object.keys(mix) as Kind[]) {
      for (const [status, n] of warmupStatuses[kind]) tally.statuses[kind].set(status, tally.statuses[kind].get(status)! - n);
    }
    const loadNow = loadavg();
    // Stopping waits for the requests in progress, so every write has landed before the check.
    await stopServer();

    const stored = new Set((await db.execute({ sql: 'SELECT id FROM comments WHERE id > ?', args: [lastIdBefore] })).rows.map((r) => Number(r['id'])));
    const reportsAfter = Number((await db.execute('SELECT count(*) AS n FROM reports')).rows[0]!['n']);
    const missing = [...tally.acknowledgedIds].filter((id) => !stored.has(id));
    return {
      name,
      result,
      tally,
      acknowledged: tally.acknowledgedIds.size + tally.unreadable,
      stored: stored.size,
      missing,
      extra: [...stored].filter((id) => !tally.acknowledgedIds.has(id)).length,
      reportsStored: reportsAfter - Number(before['reports']),
      load: loadNow,
    };
  } finally {
    db.close();
  }
}

function printTable(rows: Row[]): void {
  const header = ['case', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors/timeouts', 'acknowledged', 'stored', 'missing', 'extra', 'load avg'];
  const lines = rows.map((row) => [
    row.name,
    fmt(row.result.requests.total / row.result.duration),
    fmt(row.result.latency.p50, 1),
    fmt(row.result.latency.p99, 1),
    fmt(badResponses(row.result)),
    `${fmt(row.result.errors)}/${fmt(row.result.timeouts)}`,
    fmt(row.acknowledged),
    fmt(row.stored),
    fmt(row.missing.length),
    fmt(row.extra),
    row.load.map((n) => n.toFixed(2)).join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(render(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const line of lines) console.log(render(line));
}

function statusSummary(counts: Map<number, number>, latencies: number[]): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status} × ${fmt(n)}`);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `${fmt(total)} (${parts.join(', ') || 'none'}), p50 ${fmt(at(0.5), 1)} ms, p99 ${fmt(at(0.99), 1)} ms`;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  keepTemp = opts.keep;
  const backends = [...new Set(opts.cases.map(backendOf))];
  console.log(
    `Load benchmark: ${opts.cases.join(', ')}; ${opts.connections} connections, ${warmupSeconds} s warm-up + ${opts.duration} s each; ` +
      `mix ${mix.read * 100}% reads / ${mix.comment * 100}% comment posts / ${mix.report * 100}% reports over ${fmt(postCount)} posts.`,
  );
  console.log(`Load average at start: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  if (backends.includes('sqld')) console.log(`sqld: ${sqldVersion()}`);

  tempDir = await mkdtemp(join(opts.tmp, 'befriend-load-bench-'));
  console.log(`Temporary folder: ${tempDir}`);
  const posts = benchPosts(planFor('file', opts.seed));
  const postIds = posts.map((post) => post.id);
  const distDir = join(tempDir, 'dist');
  await writeDist(distDir, posts);

  const rows: Row[] = [];
  for (const backend of backends) {
    // One database per backend, seeded once: its cases each check only the rows they added.
    const plan = planFor(backend, opts.seed);
    let databaseUrl = `file:${join(tempDir, 'bench.db')}`;
    if (backend === 'sqld') {
      sqld = await startSqld(join(tempDir, 'sqld-data'));
      databaseUrl = sqld.url;
    }
    const started = performance.now();
    await seedDatabase(databaseUrl, plan, () => {}).catch(async (error: unknown) => {
      // The seed ends with a WAL checkpoint, which a libSQL server does itself.
      if (backend === 'sqld' && /wal_checkpoint/i.test(String(error))) return;
      throw error;
    });
    console.log(`\n${backend}: seeded ${fmt(plan.comments)} comments (${commentsPerPost[backend]} per post) on ${fmt(plan.posts)} posts in ${fmt((performance.now() - started) / 1000, 1)} s (${databaseUrl})`);

    for (const name of opts.cases.filter((c) => backendOf(c) === backend)) {
      console.log(`  ${name}: ${workersOf(name)} process${workersOf(name) > 1 ? 'es' : ''}…`);
      const row = await runCase(name, databaseUrl, distDir, postIds, opts);
      rows.push(row);
      const r = row.result;
      console.log(
        `    ${fmt(r.requests.total / r.duration)} req/s, p50 ${fmt(r.latency.p50, 1)} ms, p99 ${fmt(r.latency.p99, 1)} ms, ` +
          `${fmt(badResponses(r))} non-2xx, ${fmt(r.errors)} errors, ${fmt(r.timeouts)} timeouts; load average ${row.load.map((n) => n.toFixed(2)).join(' ')}`,
      );
      for (const kind of Object.keys(mix) as Kind[]) console.log(`    ${kind.padEnd(7)} ${statusSummary(row.tally.statuses[kind], row.tally.latencies[kind])}`);
    }
    await sqld?.stop();
    sqld = undefined;
  }

  console.log(`\nResults (p50/p99 of 2xx responses, as autocannon records them; "acknowledged" and "stored" include the warm-up):\n`);
  printTable(rows);
  console.log(
    '\n  acknowledged: comment posts answered 201/202; stored: rows added during the case; missing: acknowledged but not in the database;' +
      '\n  extra: stored but never acknowledged (posts still in flight when autocannon stopped, which the server completed).',
  );
  for (const row of rows) {
    if (row.tally.unreadable > 0) console.log(`  ${row.name}: ${row.tally.unreadable} acknowledged responses had no readable id.`);
    if (row.missing.length > 0) console.log(`  ${row.name}: missing ids, e.g. ${row.missing.slice(0, 5).join(', ')}`);
    console.log(`  ${row.name}: ${fmt(row.reportsStored)} new report rows (a repeat report of a comment from the same source returns the first one).`);
  }
  const samples = rows.flatMap((row) => [...row.tally.errorSamples].map(([key, n]) => `  ${row.name}: ${n} × ${key}`));
  if (samples.length > 0) console.log(`\nError responses:\n${samples.slice(0, 20).join('\n')}`);

  const failed = rows.filter((row) => row.missing.length > 0 || row.tally.unreadable > 0 || failures(row.result) > 0 || badResponses(row.result) > 0);
  console.log(`\nLoad average at the end: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  if (failed.length > 0) {
    process.exitCode = 1;
    console.log(`FAILED: ${failed.map((row) => row.name).join(', ')} (missing comments, error responses, connection errors or timeouts).`);
  } else {
    console.log('OK: every acknowledged comment is stored, and no request failed.');
  }
}

main()
  .catch((error: unknown) => {
    process.exitCode = 1;
    console.error(`\nThe benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
  })
  .finally(() => cleanup());
