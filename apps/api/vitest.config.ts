import { slowFilesFirst } from '@accounts/core/testing/slow-files-first';
import { testWorkers } from '@accounts/core/testing/test-workers';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that never send a request to /trpc: the stock-tRPC run skips them (cli and
 * paddle-simulate alone are half its time). A file not listed here runs on both paths.
 */
const NO_TRPC = [
  'src/cli.test.ts',
  'src/commands/paddle-simulate.test.ts',
  'src/deploy-doc.test.ts',
  'src/env-mail.test.ts',
  'src/env.test.ts',
  'src/fuzz-routes.test.ts',
  'src/http/dashboard-files.test.ts',
  'src/metrics-listener.test.ts',
  'src/request-metrics.test.ts',
  'src/routes/jwks.test.ts',
  'src/routes/paddle-webhook.test.ts',
];

/**
 * The slowest files, slowest first: they start first, the two projects' copies side by side
 * (docs/testing.md). Vitest alone runs the projects one after the other, which left the
 * stock-trpc fuzz-procedures running alone at the end.
 */
const SLOWEST = [
  'src/fuzz-procedures.test.ts',
  'src/fuzz-routes.test.ts',
  'src/cli.test.ts',
  'src/commands/paddle-simulate.test.ts',
  'src/metrics.test.ts',
  'src/metrics-listener.test.ts',
  'src/routes/fxa-event-command.test.ts',
  'src/routes/client-login.test.ts',
  'src/routes/mozilla-sign-in.test.ts',
  'src/routes/signup-mode.test.ts',
];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['@accounts/core/testing/global-setup'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // testWorkers(): at least two, so the two fuzz files of the two paths run side by side.
    maxWorkers: testWorkers(),
    // A worker runs file after file and loads the app's modules once, not once per file (that
    // load was a fifth of the package's time); each file still has its own database and hub.
    // No file here replaces a module with vi.mock (core's config shows how to isolate one that does).
    isolate: false,
    sequence: { sequencer: slowFilesFirst(SLOWEST) },
    // The suite runs twice: with /trpc on the fast path (the default) and on tRPC's stock fetch
    // adapter (TRPC_FAST_PATH=false), through test-support.ts's testApp. The fast path's own tests
    // choose their path themselves, and run once.
    projects: [
      { extends: true, test: { name: 'fast-path', env: { TRPC_FAST_PATH: 'true' } } },
      {
        extends: true,
        test: {
          name: 'stock-trpc',
          env: { TRPC_FAST_PATH: 'false' },
          exclude: [...configDefaults.exclude, 'src/fast-path/**', ...NO_TRPC],
        },
      },
    ],
  },
});
