import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.e2e.ts'],
    // The browser check first: a missing Chromium fails the run before any database is made.
    globalSetup: ['./src/require-chromium.ts', '@accounts/core/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // What a person would wait for, not a benchmark: a page's first render on a shared 2-core
    // machine can take several seconds, and expect.poll's default of 1 s made journeys flaky.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // One browser and one API at a time: two cores are shared with the API processes.
    fileParallelism: false,
  },
});
