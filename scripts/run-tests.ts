// `pnpm test`: every package's tests, arranged so that the longest part (apps/e2e's browser
// journeys) does not wait for the others (decision 0070, docs/testing.md):
//
//   1. the bundles the tests need, once (`turbo run build`: the dashboard, the typed client, the API);
//   2. two lanes side by side: the packages' own suites one package at a time, and e2e's `journeys`;
//   3. e2e's `alone` files (they time how processes start, drain and stop), with the machine to
//      themselves, as before.
//
// A full run used about half of two cores when the packages ran one after another: core and
// apps/api mostly wait on PostgreSQL, the journeys on pages and polls. Steps 2 and 3 run turbo with
// `--only` (the builds are done) so no turbo restores a build's outputs while another lane reads them.
//
// The lanes are opt-in (TEST_LANES=1): side by side, apps/api's suite and two e2e stacks opened
// more connections than a PostgreSQL with the default max_connections (100) allows ("sorry, too
// many clients already", seen in a clean-clone CI run). By default, and with any argument
// (`pnpm test --filter=@accounts/api`), this is the one-lane `turbo run test --concurrency=1`.
import { type ChildProcess, spawn } from 'node:child_process';

const running = new Set<ChildProcess>();
let interrupted = false;

function run(args: string[]): Promise<number> {
  // An interrupt that came between two steps: the next step does not start.
  if (interrupted) return Promise.resolve(130);
  const child = spawn('turbo', args, { stdio: 'inherit' });
  running.add(child);
  return new Promise((resolve) =>
    child.on('exit', (status, signal) => {
      running.delete(child);
      resolve(status ?? (signal ? 1 : 0));
    }),
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    for (const child of running) child.kill(signal);
  });
}

async function main(): Promise<number> {
  const extra = process.argv.slice(2);
  if (extra.length > 0 || process.env.TEST_LANES !== '1') {
    return run(['run', 'test', '--concurrency=1', ...extra]);
  }
  const built = await run(['run', 'build']);
  if (built !== 0) return built;
  const lanes = await Promise.all([
    run(['run', 'test', '--only', '--concurrency=1', '--filter=!@accounts/e2e']),
    run(['run', 'test', '--only', '--filter=@accounts/e2e', '--', '--project', 'journeys']),
  ]);
  const failed = lanes.find((code) => code !== 0);
  // As turbo does on a failure: what has not started yet does not start.
  if (failed !== undefined) return failed;
  return run(['run', 'test', '--only', '--filter=@accounts/e2e', '--', '--project', 'alone']);
}

process.exit(await main());
