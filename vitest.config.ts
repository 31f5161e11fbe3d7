import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'test/e2e/**'],
    environment: 'node',
    // Generous: correctness decides a test, not the machine's speed (a busy 2-core CI runner
    // must not turn a slow pass into a failure). Speed is judged by the `bench:*` scripts.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
