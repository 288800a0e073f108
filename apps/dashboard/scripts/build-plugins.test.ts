import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { renderFirstFrame } from '../src/first-frames.tsx';
import { shellFileFor, withFrame, withInlineStyles, withLowPriorityScripts } from './first-frames.ts';
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

describe('first frames', () => {
  const shell = [
    '<head>',
    '  <script type="module" crossorigin src="/assets/index.js"></script>',
    '  <link rel="stylesheet" crossorigin href="/assets/index.css">',
    '</head>',
    '<body><div id="root"></div></body>',
  ].join('\n');

  it('puts the frame just before the empty #root, which the app renders into', () => {
    expect(withFrame(shell, '<p>Loading…</p>')).toContain(
      '<div id="first-frame"><p>Loading…</p></div><div id="root"></div>',
    );
  });

  it('fails the build when the shell has no empty #root', () => {
    expect(() => withFrame('<body><main></main></body>', '<p>x</p>')).toThrow(/no empty/);
  });

  it('replaces the stylesheet link by the stylesheet, and inlines no script', () => {
    const html = withInlineStyles(shell, (href) => (href === '/assets/index.css' ? 'body{color:red}\n' : ''));
    expect(html).toContain('<style>body{color:red}</style>');
    expect(html).not.toContain('rel="stylesheet"');
    expect(html).toContain('<script type="module" crossorigin src="/assets/index.js"></script>');
    expect(html).not.toMatch(/<script>/);
  });

  it('refuses a stylesheet that would end the style element early', () => {
    expect(() => withInlineStyles(shell, () => 'a{}</style><script>alert(1)</script>')).toThrow(/<\/style/);
  });

  it('asks for the scripts at low priority: the frame paints without them', () => {
    const html = withLowPriorityScripts(
      `${shell}\n<link rel="modulepreload" crossorigin href="/assets/page.js">`,
    );
    expect(html).toContain('<script type="module" crossorigin fetchpriority="low" src="/assets/index.js">');
    expect(html).toContain(
      '<link rel="modulepreload" crossorigin fetchpriority="low" href="/assets/page.js">',
    );
  });

  it('names the shell the API serves for each route', () => {
    expect(shellFileFor('/')).toBe('index.html');
    expect(shellFileFor('/sign-in')).toBe('sign-in/index.html');
  });

  it("renders the sign-in frame from the page's own components, in English", () => {
    const html = renderFirstFrame('/sign-in');
    expect(html).toContain('<h1 tabindex="-1" class="page-title">Sign in</h1>');
    expect(html).toContain('role="status"');
    expect(html).toContain('class="card sign-in-card"');
    expect(renderFirstFrame('/')).toContain('Loading…');
    expect(() => renderFirstFrame('/profile')).toThrow(/no frame/);
  });
});
