// A Vite plugin that writes `<file>.br` and `<file>.gz` next to each built text file, so the API
// (apps/api/src/http/dashboard-files.ts) sends compressed bytes without compressing per request:
// at build time brotli can use its best (slowest) level, which costs nothing while serving.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text the browser loads; source maps are only for devtools and not worth the build time. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;
/** Below this a compressed copy saves less than the headers it adds. */
export const MIN_BYTES = 1024;

/** Compresses one file's bytes; null when compressing would not make it smaller. */
export async function compressedVariants(bytes: Buffer): Promise<{ br: Buffer; gz: Buffer } | null> {
  if (bytes.length < MIN_BYTES) return null;
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gzipAsync(bytes, { level: 9 }),
  ]);
  return br.length < bytes.length && gz.length < bytes.length ? { br, gz } : null;
}

export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'accounts:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((file) => COMPRESSIBLE.test(file) && !file.startsWith('.'));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const variants = await compressedVariants(await readFile(path));
          if (!variants) return;
          await Promise.all([writeFile(`${path}.br`, variants.br), writeFile(`${path}.gz`, variants.gz)]);
        }),
      );
    },
  };
}
