// The size budget, as plain functions so it can be tested without a build: the JavaScript a
// browser must download before the signed-in overview shows (the entry chunk, everything it
// imports statically, and the overview page's chunk with its static imports), gzip-compressed.
// Reads Vite's build manifest, so it measures exactly what was built. scripts/check-size.ts is
// the command around it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 150 * 1024;
/** The page chunk the overview route loads at once (see src/router.tsx). */
export const OVERVIEW_PAGE = 'src/pages/overview.tsx';

export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export interface SizeReport {
  /** Each file of the initial load with its gzip size, largest first. */
  files: { file: string; bytes: number }[];
  total: number;
  budget: number;
  overBudget: boolean;
}

/**
 * Measures the overview's initial JavaScript in a manifest; `gzipSize` gives a file's compressed
 * size. Throws when the manifest lacks the entry or the overview chunk: a renamed page must not
 * make the budget pass by measuring nothing.
 */
export function measureInitialJs(
  manifest: Manifest,
  gzipSize: (file: string) => number,
  budget = BUDGET_BYTES,
): SizeReport {
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error('the manifest has no entry chunk');
  if (!manifest[OVERVIEW_PAGE]) throw new Error(`the manifest has no chunk for ${OVERVIEW_PAGE}`);

  /** A chunk and its static imports, transitively: what the browser loads before running it. */
  const collect = (key: string, into: Set<string>): Set<string> => {
    if (into.has(key)) return into;
    into.add(key);
    for (const imported of manifest[key]?.imports ?? []) collect(imported, into);
    return into;
  };
  const keys = collect(OVERVIEW_PAGE, collect(entry[0], new Set()));
  const files = [...keys]
    .map((key) => {
      const chunk = manifest[key];
      if (!chunk) throw new Error(`the manifest imports ${key} but has no chunk for it`);
      return { file: chunk.file, bytes: gzipSize(chunk.file) };
    })
    .sort((a, b) => b.bytes - a.bytes);
  const total = files.reduce((sum, { bytes }) => sum + bytes, 0);
  return { files, total, budget, overBudget: total > budget };
}

/** Reads `<dist>/.vite/manifest.json` and measures the files it names (gzip level 9). */
export function measureDist(dist: string, budget = BUDGET_BYTES): SizeReport {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
  } catch {
    throw new Error(
      `No build manifest at ${join(dist, '.vite/manifest.json')}: run \`pnpm --filter @accounts/dashboard build\` first.`,
    );
  }
  return measureInitialJs(
    manifest,
    (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
    budget,
  );
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatReport(report: SizeReport): string {
  const lines = report.files.map(({ file, bytes }) => `${kb(bytes).padStart(10)}  ${file}`);
  lines.push(
    `${kb(report.total).padStart(10)}  initial JavaScript of the signed-in overview (gzip), budget ${kb(report.budget)}`,
  );
  if (report.overBudget) lines.push(`Over budget by ${kb(report.total - report.budget)}.`);
  return lines.join('\n');
}
