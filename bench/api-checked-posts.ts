// The comment POSTs of `npm run bench` as a reader's browser sends them with every check on: the
// limits (a form token each, a source each, counted), and then the browser check too (POW=on). The
// same server, on the same database, started once for each, so that the difference is the check's
// price on the server. Challenges are made and solved here before each run (ALTCHA's own solver);
// they are made with POW_HASHES=1000 so that the bench can solve thousands ahead of time: checking
// a solution takes the server one hash however many the challenge asks of the browser.
import { createClient } from '@libsql/client';
import { issueFormToken } from '../api/comments/form-token.ts';
import { issueChallenge } from '../api/comments/proof-of-work.ts';
import { sharedSecret } from '../api/secrets.ts';
import { solvePow } from '../tests/support/proof-of-work.ts';
import { ownPids, recordError, requestsPerSecond, runTogether, type Row } from './api-measure.ts';
import { children, startChild, stopChild } from './api-processes.ts';

export interface CheckedPostsInput {
  dbPath: string;
  distDir: string;
  tempDir: string;
  opts: { warmup: number; duration: number; renderWorkers: number | undefined };
  /** Posts to comment on, and texts to vary. */
  targets: readonly string[];
  bodies: readonly string[];
  random: () => number;
  connections: number;
}

const benchHashes = 1000;

/** Solutions made ahead of the run, each good once. */
async function solutions(secret: string, count: number): Promise<string[]> {
  const started = performance.now();
  const made: string[] = [];
  for (let i = 0; i < count; i++) {
    made.push(await solvePow(await issueChallenge(secret, Date.now(), benchHashes)));
    if ((i + 1) % 5000 === 0) console.log(`    solved ${i + 1} of ${count} challenges (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  return made;
}

/** Runs the POST case against a server started with `env`; its rows are the limits alone, then with the check. */
export async function measureCheckedPosts(input: CheckedPostsInput): Promise<{ limited: Row; checked: Row; exhausted: number }> {
  const db = createClient({ url: `file:${input.dbPath}` });
  const secret = await sharedSecret(db, 'form');
  db.close();
  // Enough for the warm-up and the run at a rate well above what one server reaches here.
  const needed = Math.ceil((input.opts.warmup + input.opts.duration) * 900);
  let exhausted = 0;
  let sequence = 0;

  const run = async (name: string, check: boolean, pool: string[]): Promise<Row> => {
    const server = startChild(
      check ? 'server-checked' : 'server-limited',
      'server/main.ts',
      {
        DIST_DIR: input.distDir,
        BUILD_ON_START: 'never',
        DATABASE_URL: `file:${input.dbPath}`,
        LIMITS: 'on',
        POW: check ? 'on' : 'off',
        POW_HASHES: String(benchHashes),
        TRUSTED_PROXY_HEADER: 'X-Forwarded-For',
        PORT: '0',
        HOST: '127.0.0.1',
        ...(input.opts.renderWorkers ? { RENDER_WORKERS: String(input.opts.renderWorkers) } : {}),
      },
      input.tempDir,
    );
    const url = (await server.waitForLine(/serving .* at (http:\/\/[^/\s]+)\//, 60_000))[1]!;
    const pid = server.process.pid;
    if (pid !== undefined) ownPids.push(pid);
    try {
      console.log(`  ${name} — ours, ${input.connections} connections…`);
      const { results, serverCpu, clientCpu, otherCpu } = await runTogether(
        [
          {
            serverPid: pid,
            options: {
              url,
              connections: input.connections,
              requests: [
                {
                  method: 'POST',
                  path: `/api/posts/${input.targets[0]}/comments`,
                  setupRequest: (request) => {
                    sequence++;
                    const target = input.targets[Math.floor(input.random() * input.targets.length)]!;
                    const pow = check ? pool.pop() : undefined;
                    if (check && !pow) exhausted++;
                    const body = `Checked comment ${sequence}: ${input.bodies[sequence % input.bodies.length]}`;
                    // A source each (10.x.y.z from the sequence): the limits count per source, as for readers.
                    const source = `10.${(sequence >> 16) & 255}.${(sequence >> 8) & 255}.${sequence & 255}`;
                    return {
                      ...request,
                      path: `/api/posts/${target}/comments`,
                      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': source },
                      body: JSON.stringify({ body, formToken: issueFormToken(secret, Date.now() - 60_000), ...(pow ? { pow } : {}) }),
                    };
                  },
                  onResponse: (status, body) => recordError(name, status, body),
                },
              ],
            },
          },
        ],
        input.opts,
      );
      return { name, target: 'ours', connections: input.connections, result: results[0]!, serverCpu: serverCpu[0]!, clientCpu, otherCpu };
    } finally {
      await stopChild(server);
      children.splice(children.indexOf(server), 1);
      if (pid !== undefined) ownPids.splice(ownPids.indexOf(pid), 1);
    }
  };

  const limited = await run('POST comment, limits on', false, []);
  console.log(`  Solving ${needed.toLocaleString('en-GB')} browser checks ahead of the next run…`);
  const pool = await solutions(secret, needed);
  const checked = await run('POST comment, limits and browser check on', true, pool);
  return { limited, checked, exhausted };
}

/** The check's price on the server: the POSTs with it against the same POSTs without it. */
export function printCheckedPosts({ limited, checked, exhausted }: { limited: Row; checked: Row; exhausted: number }): void {
  const rate = (row: Row) => requestsPerSecond(row.result);
  console.log(`\nThe browser check on the server (POST at ${checked.connections} connections, limits on both times):`);
  console.log(`  without it: ${rate(limited).toFixed(0)}/s, p99 ${limited.result.latency.p99.toFixed(1)} ms; with it: ${rate(checked).toFixed(0)}/s, p99 ${checked.result.latency.p99.toFixed(1)} ms`);
  console.log(`  with / without: ${(rate(checked) / rate(limited)).toFixed(2)}× the requests/s, ${(checked.result.latency.p99 / limited.result.latency.p99).toFixed(2)}× the p99`);
  if (exhausted > 0) console.log(`  (${exhausted} requests went without a solution: the solved ones ran out; they count as errors above.)`);
}
