// An output folder outside the project whose path begins with the project's (project
// /srv/befriend, output /srv/befriend-site): Astro took it for a folder inside the project and its
// page-rendering chunks could not find the project's packages ("Cannot find package
// '@oslojs/encoding'"). The real build, into such a folder beside this project.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, projectRoot } from '../build/site-build.ts';
import { fixtureSiteUrl, writeFixtureContent } from './support/fixture-site.ts';

const outDir = `${projectRoot}-site-${randomBytes(4).toString('hex')}`;
let root: string | undefined;
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  if (root) await rm(root, { recursive: true, force: true });
});

describe('an output folder beside the project', () => {
  it('whose path begins with the project’s: builds', { timeout: 120_000 }, async () => {
    root = await mkdtemp(join(tmpdir(), 'befriend-beside-'));
    await writeFixtureContent(join(root, 'content'), [{ path: '2021/beside.mdx', front: { title: 'Beside', published: '2021-03-01T10:00:00Z' }, body: 'Built beside the project: **sea-kale**.\n' }]);
    const log: string[] = [];
    await buildSite({ outDir, contentDir: join(root, 'content'), pagesDir: join(root, 'pages'), cacheDir: join(root, 'cache'), pagesOrigin: fixtureSiteUrl, inherit: process.env, log: (line) => log.push(line) }).catch((error: Error) => {
      throw new Error(`${error.message}\n${log.slice(-30).join('\n')}`);
    });
    expect(await readFile(join(outDir, '2021/03/beside/index.html'), 'utf8')).toContain('sea-kale');
  });
});
