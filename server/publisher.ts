// Publishing while serving: one builder per server (the starting process of a cluster). It builds on
// a change to the sources, at a scheduled post's time, and when staff ask; one build at a time,
// asks during a build making one more after it. A finished build is made live in one step (see
// build/releases.ts); a failed one leaves the live site serving and says why.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as setTimeoutPromise } from 'node:timers/promises';
import { checkPosts } from '../build/content-check.ts';
import { buildRelease, indexSearch, makeLive, pruneReleases, releaseStamp, startingSite } from '../build/releases.ts';
import { BuildFailure } from '../build/site-build.ts';
import type { BuildStatus, ServedSummary } from '../site/lib/build-status.ts';
import { runPublishCommand } from './publish-command.ts';

export interface PublisherOptions {
  distDir: string;
  root: string;
  postsDir: string;
  pagesDir: string;
  publicDir?: string | undefined;
  pagesOrigin: string;
  boardOrigin: string | undefined;
  timeZone: string;
  inherit: Readonly<Record<string, string | undefined>>;
  /** Run after each successful build with its folder (BUILD_DIR), e.g. an upload to a static host. */
  publishCommand?: string | undefined;
  /** Called with the new release's folder once it is live: serve it. */
  onLive(dir: string): Promise<void> | void;
  /** Called on every change of the status (a cluster passes it on to its processes). */
  onStatus?(status: BuildStatus): void;
  log?(line: string): void;
  clock?(): number;
  /** After an erasing build goes live, how long the builds before it stay for requests begun on them (10 s). */
  eraseGraceMs?: number;
}

export interface Publisher {
  /** The folder being served: the live release, or a site built by `npm run build`. */
  served(): string | undefined;
  status(): BuildStatus;
  /** Asks for a build and returns at once; `erase`: see Publishing.request. */
  request(reason: string, options?: { erase?: boolean }): void;
  /**
   * A change seen in the sources, made at `changedAt` (the newest of its files' times): a build,
   * unless the running or last build started after it and so already has it (the desk writes a
   * post and asks for a build at once; the watch sees the same file a moment later).
   */
  noticeChange(reason: string, changedAt: number): void;
  /**
   * Builds now, whole (its search index too), waits, and says whether the build is live: the
   * first start's build, before the server listens.
   */
  buildNow(reason: string, options?: { log?: (line: string) => void }): Promise<boolean>;
  /** Resolves when no build is running or waiting (tests, and stopping). */
  idle(): Promise<void>;
  stop(): void;
}

/** Counts the pages of a build: its HTML files. */
async function countPages(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true }).catch(() => []);
  return entries.filter((name) => name.endsWith('.html')).length;
}

async function servedSummary(dir: string): Promise<ServedSummary> {
  const stamp = await releaseStamp(dir);
  const posts = JSON.parse(await readFile(join(dir, 'posts.json'), 'utf8').catch(() => '[]')) as unknown[];
  return { builtAt: stamp?.builtAt ?? '', ...(stamp?.publishedBy ? { publishedBy: stamp.publishedBy } : {}), posts: posts.length, pages: await countPages(dir) };
}

const longestTimer = 86_400_000;

