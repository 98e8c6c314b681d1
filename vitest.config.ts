import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['site/**/*.test.ts', 'api/**/*.test.ts', 'server/**/*.test.ts', 'build/**/*.test.ts', 'import/**/*.test.ts', 'moderation/**/*.test.ts', 'tools/**/*.test.ts', 'bench/**/*.test.ts', 'tests/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 180_000,
  },
});
