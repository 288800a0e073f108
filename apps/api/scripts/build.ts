// Bundles the API and the worker into dist/ as plain JavaScript. Node runs the sources
// too (type stripping), but that machinery stays loaded: the API process measured ~26 MB larger idle
// from sources. The bundles carry the workspace packages and leave node_modules external.
import { rmSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const outdir = here('../dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [here('../src/server.ts'), here('../src/worker.ts')],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  logLevel: 'warning',
  // Resolve node_modules as Node itself does (its conditions and `main`), not esbuild's `module`.
  conditions: [],
  mainFields: ['main'],
  plugins: [
    {
      // Workspace packages (@accounts/*) are TypeScript sources: bundle them. Anything else imported
      // by bare name lives in node_modules and stays an import, rewritten to the file it resolves to
      // from the importing package: pnpm gives each package only its own dependencies, so
      // `kysely` (a dependency of core) would not resolve from apps/api/dist.
      name: 'node-modules-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (
            args.path.startsWith('@accounts/') ||
            args.path.startsWith('node:') ||
            args.pluginData === 'inner'
          ) {
            return undefined;
          }
          const found = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            importer: args.importer,
            pluginData: 'inner',
          });
          if (found.errors.length) return { errors: found.errors };
          const path = relative(outdir, found.path).split(sep).join('/');
          return { path: path.startsWith('.') ? path : `./${path}`, external: true };
        });
      },
    },
  ],
});
