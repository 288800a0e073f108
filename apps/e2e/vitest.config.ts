import { slowFilesFirst } from '@accounts/core/testing/slow-files-first';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that time how processes start, drain and stop, or put load on them (a fresh install and
 * two dev stacks, 32 clients during a drain, workers racing for jobs): they run after the
 * journeys, without a browser journey beside them, two at a time. Mostly they wait on processes
 * starting and stopping: two at a time took 32-34 s (was 50 s one at a time; four runs, all
 * passed, at most 30 PostgreSQL connections), dev-command on one worker and the rest on the other.
 * worker-shutdown's bound (a batch finished within 15 s of SIGTERM) held with room: its whole file took 7-8 s.
 */
const ALONE = [
  'src/dev-command.e2e.ts',
  'src/graceful-shutdown.e2e.ts',
  'src/scale-out.e2e.ts',
  'src/start-command.e2e.ts',
  'src/worker-shutdown.e2e.ts',
];

/** The slowest journeys, slowest first: they start first (docs/testing.md). */
const SLOWEST = [
  'src/layout.e2e.ts',
  'src/identity-dashboard.e2e.ts',
  'src/staff-clients.e2e.ts',
  'src/dashboard.e2e.ts',
  'src/mail.e2e.ts',
  'src/mail-out.e2e.ts',
  'src/billing-dashboard.e2e.ts',
  'src/signup-gating.e2e.ts',
  'src/webhook-faults.e2e.ts',
  'src/staff-plans.e2e.ts',
  'src/identity.e2e.ts',
  'src/account-activity.e2e.ts',
];

export default defineConfig({
  test: {
    // The browser check first: a missing Chromium fails the run before any database is made.
    globalSetup: ['./src/require-chromium.ts', '@accounts/core/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // What a person would wait for, not a benchmark: a page's first render on a shared 2-core
    // machine can take several seconds, and expect.poll's default of 1 s made journeys flaky.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    sequence: { sequencer: slowFilesFirst(SLOWEST) },
    projects: [
      {
        extends: true,
        // Journeys: each file has its own API process, database and browser contexts, so two files run
        // side by side; a journey mostly waits on a page or a poll (docs/testing.md).
        test: {
          name: 'journeys',
          include: ['src/**/*.e2e.ts'],
          exclude: [...configDefaults.exclude, ...ALONE],
          maxWorkers: 2,
          // A worker runs file after file and loads Playwright and core's modules once, not once per
          // file, and launches Chromium once (browser.ts); each file still starts its own API process and
          // database, and opens its own browser contexts.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE,
          // Each file in a fresh worker (isolation is Vitest's default here), two at a time.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
