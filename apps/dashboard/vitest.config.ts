import { defineConfig } from 'vitest/config';

// Unit tests of the dashboard's plain functions (catalogues, language choice, messages, a
// component's markup) and of its scripts (the size budget). Pages and components are tested in a
// real browser by apps/e2e.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
