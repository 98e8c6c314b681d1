import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { optionalFolder } from './optional-folder.ts';

const root = mkdtempSync(join(tmpdir(), 'befriend-optional-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Just what the wrapper touches of Astro's loader context. */
function context() {
  const clear = vi.fn();
  return { clear, value: { config: { root: pathToFileURL(`${root}/`) }, store: { clear } } as unknown as LoaderContext };
}

describe('optionalFolder', () => {
  it.each([
    ['a folder relative to the project', '.'],
    ['an absolute folder', root],
  ])('loads %s that exists', async (_, base) => {
    const load = vi.fn(async () => {});
    const { clear, value } = context();
    await optionalFolder(base, { name: 'inner', load }).load(value);
    expect(load).toHaveBeenCalledWith(value);
    expect(clear).not.toHaveBeenCalled();
  });

  it('empties the collection, without loading, when the folder is missing', async () => {
    const load = vi.fn(async () => {});
    const { clear, value } = context();
    const loader = optionalFolder('./content/pages', { name: 'inner', load });
    await loader.load(value);
    expect(load).not.toHaveBeenCalled();
    expect(clear).toHaveBeenCalledOnce();
    expect(loader.name).toBe('inner');
  });
});
