// Lighthouse on our post pages, offline, on its default phone (simulated throttling): a post under a
// 300-comment thread scores 100 in performance, accessibility, best practices and SEO (the best of
// three runs: other work on the machine only ever slows a run); a post with a
// usual thread of 30 downloads in at most 40 KB, its comment script in at most 20 KB. Four
// Lighthouse runs of 6 to 20 s each on a 2-core machine; LIGHTHOUSE_REPORT_DIR keeps their reports.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { importThreads, type ImportedComment } from '../../api/comments/store.ts';
import { openDatabase } from '../../api/db/database.ts';
import { commentText } from '../../bench/api-seed.ts';
import { seededRandom } from '../../bench/synthetic-posts.ts';
import { projectRoot } from '../../build/site-build.ts';
import { useBrowserSuite } from '../support/browser-suite.ts';
import { categories, describeFailures, runLighthouse, saveReport, type LighthouseRun } from '../support/lighthouse.ts';
import { freePort } from '../support/sqld.ts';

interface SeededThread {
  postId: string;
  path: string;
  comments: number;
  /** The first comment's id: the threads' ids must not meet. */
  firstId: number;
}

const longThread: SeededThread = { postId: 'losing-the-plot', path: '/2021/02/losing-the-plot/', comments: 300, firstId: 1 };
const usualThread: SeededThread = { postId: 'filler-1', path: '/2019/01/filler-1/', comments: 30, firstId: 1001 };

/** Budgets in bytes on the wire (gzipped), 1 KB being 1,000 bytes. */
const pageBudget = 40_000;
const scriptBudget = 20_000;

const names = ['Sam', 'Jo', 'Priya', 'Old Reader', 'Chris from Leeds'];

/**
 * A thread as readers leave one: comments of 40 to 120 words an hour or so apart over the last
 * weeks, a third of them replies to an earlier one, a third signed. The same for a seed.
 */
function threadComments(thread: SeededThread, seed: number, now: number): ImportedComment[] {
  const random = seededRandom(seed);
  const comments: ImportedComment[] = [];
  for (let i = 0; i < thread.comments; i++) {
    const id = thread.firstId + i;
    const at = now - (thread.comments - i) * 3_600_000 - Math.floor(random() * 1_800_000);
    const parent = i > 0 && random() < 1 / 3 ? comments[Math.floor(random() * i)]! : undefined;
    const named = random() < 1 / 3;
    const text = commentText(random, 40, 120);
    comments.push({
      id,
      postId: thread.postId,
      parent: parent ? { id: parent.id! } : null,
      authorName: named ? names[i % names.length]! : null,
      authorKind: named ? 'named' : 'anonymous',
      bodySource: text.source,
      bodyHtml: text.html,
      status: 'published',
      removalKeyHash: id.toString(16).padStart(64, '0'),
      createdAt: at,
      updatedAt: at,
    });
  }
  return comments;
}

async function seedThreads(databaseUrl: string, threads: SeededThread[]): Promise<void> {
  const db = await openDatabase({ url: databaseUrl });
  try {
    const now = Date.now();
    const { statements } = importThreads(threads.map((thread, i) => ({ postId: thread.postId, comments: threadComments(thread, i + 1, now) })));
    await db.batch(statements, 'write');
  } finally {
    db.close();
  }
}

// The site is built for the origin it is served from, as in production: its canonical links and
// robots.txt name the server Lighthouse tests.
let port: number;
let origin: string;
beforeAll(async () => {
  port = await freePort();
  origin = `http://127.0.0.1:${port}`;
});

const suite = useBrowserSuite({
  urls: () => ({ pagesOrigin: origin }),
  env: () => ({ PORT: String(port), SITE_URL: origin, BEFRIEND_PUBLIC_DIR: join(suite.site.root, 'public') }),
  async beforeStart(s) {
    await cp(join(projectRoot, 'public'), join(s.site.root, 'public'), { recursive: true });
    await seedThreads(s.databaseUrl, [longThread, usualThread]);
  },
  pagePerTest: false,
});

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** Where to keep each run's report (HTML and JSON) for a closer look; none kept unless set. */
const reportDir = process.env['LIGHTHOUSE_REPORT_DIR'];

/**
 * What a run found, printed whether or not the asserts hold: the figures the page is tuned by. With
 * LIGHTHOUSE_REPORT_DIR set, its report is kept there as `name`.html and .json.
 */
