// The size budget: the initial JavaScript of the signed-in overview (see initial-js.ts), gzip,
// must stay within BUDGET_BYTES. Fails (exit 1) when the budget is exceeded or nothing was built.
import { BUDGET_BYTES, MissingBuildError, measureInitialJavaScript } from './initial-js.ts';

let measured: ReturnType<typeof measureInitialJavaScript>;
try {
  measured = measureInitialJavaScript();
} catch (error) {
  if (!(error instanceof MissingBuildError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
for (const { file, gzipBytes } of measured.files) console.log(`${kb(gzipBytes).padStart(10)}  ${file}`);
console.log(
  `${kb(measured.total).padStart(10)}  initial JavaScript of the signed-in overview (gzip), budget ${kb(BUDGET_BYTES)}`,
);
if (measured.total > BUDGET_BYTES) {
  console.error(`Over budget by ${kb(measured.total - BUDGET_BYTES)}.`);
  process.exit(1);
}
