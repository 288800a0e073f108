import { configDefaults, defineConfig } from 'vitest/config';
import { slowFilesFirst } from './src/testing/slow-files-first.ts';
import { testWorkers } from './src/testing/test-workers.ts';

/**
 * Files that replace a module with `vi.mock`: the mock only takes hold where the module is loaded
 * fresh, so they run with isolation (a new worker each).
 */
const MOCKS_MODULES = ['src/clients/webhook-targets.test.ts'];

/** The slowest files, slowest first: they start first (docs/testing.md). */
const SLOWEST = [
  'src/billing/replay.test.ts',
  'src/identity/sign-in-throttle.test.ts',
  'src/clients/webhooks.test.ts',
  'src/orchestration/authorization.test.ts',
  'src/mail/limits-and-reasons.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['./src/testing/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    maxWorkers: testWorkers(),
    sequence: { sequencer: slowFilesFirst(SLOWEST) },
    projects: [
      {
        extends: true,
        // A worker runs file after file and loads the modules (MikroORM, the entities, the
        // routers) once, not once per file: that load was about half of the package's time. Each
        // file still has its own database and hub; what a module keeps is keyed per hub or config.
        test: {
          name: 'core',
          include: ['src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...MOCKS_MODULES],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'core-isolated', include: MOCKS_MODULES, isolate: true } },
    ],
  },
});
