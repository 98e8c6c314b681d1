// A browser test file's setup: the fixture site built for real, the real server on it (its
// database a file in the site's folder), Debian's Chromium; and, unless a file drives its own
// contexts, a fresh context and page for every test, whose problems (requests elsewhere, script and
// console errors) must be none when it ends. Everything is closed and removed after the file.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { launchChromium, watchProblems } from './chromium.ts';
import { buildFixtureSite, copyBuiltSite, type BuiltSite } from './fixture-site.ts';
import { startServer, type ServerProcess } from './server-process.ts';

export interface PagePerTest {
  /** The origins the page may reach (by default the server's own), read when each test starts. */
  origins?: () => string[];
  /** Accepts the console's note of a 4xx answer, which the comment forms provoke on purpose. */
  allowClientErrors?: boolean;
  /** Accepts every dialog (the confirmation before deleting one's own comment). */
  acceptDialogs?: boolean;
}

export interface BrowserSuiteOptions {
  /** The database file's name in the site's folder. */
  database?: string;
  /** The server's environment beyond DIST_DIR and DATABASE_URL, read when the suite starts. */
  env?: () => Record<string, string>;
  /** SITE_URL and API_URL for the build, when the pages are not served by the server itself. */
  urls?: () => { pagesOrigin: string; boardOrigin?: string };
  /** Runs after the build, before the server starts (accounts, settings in its database). */
  beforeStart?: (suite: BrowserSuite) => Promise<void>;
  /** A fresh context and page for each test (the default), or none: the file opens its own. */
  pagePerTest?: PagePerTest | false;
}

export interface BrowserSuite {
  site: BuiltSite;
  /** The server's database, a file in the site's folder. */
  databaseUrl: string;
  server: ServerProcess;
  browser: Browser;
  /** This test's context and page, and what went wrong on it so far. */
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** Registers the file's hooks; read the fields inside tests and hooks (set once they have run). */
export function useBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    const urls = options.urls?.();
    suite.site = urls ? await buildFixtureSite(undefined, undefined, urls) : await copyBuiltSite(inject('fixtureSite'));
    suite.databaseUrl = `file:${join(suite.site.root, options.database ?? 'comments.db')}`;
    await options.beforeStart?.(suite);
    suite.server = await startServer({ DIST_DIR: suite.site.outDir, DATABASE_URL: suite.databaseUrl, ...options.env?.() });
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
    if (suite.site) await rm(suite.site.root, { recursive: true, force: true });
  });
  const perTest = options.pagePerTest ?? {};
  if (perTest === false) return suite;
  beforeEach(async () => {
    suite.context = await suite.browser.newContext();
    suite.page = await suite.context.newPage();
    suite.problems = watchProblems(suite.page, perTest.origins?.() ?? suite.server.origin, { allowClientErrors: perTest.allowClientErrors ?? false });
    if (perTest.acceptDialogs) suite.page.on('dialog', (dialog) => void dialog.accept());
  });
  afterEach(async () => {
    await suite.context.close();
    expect(suite.problems).toEqual([]);
  });
  return suite;
}
