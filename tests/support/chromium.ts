// Debian's Chromium, driven by playwright-core (no browser download).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Fails saying how to install Chromium when it is not there. */
export function checkChromium(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not at ${chromiumPath}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
}

export function launchChromium(): Promise<Browser> {
  checkChromium();
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      // The browser itself looks up its vendor's hosts even with the above: it may look up nothing but loopback.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.*, EXCLUDE localhost',
    ],
  });
}

/**
 * Collects what must never happen on our pages: a request to another origin (than `origin`, or
 * those listed: the pages' and the API's when they differ), a script error, a
 * console error (CSP violations among them). `allowClientErrors` accepts the console's note of a
 * 4xx answer, which the comment forms provoke on purpose.
 */
export function watchProblems(page: Page, origin: string | string[], options: { allowClientErrors?: boolean } = {}): string[] {
  const problems: string[] = [];
  const origins = [origin].flat().map((o) => `${o}/`);
  page.on('request', (request) => {
    if (!origins.some((o) => request.url().startsWith(o)) && !request.url().startsWith('data:')) problems.push(`request to ${request.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (options.allowClientErrors && /status of 4\d\d/.test(message.text())) return;
    problems.push(`console: ${message.text()}`);
  });
  return problems;
}
