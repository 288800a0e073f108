import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { compressedVariants, MIN_BYTES } from './precompress.ts';
import { chunksFor } from './route-preloads.ts';

const chunk = (fileName: string, facadeModuleId: string | null, imports: string[] = []) =>
  ({ type: 'chunk', fileName, facadeModuleId, imports }) as unknown as Rollup.OutputChunk;

describe('route preloads', () => {
  // entry -> vendor; sign-in page -> entry, vendor, form -> zod; overview -> entry, vendor.
  const bundle = Object.fromEntries(
    [
      chunk('assets/index.js', '/app/index.html', ['assets/vendor.js']),
      chunk('assets/vendor.js', null),
      chunk('assets/sign-in.js', '/app/src/pages/sign-in.tsx', [
        'assets/index.js',
        'assets/vendor.js',
        'assets/form.js',
      ]),
      chunk('assets/form.js', null, ['assets/zod.js']),
      chunk('assets/zod.js', null),
      chunk('assets/overview.js', '/app/src/pages/overview.tsx', ['assets/index.js', 'assets/vendor.js']),
      chunk('assets/sign-in-error.js', '/app/src/pages/sign-in-error.tsx'),
    ].map((item) => [item.fileName, item]),
  ) as Rollup.OutputBundle;
  const shellLoads = new Set(['assets/index.js', 'assets/vendor.js']);

  it("lists a page's chunk and its static imports, dependencies first, minus what the shell loads", () => {
    expect(chunksFor(bundle, 'src/pages/sign-in.tsx', shellLoads)).toEqual([
      'assets/zod.js',
      'assets/form.js',
      'assets/sign-in.js',
    ]);
    expect(chunksFor(bundle, 'src/pages/overview.tsx', shellLoads)).toEqual(['assets/overview.js']);
  });

  it('fails the build when a route names a page that has no chunk', () => {
    expect(() => chunksFor(bundle, 'src/pages/renamed.tsx', shellLoads)).toThrow(/no chunk/);
  });
});

describe('precompression', () => {
  it('makes brotli and gzip copies that decode to the same bytes', async () => {
    const text = Buffer.from('export const words = "compress me";\n'.repeat(100));
    const variants = await compressedVariants(text);
    expect(variants).not.toBeNull();
    expect(brotliDecompressSync(variants!.br)).toEqual(text);
    expect(gunzipSync(variants!.gz)).toEqual(text);
    expect(variants!.br.length).toBeLessThan(text.length / 10);
  });

  it('leaves small files and incompressible ones alone', async () => {
    expect(await compressedVariants(Buffer.from('a{}'))).toBeNull();
    const noise = randomBytes(MIN_BYTES * 4);
    expect(await compressedVariants(noise)).toBeNull();
  });
});