/** Waits `ms`, or until the signal stops it (which throws). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return setTimeoutPromise(Math.max(0, ms), undefined, { signal });
}

export async function createPublisher(options: PublisherOptions): Promise<Publisher> {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  let served = await startingSite(options.distDir);
  let status: BuildStatus = { state: 'idle', queued: false };
  if (served) {
    const stamp = await releaseStamp(served);
    status = { ...status, served: await servedSummary(served), ...(stamp?.nextScheduled ? { nextScheduled: stamp.nextScheduled } : {}) };
  }
  let running: Promise<void> | undefined;
  let waiting: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** Stops the running build's Astro or Pagefind when the server stops. */
  const stopping = new AbortController();
  /** Stops the search index's catching up when a build is asked for. */
  let catchingUp: AbortController | undefined;

  const update = (change: Partial<BuildStatus>) => {
    status = { ...status, ...change };
    options.onStatus?.(status);
  };

  /** How long a build takes, from the last one: builds for a scheduled post start that much early. */
  let lastBuildMs = 30_000;
  const leadMs = () => Math.min(lastBuildMs * 1.25 + 2000, 300_000);

  /**
   * A timer for the next scheduled post, set to start its build early enough to be done by its
   * time (the build is for that instant, and made live at it). Re-armed daily for far ones:
   * timers cannot wait longer.
   */
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (stopped || !status.nextScheduled) return;
    const due = Date.parse(status.nextScheduled);
    const wait = due - leadMs() - clock();
    timer = setTimeout(() => (wait > longestTimer ? schedule() : request(`a post scheduled for ${status.nextScheduled} is due`)), Math.min(Math.max(wait, 0), longestTimer));
    timer.unref();
  };

  /** Makes `dir` live and serves it; the release it replaces stays until the next swap (requests that began on it finish there). */
  const swapTo = async (dir: string) => {
    await makeLive(options.distDir, dir);
    await options.onLive(dir);
    await pruneReleases(options.distDir, [dir, ...(served ? [served] : [])]);
    served = dir;
  };

  /**
   * The release after `dir`: the same pages with their own search index. A build asked for
   * meanwhile comes first: the indexing stops (or does not start), and the last build of a burst
   * of changes catches up.
   */
  const catchUpSearch = async (dir: string) => {
    const started = clock();
    update({ searchBehind: true });
    if (waiting.length > 0) return;
    catchingUp = new AbortController();
    try {
      const indexed = await indexSearch({ distDir: options.distDir, release: dir, root: options.root, inherit: options.inherit, signal: AbortSignal.any([stopping.signal, catchingUp.signal]) });
      await swapTo(indexed);
      update({ searchBehind: false, served: await servedSummary(indexed) });
      log(`Search index updated in ${((clock() - started) / 1000).toFixed(1)} s.`);
    } catch (error) {
      if (catchingUp.signal.aborted || stopping.signal.aborted) return;
      const message = `the pages are live, but their search index could not be made (${error instanceof Error ? error.message : String(error)}): search finds the site as it was`;
      update({ state: 'failed', error: { message, details: '' } });
      log(`${message}. The next build tries again.`);
    } finally {
      catchingUp = undefined;
    }
  };

  /** When the latest build started: a change written before it is in it. */
  let latestStart = Number.NEGATIVE_INFINITY;
  /** Text was erased from the sources: the next build to start must leave no older build behind. */
  let eraseWanted = false;
  let forgetting: Promise<void> | undefined;
  const eraseGraceMs = options.eraseGraceMs ?? 10_000;

  /**
   * After an erasing build: once requests begun on older builds have had time to finish, every
   * build but the live one goes, with the erased text in its pages and index.
   */
  const forgetOlderThan = async (erasing: string) => {
    await sleep(eraseGraceMs, stopping.signal).catch(() => undefined);
    await pruneReleases(options.distDir, [served ?? erasing]);
    log('Older builds deleted: the text erased from the posts is in no build any more.');
  };

  const build = async (reason: string, atStart?: { log: (line: string) => void }): Promise<boolean> => {
    const started = clock();
    latestStart = started;
    const erasing = eraseWanted;
    eraseWanted = false;
    update({ state: 'building', reason, started: new Date(started).toISOString(), queued: waiting.length > 0 });
    try {
      // A post due before this build would be done is built for its time, and goes live at it.
      const checked = atStart ? undefined : await checkPosts(options.postsDir, new Date(started));
      const soon = checked?.scheduled[0]?.published.getTime();
      const forTime = soon !== undefined && soon - started <= leadMs() ? soon : started;
      const { dir, result } = await buildRelease({
        distDir: options.distDir,
        root: options.root,
        contentDir: options.postsDir,
        pagesDir: options.pagesDir,
        ...(options.publicDir ? { publicDir: options.publicDir } : {}),
        pagesOrigin: options.pagesOrigin,
        boardOrigin: options.boardOrigin,
        timeZone: options.timeZone,
        inherit: options.inherit,
        now: new Date(forTime),
        checked,
        signal: stopping.signal,
        // Astro's own lines are kept for the status when a build fails, and shown only at start.
        log: atStart?.log ?? (() => {}),
        // While serving, the pages go live with the search index they replace and indexing them
        // follows; before the server listens (at start) the build is made whole at once.
        // An erasing build indexes afresh: the index it would borrow holds the erased text.
        borrowSearchFrom: atStart || erasing ? undefined : served,
      });
      lastBuildMs = clock() - started;
      if (forTime > clock()) await sleep(forTime - clock(), stopping.signal);
      await swapTo(dir);
      const seconds = (clock() - started) / 1000;
      const summary = await servedSummary(dir);
      update({
        state: 'idle',
        finished: new Date(clock()).toISOString(),
        seconds,
        error: undefined,
        served: summary,
        nextScheduled: result.stamp.nextScheduled,
      });
      log(`Published (${reason}): ${summary.pages} pages built in ${seconds.toFixed(1)} s; serving ${summary.posts} posts${result.scheduled.length ? `; next scheduled: "${result.scheduled[0]!.title}" at ${result.stamp.nextScheduled}` : ''}.`);
      schedule();
      if (result.stamp.searchBehind) await catchUpSearch(dir);
      if (erasing) forgetting = forgetOlderThan(served ?? dir);
      if (options.publishCommand) update({ publish: await runPublishCommand(options.publishCommand, served!, options.root, options.inherit, clock) });
      if (status.publish && !status.publish.ok) log(`PUBLISH_COMMAND failed (${status.publish.exit}): ${status.publish.output.split('\n').slice(-3).join(' / ')}`);
      return true;
    } catch (error) {
      // The erasure is still owed: the next build that succeeds does it.
      if (erasing) eraseWanted = true;
      const message = error instanceof Error ? error.message : String(error);
      const details = error instanceof BuildFailure ? error.details : '';
      update({ state: 'failed', finished: new Date(clock()).toISOString(), seconds: (clock() - started) / 1000, error: { message, details } });
      const still = served ? `still serving the site as it was built at ${status.served?.builtAt ?? '?'}, with its comments` : 'there is no site to serve yet';
      log(`The site could not be built (${message}): ${still}.${details ? `\n${details.split('\n').map((line) => `    ${line}`).join('\n')}` : ''}\n  Fix what the build names (the file, and the line or field) and save: the server builds again.`);
      return false;
    }
  };

  /**
   * Runs a build, then the builds asked for meanwhile (every reason asked for during one goes into
   * the next). Resolves with the first build's outcome; `running` ends with the last.
   */
  const start = (reason: string, atStart?: { log: (line: string) => void }): Promise<boolean> => {
    const first = build(reason, atStart);
    running = first
      .then(async () => {
        while (waiting.length > 0 && !stopped) {
          const reasons = [...new Set(waiting)];
          waiting = [];
          await build(reasons.join('; '));
        }
        update({ queued: false });
      })
      .finally(() => {
        running = undefined;
      });
    return first;
  };

  const request = (reason: string, requestOptions?: { erase?: boolean }) => {
    if (stopped) return;
    if (requestOptions?.erase) eraseWanted = true;
    if (running) {
      waiting.push(reason);
      update({ queued: true });
      catchingUp?.abort();
      return;
    }
    void start(reason);
  };

  schedule();
  return {
    served: () => served,
    status: () => status,
    request,
    noticeChange: (reason, changedAt) => {
      // A queued build has not started: it will read the change whenever it was made.
      if (changedAt < latestStart && waiting.length === 0) return;
      request(reason);
    },
    buildNow: async (reason, buildOptions) => {
      await running;
      return start(reason, { log: buildOptions?.log ?? (() => {}) });
    },
    idle: async () => {
      while (running) await running;
      await forgetting;
    },
    stop: () => {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
    },
  };
}
