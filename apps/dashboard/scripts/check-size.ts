// The size budget check (`pnpm --filter @accounts/dashboard size`, and the end of the package's
// test task): measures the built dashboard (or the dist folder given as the one argument) with
// size-budget.ts and exits 1 when the signed-in overview's initial JavaScript is over budget.
import { fileURLToPath } from 'node:url';
import { formatReport, measureDist } from './size-budget.ts';

const dist = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
try {
  const report = measureDist(dist);
  console.log(formatReport(report));
  if (report.overBudget) process.exitCode = 1;
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
