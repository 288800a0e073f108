import { availableParallelism } from 'node:os';

/**
 * How many test files core's and apps/api's Vitest run at a time. Vitest's default is one worker
 * on two cores, but their files mostly wait on PostgreSQL or a child process, so max(2, cores)
 * keep the cores busy (docs/testing.md). `pnpm test` runs those two packages side by side and sets
 * TEST_MAX_WORKERS=2 for them, so that the connections they open together (73 at most on two
 * cores) do not grow with the machine's cores past PostgreSQL's default 100 (decision 0073).
 * `--maxWorkers` on the command line still overrides it.
 */
export function testWorkers(): number {
  const capped = Number(process.env.TEST_MAX_WORKERS);
  return Number.isInteger(capped) && capped > 0 ? capped : Math.max(2, availableParallelism());
}
