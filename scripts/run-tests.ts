// `pnpm test`: every package's tests in two steps (decision 0073, docs/testing.md):
//
//   1. the packages' own suites, two packages at a time (`turbo run test --concurrency=2`, e2e
//      left out), with the bundles their tests need built beside them;
//   2. apps/e2e (its journeys two files at a time, then its `alone` files one at a time), with
//      the bundles it needs.
//
// core's and apps/api's suites mostly wait on PostgreSQL, so side by side they fill the cores one
// at a time left idle; together they peaked at 73 of PostgreSQL's default 100 connections (on
// 2 cores: their Vitest configs run max(2, cores) files at a time, so step 1 caps them at 2 with
// TEST_MAX_WORKERS, whatever the machine).
// e2e runs on its own: next to apps/api's suite its two stacks went past the 100 (decision 0070),
// and its `alone` files time how processes start and stop.
//
// With any argument (`pnpm test --filter=@accounts/api`) it is one `turbo run test --concurrency=1`
// with those arguments.
import { type ChildProcess, spawn } from 'node:child_process';

/** Step 1's packages, two files at a time each (testWorkers, packages/core/src/testing). */
const SIDE_BY_SIDE_ENV = { TEST_MAX_WORKERS: '2' };

const running = new Set<ChildProcess>();
let interrupted = false;

function run(args: string[], env: Record<string, string> = {}): Promise<number> {
  // An interrupt that came between two steps: the next step does not start.
  if (interrupted) return Promise.resolve(130);
  const child = spawn('turbo', args, { stdio: 'inherit', env: { ...process.env, ...env } });
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
  if (extra.length > 0) return run(['run', 'test', '--concurrency=1', ...extra]);
  const packages = await run(['run', 'test', '--concurrency=2', '--filter=!@accounts/e2e'], SIDE_BY_SIDE_ENV);
  // As turbo does on a failure: what has not started yet does not start.
  if (packages !== 0) return packages;
  return run(['run', 'test', '--filter=@accounts/e2e']);
}

process.exit(await main());
