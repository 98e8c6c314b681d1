// What the API benchmark (bench/api.ts) prints at the end: the table of cases, ours against the
// bare server, the spec's goals met or not, the database check, the error responses and the
// servers' error lines.
import type autocannon from 'autocannon';
import { availableParallelism } from 'node:os';
import { badResponses, errorSamples, requestsPerSecond, type Row } from './api-measure.ts';
import { children } from './api-processes.ts';
import type { SeedPlan } from './api-seed.ts';

const goals = {
  bigThreadRatio: 5,
  bigThreadP99Ms: 100,
  postRps: 1000,
  postP99Ms: 150,
};

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');

function codesSummary(result: autocannon.Result): string {
  return Object.entries(result.statusCodeStats ?? {})
    .map(([code, s]) => `${code}×${s.count ?? 0}`)
    .join(' ');
}

function printTable(rows: Row[]): void {
  const header = ['case', 'target', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx/3xx', 'errors', 'server CPU (main+render)', 'new workers', 'bench CPU', 'other CPU', 'status codes'];
  const lines = rows.map((row) => [
    row.name,
    row.target,
    String(row.connections),
    fmt(requestsPerSecond(row.result)),
    fmt(row.result.latency.p50, 1),
    fmt(row.result.latency.p99, 1),
    fmt(row.result.latency.max, 0),
    fmt(badResponses(row.result)),
    `${fmt(row.result.errors)}${row.result.timeouts ? ` (${row.result.timeouts} timeouts)` : ''}`,
    row.target === 'ours' ? `${fmt(row.serverCpu.total)}% (${fmt(row.serverCpu.main)}+${fmt(row.serverCpu.render)})` : `${fmt(row.serverCpu.total)}%`,
    row.target === 'ours' ? fmt(row.serverCpu.newWorkers) : '',
    `${fmt(row.clientCpu)}%`,
    `${fmt(row.otherCpu)}%`,
    codesSummary(row.result),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const right = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const render = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(render(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const line of lines) console.log(render(line));
}

const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');

export interface Report {
  plan: SeedPlan;
  rows: Row[];
  threadRows: Record<string, Partial<Record<'ours' | 'bare', Row>>>;
  mixedRead: Row;
  /** The database check: comment rows before and after the writes, against what was acknowledged. */
  rowsBefore: number;
  rowsAfter: number;
  acknowledged: number;
  acknowledgedIds: Set<number>;
  unreadable: number;
  missing: number[];
  unacknowledged: number;
  unanswered: number;
}

export function printReport(report: Report): void {
  const { plan, rows, threadRows, mixedRead, rowsBefore, rowsAfter, acknowledged, acknowledgedIds, unreadable, missing, unacknowledged, unanswered } = report;
  console.log(`\nResults (latencies of 2xx responses only; CPU in % of one core, of ${availableParallelism() * 100}%: "bench" is the load generator, this process; "other" is everything else on the machine):\n`);
  printTable(rows);

  console.log('\nOurs / bare (thread reads):');
  for (const [key, pair] of Object.entries(threadRows)) {
    if (!pair.ours || !pair.bare) continue;
    const ratio = requestsPerSecond(pair.ours.result) / requestsPerSecond(pair.bare.result);
    console.log(`  ${key.replace('@', ' at ')} connections: ${fmt(ratio, 2)}× the requests/s, p99 ${fmt(pair.ours.result.latency.p99, 1)} ms vs ${fmt(pair.bare.result.latency.p99, 1)} ms`);
  }

  const big50 = threadRows[`GET ${plan.bigCount}-comment thread@50`]!;
  const bigRatio = requestsPerSecond(big50.ours!.result) / requestsPerSecond(big50.bare!.result);
  const post50 = rows.find((r) => r.name === 'POST comment (random post)' && r.connections === 50)!;
  const ourRows = rows.filter((r) => r.target === 'ours');
  const errorResponses = ourRows.reduce((sum, r) => sum + badResponses(r.result), 0);
  const connectionErrors = ourRows.reduce((sum, r) => sum + r.result.errors, 0);
  const read10 = threadRows[`GET ${plan.bigCount}-comment thread@10`]!.ours!;
  console.log('\nGoals (from the spec):');
  console.log(`  ${plan.bigCount}-comment thread at 50 connections ≥ ${goals.bigThreadRatio}× bare requests/s: ${fmt(bigRatio, 2)}× — ${mark(bigRatio >= goals.bigThreadRatio)}`);
  console.log(`  ${plan.bigCount}-comment thread at 50 connections p99 < ${goals.bigThreadP99Ms} ms: ${fmt(big50.ours!.result.latency.p99, 1)} ms — ${mark(big50.ours!.result.latency.p99 < goals.bigThreadP99Ms)}`);
  console.log(`  POST at 50 connections ≥ ${fmt(goals.postRps)}/s: ${fmt(requestsPerSecond(post50.result))}/s — ${mark(requestsPerSecond(post50.result) >= goals.postRps)}`);
  console.log(`  POST at 50 connections p99 < ${goals.postP99Ms} ms: ${fmt(post50.result.latency.p99, 1)} ms — ${mark(post50.result.latency.p99 < goals.postP99Ms)}`);
  console.log(`  No error responses (ours, every case): ${fmt(errorResponses)} non-2xx/3xx, ${fmt(connectionErrors)} connection errors/timeouts — ${mark(errorResponses === 0 && connectionErrors === 0)}`);
  console.log(`  (Reads during writes: p99 ${fmt(mixedRead.result.latency.p99, 1)} ms at 10 connections, against ${fmt(read10.result.latency.p99, 1)} ms without writes.)`);

  const disturbed = rows.filter((r) => r.otherCpu >= 25);
  if (disturbed.length > 0) {
    console.log(
      `\n  Note: other processes used ≥ 25% of a core during ${disturbed.length} of ${rows.length} cases (up to ${fmt(Math.max(...disturbed.map((r) => r.otherCpu)))}%, "other CPU"): ` +
        'those figures are lower than this machine gives when it is quiet.',
    );
  }

  console.log('\nDatabase check (POST warm-ups included):');
  console.log(`  comments before the writes ${fmt(rowsBefore)}, after ${fmt(rowsAfter)}: ${fmt(rowsAfter - rowsBefore)} new rows`);
  console.log(`  acknowledged by the server (201/202 counted by autocannon): ${fmt(acknowledged)}; ids read from those responses: ${fmt(acknowledgedIds.size)}${unreadable ? ` (${unreadable} responses unreadable)` : ''}`);
  console.log(`  acknowledged but missing from the database: ${fmt(missing.length)}${missing.length ? ` (e.g. ${missing.slice(0, 5).join(', ')})` : ''}`);
  console.log(
    `  stored but never acknowledged: ${fmt(unacknowledged)} — requests still in flight when a run stopped (autocannon drops them unanswered: ${fmt(unanswered)}), which the server completed`,
  );
  const exact = rowsAfter - rowsBefore === acknowledged && missing.length === 0;
  const explained = missing.length === 0 && acknowledgedIds.size === acknowledged && rowsAfter - rowsBefore - acknowledged === unacknowledged && unacknowledged <= unanswered;
  console.log(
    `  → ${exact ? 'EXACT: the database holds exactly the acknowledged comments' : explained ? `CONSISTENT: every acknowledged comment is stored; the ${fmt(unacknowledged)} extra rows are requests cut off by the end of a run` : 'MISMATCH: see the figures above'}`,
  );

  if (errorSamples.size > 0) {
    console.log('\nError responses (case: status body):');
    for (const [key, count] of errorSamples) console.log(`  ${count} × ${key}`);
  }

  const problems = children.flatMap((child) => child.problems.map((p) => `${child.name}: ${p.line}`));
  console.log(`\nServer log: ${problems.length === 0 ? 'no errors or warnings' : `${problems.length} error/warning lines, first ones:`}`);
  for (const line of problems.slice(0, 12)) console.log(`  ${line}`);
}
