// Browser flows in Debian's Chromium, driven by playwright-core: run by `npm run test:browser`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // The fixture site is built once for the run; each file works on its own copy.
    globalSetup: ['tests/support/browser-global-setup.ts'],
  },
});
