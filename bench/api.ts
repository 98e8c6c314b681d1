// npm run bench -- [--duration S] [--warmup S] [--keep] [--tmp DIR] [--seed N] [--render-workers N] [--gzip]
//
// Load test of the comment API. In a fresh temporary folder it seeds a libSQL database
// (10,000 posts, 250,000 comments; one thread of exactly 500, one of exactly 20) through the
// project's own openDatabase, writes a minimal dist/, starts the real server (server/main.ts) and a
// bare node:http baseline (bench/api-bare-server.ts) as child processes, and measures them with
// autocannon on loopback: thread reads (ours and bare), comment POSTs, and reads during writes.
// Prints the figures beside the spec's goals and checks that the database holds exactly the
// comments that were acknowledged. It reports; it never fails on a missed goal (exit 0 whenever
// the measurements ran, 1 when the benchmark itself could not run).
import type autocannon from 'autocannon';
import { createClient } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answered, badResponses, countOf, ownPids, recordError, requestsPerSecond, runTogether, type Job, type Row } from './api-measure.ts';
import { children, startChild, stopChild } from './api-processes.ts';
import { fmt, printReport } from './api-report.ts';
import { measureCheckedPosts, printCheckedPosts } from './api-checked-posts.ts';
import { benchPosts, commentText, defaultPlan, seedDatabase, writeDist, type SeedPlan } from './api-seed.ts';
import { decimalNumber, parseCommandLine, silenceAutocannonTimerWarnings, wholeNumber, type CommonOptions } from './cli.ts';
import { seededRandom } from './synthetic-posts.ts';

const usage = `Usage: npm run bench -- [options]
  --duration S        seconds measured per case (default 10)
  --warmup S          seconds of warm-up before each case, not counted (default 2)
  --keep              keep the temporary folder (database, dist/, server logs)
  --tmp DIR           where to make the temporary folder (default ${tmpdir()})
  --seed N            seed of the synthetic comments (default 1)
  --render-workers N  RENDER_WORKERS for the server (default: the server's own default)
  --gzip              one more case: the 500-comment thread at 50 connections with Accept-Encoding: gzip
Runs 13 cases (14 with --gzip) of warm-up + duration each, after a ~20 s seed; the last two (POSTs
with the limits on, then with the browser check too) start the server again for each.`;

interface Options extends CommonOptions {
  duration: number;
  warmup: number;
  renderWorkers: number | undefined;
  gzip: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values, common } = parseCommandLine(argv, usage, {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'render-workers': { type: 'string' },
    gzip: { type: 'boolean', default: false },
  });
  return {
    ...common,
    duration: decimalNumber('duration', values.duration, 1),
    warmup: decimalNumber('warmup', values.warmup, 0),
    renderWorkers: values['render-workers'] === undefined ? undefined : wholeNumber('render-workers', values['render-workers'], 1),
    gzip: values.gzip,
  };
}

let tempDir: string | undefined;
let keepTemp = false;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(children.map(stopChild));
    if (tempDir && !keepTemp) await rm(tempDir, { recursive: true, force: true });
    else if (tempDir) console.log(`\nKept ${tempDir}`);
  })();
  return cleaning;
}

