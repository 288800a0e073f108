// The size budget: the JavaScript a browser must download before the signed-in overview shows
// (the entry chunk, everything it imports statically, and the overview page's chunk with its
// static imports), gzip-compressed, must stay within BUDGET_BYTES. Reads Vite's build manifest,
// so it measures exactly what was built. Fails (exit 1) when the budget is exceeded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1024;
const DIST = fileURLToPath(new URL('../dist', import.meta.url));
/** The page chunk the overview route loads at once (see src/router.tsx). */
const OVERVIEW_PAGE = 'src/pages/overview.tsx';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

let manifest: Record<string, ManifestChunk>;
try {
  manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8'));
} catch {
  console.error(
    'No build manifest at dist/.vite/manifest.json: run `pnpm --filter @accounts/dashboard build` first.',
  );
  process.exit(1);
}

const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
if (!entry) throw new Error('the manifest has no entry chunk');
if (!manifest[OVERVIEW_PAGE]) throw new Error(`the manifest has no chunk for ${OVERVIEW_PAGE}`);

/** A chunk and its static imports, transitively: what the browser loads before running it. */
function collect(key: string, into: Set<string>): Set<string> {
  if (into.has(key)) return into;
  into.add(key);
  for (const imported of manifest[key]?.imports ?? []) collect(imported, into);
  return into;
}

const chunks = collect(OVERVIEW_PAGE, collect(entry[0], new Set()));
let total = 0;
const rows: [string, number][] = [];
for (const key of chunks) {
  const file = manifest[key]!.file;
  const size = gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
  total += size;
  rows.push([file, size]);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
for (const [file, size] of rows.sort((a, b) => b[1] - a[1])) console.log(`${kb(size).padStart(10)}  ${file}`);
console.log(
  `${kb(total).padStart(10)}  initial JavaScript of the signed-in overview (gzip), budget ${kb(BUDGET_BYTES)}`,
);
if (total > BUDGET_BYTES) {
  console.error(`Over budget by ${kb(total - BUDGET_BYTES)}.`);
  process.exit(1);
}
