import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['site/**/*.test.ts', 'api/**/*.test.ts', 'moderation/**/*.test.ts', 'tools/**/*.test.ts', 'bench/**/*.test.ts', 'tests/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 180_000,
  },
});