silenceAutocannonTimerWarnings();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers${keepTemp ? '' : ' and removing the temporary folder'}…`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  keepTemp = opts.keep;
  const plan: SeedPlan = { ...defaultPlan, seed: opts.seed };
  const caseCount = 13 + (opts.gzip ? 1 : 0);
  console.log(`API benchmark: ${caseCount} cases × (${opts.warmup} s warm-up + ${opts.duration} s), about ${Math.ceil((caseCount * (opts.warmup + opts.duration) + 30) / 60)} min in all.`);

  tempDir = await mkdtemp(join(opts.tmp, 'befriend-api-bench-'));
  const dbPath = join(tempDir, 'bench.db');
  const distDir = join(tempDir, 'dist');
  console.log(`Temporary folder: ${tempDir}`);

  // 1. Data.
  const posts = benchPosts(plan);
  await writeDist(distDir, posts);
  const seedStarted = performance.now();
  let lastShown = 0;
  const seeded = await seedDatabase(`file:${dbPath}`, plan, (written, total) => {
    const now = performance.now();
    const line = `  seeding: ${fmt(written)} / ${fmt(total)} comments (${fmt((now - seedStarted) / 1000, 1)} s)`;
    if (process.stdout.isTTY && (written === total || now - lastShown > 500)) process.stdout.write(`\r${line}${written === total ? '\n' : ''}`);
    else if (!process.stdout.isTTY && (written === total || now - lastShown > 5000)) console.log(line);
    else return;
    lastShown = now;
  });
  console.log(
    `  seeded ${fmt(seeded.comments)} comments on ${fmt(plan.posts)} posts in ${fmt((performance.now() - seedStarted) / 1000, 1)} s: ` +
      `${fmt(seeded.replies)} replies, ${fmt(seeded.removed)} removed by their authors, ${fmt(seeded.hidden)} hidden; ` +
      `${plan.bigPost} has ${plan.bigCount}, ${plan.smallPost} has ${plan.smallCount}.`,
  );

  // 2. Servers.
  const server = startChild(
    'server',
    'server/main.ts',
    {
      DIST_DIR: distDir,
      BUILD_ON_START: 'never',
      DATABASE_URL: `file:${dbPath}`,
      LIMITS: 'off',
      PORT: '0',
      HOST: '127.0.0.1',
      ...(opts.renderWorkers ? { RENDER_WORKERS: String(opts.renderWorkers) } : {}),
    },
    tempDir,
  );
  const bare = startChild('bare', 'bench/api-bare-server.ts', { DATABASE_URL: `file:${dbPath}`, PORT: '0', HOST: '127.0.0.1' }, tempDir);
  const [ourMatch, bareMatch] = await Promise.all([server.waitForLine(/serving .* at (http:\/\/[^/\s]+)\//, 60_000), bare.waitForLine(/listening on (http:\/\/\S+)/, 30_000)]);
  const ours = ourMatch[1]!;
  const baseline = bareMatch[1]!;
  for (const [name, base] of [
    ['server', ours],
    ['bare server', baseline],
  ] as const) {
    const response = await fetch(`${base}/api/posts/${plan.smallPost}/comments`);
    const body = (await response.json()) as { count?: number } | unknown[];
    if (!response.ok) throw new Error(`The ${name} answered ${response.status} for the 20-comment thread.`);
    const count = Array.isArray(body) ? body.length : body.count;
    console.log(`  ${name} at ${base}: ${plan.smallPost} → ${count} comments`);
  }
  const big = await (await fetch(`${ours}/api/posts/${plan.bigPost}/comments`)).text();
  const bigBare = await (await fetch(`${baseline}/api/posts/${plan.bigPost}/comments`)).text();
  console.log(`  ${plan.bigPost}: ${fmt(big.length / 1024)} KiB from the server, ${fmt(bigBare.length / 1024)} KiB from the bare server`);

  // 3. Cases.
  const rows: Row[] = [];
  const pids = { ours: server.process.pid, bare: bare.process.pid };
  for (const pid of Object.values(pids)) if (pid !== undefined) ownPids.push(pid);
  const show = (row: Row) => {
    const r = row.result;
    console.log(
      `    ${fmt(requestsPerSecond(r))} req/s, p50 ${fmt(r.latency.p50, 1)} ms, p99 ${fmt(r.latency.p99, 1)} ms, ` +
        `${fmt(badResponses(r))} non-2xx/3xx, ${fmt(r.errors)} errors (CPU: server ${fmt(row.serverCpu.total)}%, bench ${fmt(row.clientCpu)}%, other ${fmt(row.otherCpu)}%)`,
    );
  };
  const read = async (name: string, postId: string, target: 'ours' | 'bare', connections: number, headers: Record<string, string> = {}) => {
    console.log(`  ${name} — ${target}, ${connections} connections…`);
    const job: Job = {
      options: {
        url: target === 'ours' ? ours : baseline,
        connections,
        headers,
        requests: [{ method: 'GET', path: `/api/posts/${postId}/comments`, onResponse: (status, body) => recordError(`${name} (${target})`, status, body) }],
      },
      serverPid: pids[target],
    };
    const { results, serverCpu, clientCpu, otherCpu } = await runTogether([job], opts);
    const row: Row = { name, target, connections, result: results[0]!, serverCpu: serverCpu[0]!, clientCpu, otherCpu };
    rows.push(row);
    show(row);
    return row;
  };

  console.log(`\nMeasuring (${opts.warmup} s warm-up + ${opts.duration} s per case):`);
  const threadRows: Record<string, Partial<Record<'ours' | 'bare', Row>>> = {};
  for (const [label, postId] of [
    [`GET ${plan.bigCount}-comment thread`, plan.bigPost],
    [`GET ${plan.smallCount}-comment thread`, plan.smallPost],
  ] as const) {
    for (const connections of [10, 50]) {
      const key = `${label}@${connections}`;
      threadRows[key] = { ours: await read(label, postId, 'ours', connections), bare: await read(label, postId, 'bare', connections) };
    }
  }
  if (opts.gzip) await read(`GET ${plan.bigCount}-comment thread, gzip`, plan.bigPost, 'ours', 50, { 'Accept-Encoding': 'gzip' });

  // Writes: every acknowledged comment's id is collected from its response, for the check below.
  const check = createClient({ url: `file:${dbPath}` });
  const before = (await check.execute('SELECT count(*) AS n, coalesce(max(id), 0) AS last FROM comments')).rows[0]!;
  const rowsBefore = Number(before['n']);
  const lastIdBefore = Number(before['last']);
  const acknowledgedIds = new Set<number>();
  const writeRuns: autocannon.Result[] = [];
  const random = seededRandom(opts.seed + 1000);
  const targets = posts.map((p) => p.id).filter((id) => id !== plan.bigPost && id !== plan.smallPost);
  const bodies = Array.from({ length: 512 }, () => commentText(random, 35, 65).source);
  let sequence = 0;
  let unreadable = 0;
  const postJob = (connections: number): Job => ({
    serverPid: pids.ours,
    options: {
      url: ours,
      connections,
      requests: [
        {
          method: 'POST',
          path: `/api/posts/${targets[0]}/comments`,
          headers: { 'Content-Type': 'application/json' },
          setupRequest: (request) => {
            sequence++;
            const target = targets[Math.floor(random() * targets.length)]!;
            // Varied text: a pooled body with a unique opening, so no two comments are the same.
            const body = `Comment ${sequence}: ${bodies[sequence % bodies.length]}`;
            return { ...request, path: `/api/posts/${target}/comments`, body: JSON.stringify({ body }) };
          },
          onResponse: (status, body) => {
            recordError('POST comment', status, body);
            if (status !== 201 && status !== 202) return;
            try {
              acknowledgedIds.add(Number((JSON.parse(body) as { comment: { id: number } }).comment.id));
            } catch {
              unreadable++;
            }
          },
        },
      ],
    },
  });

  for (const connections of [10, 50]) {
    console.log(`  POST a comment to a random post — ours, ${connections} connections…`);
    const { results, warmups, serverCpu, clientCpu, otherCpu } = await runTogether([postJob(connections)], opts);
    writeRuns.push(...warmups, ...results);
    const row: Row = { name: 'POST comment (random post)', target: 'ours', connections, result: results[0]!, serverCpu: serverCpu[0]!, clientCpu, otherCpu };
    rows.push(row);
    show(row);
  }

  console.log(`  Mixed: POST at 50 connections while GET ${plan.bigCount}-comment thread at 10 connections — ours…`);
  const readJob: Job = {
    serverPid: pids.ours,
    options: {
      url: ours,
      connections: 10,
      requests: [{ method: 'GET', path: `/api/posts/${plan.bigPost}/comments`, onResponse: (status, body) => recordError('mixed: GET during writes', status, body) }],
    },
  };
  const mixed = await runTogether([postJob(50), readJob], opts);
  // The posting job's runs only (with --warmup 0 there is no warm-up run).
  writeRuns.push(...mixed.warmups.slice(0, 1), mixed.results[0]!);
  const mixedWrite: Row = { name: 'mixed: POST comment', target: 'ours', connections: 50, result: mixed.results[0]!, serverCpu: mixed.serverCpu[0]!, clientCpu: mixed.clientCpu, otherCpu: mixed.otherCpu };
  const mixedRead: Row = { name: `mixed: GET ${plan.bigCount}-thread during writes`, target: 'ours', connections: 10, result: mixed.results[1]!, serverCpu: mixed.serverCpu[1]!, clientCpu: mixed.clientCpu, otherCpu: mixed.otherCpu };
  rows.push(mixedWrite, mixedRead);
  show(mixedWrite);
  show(mixedRead);

  // 4. Durability check: wait for requests cut off at the end of a run to finish on the server.
  let rowsAfter = 0;
  for (let stable = 0, last = -1; stable < 3; ) {
    await new Promise((r) => setTimeout(r, 300));
    rowsAfter = Number((await check.execute('SELECT count(*) AS n FROM comments')).rows[0]!['n']);
    stable = rowsAfter === last ? stable + 1 : 0;
    last = rowsAfter;
  }
  const newIds = new Set((await check.execute({ sql: 'SELECT id FROM comments WHERE id > ?', args: [lastIdBefore] })).rows.map((r) => Number(r['id'])));
  check.close();
  const acknowledged = writeRuns.reduce((sum, r) => sum + countOf(r, 201, 202), 0);
  const unanswered = writeRuns.reduce((sum, r) => sum + Math.max(0, r.requests.sent - answered(r)), 0);
  const missing = [...acknowledgedIds].filter((id) => !newIds.has(id));
  const unacknowledged = [...newIds].filter((id) => !acknowledgedIds.has(id)).length;

  // 5. The same POSTs as a browser sends them with the limits on, then with the browser check too.
  const checked = await measureCheckedPosts({ dbPath, distDir, tempDir, opts, targets, bodies, random, connections: 50 });
  rows.push(checked.limited, checked.checked);
  show(checked.limited);
  show(checked.checked);

  // 6. Report.
  printReport({ plan, rows, threadRows, mixedRead, rowsBefore, rowsAfter, acknowledged, acknowledgedIds, unreadable, missing, unacknowledged, unanswered });
  printCheckedPosts(checked);
}

main()
  .catch((error: unknown) => {
    process.exitCode = 1;
    console.error(`\nThe benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
  })
  .finally(() => cleanup());
