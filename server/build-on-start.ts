// The site is built before the server listens when it is missing or out of date; a build that
// fails with an earlier one in place says why and keeps serving that one.
import { builtAt, buildSite } from '../build/site-build.ts';
import type { ServerEnv } from './env.ts';

/**
 * Builds the site; when the build fails and an earlier build is there, says why and what to do
 * and keeps serving that one (the comments with it). Only with no site at all does start fail.
 */
export async function buildOrKeep(env: ServerEnv, inherit: Readonly<Record<string, string | undefined>>, distDir: string, reason: string): Promise<void> {
  console.log(`Building the site (${reason})…`);
  const started = Date.now();
  const output: string[] = [];
  try {
    await buildSite({ outDir: distDir, pagesOrigin: env.pagesOrigin, boardOrigin: env.boardOrigin, timeZone: env.timeZone, inherit, log: (line) => {
        output.push(line);
        console.log(`  ${line}`);
      },
    });
    console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const previous = await builtAt(distDir);
    const why = buildFailure(output);
    if (!previous) throw new Error(`The site could not be built (${message}), and there is no earlier build in ${distDir} to serve.${why}\n  Fix what the build names (the file, and the line or field), then run npm start again.`);
    console.error(
      `\n  The site could not be built (${message}): still serving the site as it was built at ${previous}, with its comments.${why}\n  Fix what the build names (the file, and the line or field), then restart npm start (or run npm run build) to publish the change.\n`,
    );
  }
}

/** The build's own words for what failed: its error lines up to the stack trace, or nothing. */
function buildFailure(output: string[]): string {
  const start = output.findIndex((line) => /\[ERROR\]|Error\]/.test(line));
  if (start < 0) return '';
  const end = output.findIndex((line, i) => i > start && /^\s*Stack trace:/.test(line));
  return `\n${output.slice(start, end < 0 ? start + 12 : end).map((line) => `    ${line}`).join('\n')}`;
}

