import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['@accounts/core/testing/global-setup'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
