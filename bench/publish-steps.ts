// What bench/publish.ts does to a running server and how it watches: a reader loop that counts
// failed requests, a post written as a person would write it, and the seconds until a change is on
// the post's page, home page 1 and its label page.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { defaultTimeZone } from '../site/lib/time-zone.ts';
import { postPath } from '../site/lib/urls.ts';

export interface Reader {
  requests: number;
  /** What went wrong: a status other than 200, or a page cut short. */
  failures: string[];
}

/** Reads the home page, a post and the search index at 10 requests a second until stopped. */
export function readerLoop(origin: string): { stop(): Promise<Reader> } {
  const result: Reader = { requests: 0, failures: [] };
  let stopped = false;
  const done = (async () => {
    const first = ((await (await fetch(`${origin}/posts.json`)).json()) as { url: string }[])[0]?.url ?? '/';
    const paths = ['/', first, '/pagefind/shards.json'];
    while (!stopped) {
      const path = paths[result.requests % paths.length]!;
      result.requests += 1;
      try {
        const response = await fetch(`${origin}${path}`);
        const body = await response.text();
        if (response.status !== 200) result.failures.push(`${path}: ${response.status}`);
        else if (path.endsWith('/') && !body.trimEnd().endsWith('</html>')) result.failures.push(`${path}: cut short at ${body.length} bytes`);
      } catch (error) {
        result.failures.push(`${path}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return result;
    },
  };
}

/** A post as a person writes it; `word` opens its body, so the listings' excerpts show it too. */
export async function writePost(file: string, post: { title: string; published: Date; label: string; word: string }): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const front = `---\ntitle: ${JSON.stringify(post.title)}\npublished: ${post.published.toISOString()}\nlabels: [${JSON.stringify(post.label)}]\n---\n\n`;
  await writeFile(file, `${front}${post.word} opens this post, written for the publishing benchmark.\n\nA second paragraph.\n`);
}

/**
 * Makes the change, then polls until the post's page, home page 1 and the label page all show
 * `word`: the seconds that took.
 */
export async function timeUntilLive(where: { origin: string; labelPath: string }, change: () => Promise<void>, post: { title: string; word: string; published: Date; file?: string }, timeoutMs = 600_000): Promise<number> {
  const started = performance.now();
  await change();
  const id = basename(post.file ?? '', '.mdx');
  const shows = async (path: string) => {
    const response = await fetch(`${where.origin}${path}`);
    return response.status === 200 && (await response.text()).includes(post.word);
  };
  const pending = new Set(['home', 'label', ...(id ? ['post'] : [])]);
  while (performance.now() - started < timeoutMs) {
    if (pending.has('post') && (await shows(postPath(post.published, id, defaultTimeZone)))) pending.delete('post');
    if (pending.has('home') && (await shows('/'))) pending.delete('home');
    if (pending.has('label') && (await shows(where.labelPath))) pending.delete('label');
    if (pending.size === 0) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`"${post.title}" was not live after ${timeoutMs / 1000} s (still missing: ${[...pending].join(', ')})`);
}
