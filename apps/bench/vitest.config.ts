import { defineConfig } from 'vitest/config';

// The harness's pure parts only (report, pgbench and profile parsing, signing): no database, no
// load, a few seconds in `pnpm test`. The load itself runs in `pnpm bench`.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
