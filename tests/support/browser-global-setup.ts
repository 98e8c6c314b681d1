// Once per browser run: the fixture site built for its usual address, which every browser test
// file on that address copies (its pages, posts and manifests) instead of building it again.
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildFixtureSite } from './fixture-site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of the fixture site built once for this run (see browser-suite.ts). */
    fixtureSite: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const site = await buildFixtureSite();
  project.provide('fixtureSite', site.root);
  return () => rm(site.root, { recursive: true, force: true });
}
