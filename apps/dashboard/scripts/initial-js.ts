// The size budget's measurement, shared by check-size.ts and the benchmark harness (apps/bench):
// the JavaScript a browser must download before the signed-in overview shows (the entry chunk,
// everything it imports statically, and the overview page's chunk with its static imports),
// gzip-compressed. Reads Vite's build manifest, so it measures exactly what was built.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 150 * 1024;
export const DIST = fileURLToPath(new URL('../dist', import.meta.url));
/** The page chunk the overview route loads at once (see src/router.tsx). */
const OVERVIEW_PAGE = 'src/pages/overview.tsx';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface InitialJavaScript {
  /** gzip bytes of all files together. */
  total: number;
  /** Each file with its gzip size, largest first. */
  files: { file: string; gzipBytes: number }[];
}

/** Thrown when there is no build to measure. */
export class MissingBuildError extends Error {
  override name = 'MissingBuildError';
}

export function measureInitialJavaScript(dist: string = DIST): InitialJavaScript {
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
  } catch {
    throw new MissingBuildError(
      'No build manifest at dist/.vite/manifest.json: run `pnpm --filter @accounts/dashboard build` first.',
    );
  }
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

  const files = [...collect(OVERVIEW_PAGE, collect(entry[0], new Set()))].map((key) => {
    const file = manifest[key]!.file;
    return { file, gzipBytes: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length };
  });
  files.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { total: files.reduce((sum, file) => sum + file.gzipBytes, 0), files };
}
