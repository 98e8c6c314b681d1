import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchSources, type SourceWatch } from './source-watch.ts';

let root: string;
let watch: SourceWatch | undefined;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'befriend-watch-'));
  await mkdir(join(root, 'content/2021'), { recursive: true });
  await mkdir(join(root, 'site'));
});
afterEach(async () => {
  watch?.close();
  await rm(root, { recursive: true, force: true });
});

/** The batches of changes reported, and a wait for the next one. */
function recorder() {
  const batches: string[][] = [];
  let wake: (() => void) | undefined;
  return {
    batches,
    onChange: (changed: string[]) => {
      batches.push(changed);
      wake?.();
    },
    next: () => new Promise<void>((resolve) => (wake = resolve)),
  };
}

describe('watching the sources', () => {
  it('reports a burst of saves in several folders as one change, once it is quiet', async () => {
    const seen = recorder();
    watch = await watchSources(root, [join(root, 'content'), join(root, 'site'), join(root, 'missing')], seen.onChange, 300);
    const reported = seen.next();
    for (let i = 0; i < 5; i++) await writeFile(join(root, 'content/2021', `post-${i}.mdx`), `${i}`);
    await writeFile(join(root, 'site/style.css'), 'body {}');
    await reported;
    expect(seen.batches).toHaveLength(1);
    expect(seen.batches[0]).toEqual(expect.arrayContaining(['content/2021/post-0.mdx', 'content/2021/post-4.mdx', 'site/style.css']));
  });

  it('ignores hidden, swap and temporary files, but not the file they are renamed to', async () => {
    const seen = recorder();
    watch = await watchSources(root, [join(root, 'content')], seen.onChange, 300);
    const reported = seen.next();
    await writeFile(join(root, 'content/2021/.draft.mdx.swp'), 'x');
    await writeFile(join(root, 'content/2021/post.mdx~'), 'x');
    await writeFile(join(root, 'content/2021/post.mdx.tmp'), 'x');
    await rename(join(root, 'content/2021/post.mdx.tmp'), join(root, 'content/2021/post.mdx'));
    await reported;
    expect(seen.batches).toEqual([['content/2021/post.mdx']]);
  });
});
