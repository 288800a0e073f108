import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.e2e.ts'],
    // The browser check first: a missing Chromium fails the run before any database is made.
    globalSetup: ['./src/require-chromium.ts', '@accounts/core/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // One browser and one API at a time: two cores are shared with the API processes.
    fileParallelism: false,
  },
});
