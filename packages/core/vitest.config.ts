import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker on two cores; but a file mostly waits on PostgreSQL, so two
    // files at a time keep both cores busy (docs/testing.md). `--maxWorkers` overrides it.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