async function record(name: string, what: string, run: LighthouseRun): Promise<void> {
  if (reportDir) await saveReport(run, reportDir, name);
  const lines = [
    `Lighthouse on ${what}: ${(run.runMs / 1000).toFixed(1)} s, this machine's benchmark index ${run.benchmarkIndex}`,
    ...run.warnings.map((warning) => `Lighthouse warns: ${warning}`),
    describeFailures(run),
    `Total blocking time: ${run.totalBlockingTimeMs} ms`,
    `Long tasks: ${run.longTasks.map((task) => `${task.durationMs} ms at ${task.startMs} ms (${task.url})`).join(', ') || 'none'}`,
    `Main-thread time by script: ${run.scriptTime.map((script) => `${script.url} ${script.totalMs} ms (scripting ${script.scriptingMs}, parse ${script.parseMs})`).join(', ') || 'none'}`,
    `Requests (${kb(run.transferBytes)} transferred):`,
    ...run.requests.map((request) => `  ${request.status} ${request.resourceType} ${request.url}: ${kb(request.transferBytes)} transferred, ${kb(request.resourceBytes)} decoded`),
  ];
  console.log(lines.join('\n'));
}

/**
 * Loads the page in the suite's browser first: Lighthouse must measure the thread fetched and drawn
 * (however much of it the script draws at once), not an error in its place.
 */
async function expectThreadShown(thread: SeededThread): Promise<void> {
  const page = await suite.browser.newPage();
  try {
    await page.goto(`${origin}${thread.path}`);
    await page.locator('#comments-heading', { hasText: `${thread.comments} comments` }).waitFor();
    await page.locator(`#c${thread.firstId}`).waitFor();
  } finally {
    await page.close();
  }
}

describe('Lighthouse, offline, on a phone', () => {
  it('scores a post under a 300-comment thread 100 in every category', { timeout: 300_000 }, async () => {
    await expectThreadShown(longThread);
    // Several runs (this shared machine's speed varies by a factor of two from minute to minute, and
    // the blocking time with it).
    const runs: LighthouseRun[] = [];
    for (let i = 1; i <= 3; i++) {
      const run = await runLighthouse(`${origin}${longThread.path}`);
      await record(`post-300-comments-${i}`, `a post with ${longThread.comments} comments (run ${i} of 3)`, run);
      expect(run.elsewhere).toEqual([]);
      runs.push(run);
    }
    // The best run, not the median: the simulated phone's timings are this machine's, scaled, and
    // whatever else the shared machine does only lengthens them (its benchmark index went from
    // 2,490 to 1,486 between two runs of one CI job). The page's own cost is the least disturbed run;
    // accessibility, best practices and SEO do not vary.
    const best = (category: (typeof categories)[number]) => Math.max(...runs.map((run) => run.scores[category]));
    expect(Object.fromEntries(categories.map((category) => [category, best(category)])), runs.map(describeFailures).join('\n')).toEqual(Object.fromEntries(categories.map((category) => [category, 100])));
  });

  it('downloads a post with a 30-comment thread in 40 KB, its comment script in 20 KB', { timeout: 300_000 }, async () => {
    await expectThreadShown(usualThread);
    const run = await runLighthouse(`${origin}${usualThread.path}`);
    await record('post-30-comments', `a post with ${usualThread.comments} comments`, run);
    expect(run.elsewhere).toEqual([]);
    // A post page runs no script but the comments' (and the chunks it imports).
    const scripts = run.requests.filter((request) => request.resourceType === 'Script');
    // The script itself, gzipped (its answers' headers count in the page's total).
    const scriptBytes = (await Promise.all(scripts.map(async (request) => gzipSync(await (await fetch(request.url)).arrayBuffer(), { level: 9 }).length))).reduce((sum, n) => sum + n, 0);
    const sizes = `page ${kb(run.transferBytes)} (budget ${kb(pageBudget)}); scripts ${kb(scriptBytes)} (budget ${kb(scriptBudget)}): ${scripts.map((s) => s.url).join(', ')}`;
    expect(run.transferBytes, sizes).toBeLessThanOrEqual(pageBudget);
    expect(scriptBytes, sizes).toBeLessThanOrEqual(scriptBudget);
  });
});
