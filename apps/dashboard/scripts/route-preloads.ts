// A Vite plugin that saves the page chunk's round trip on the pages people land on. Every page is
// its own chunk, which the router only asks for once the entry chunk has run; on a slow network
// that is one more round trip before anything shows. For each route given, the build writes the
// app shell with `<link rel="modulepreload">` for that page's chunk and its static imports, so the
// browser fetches them alongside the entry chunk: `/` in index.html itself, any other route as
// `<route>/index.html`, which the API serves for that path (apps/api/src/http/dashboard-files.ts).
import type { Plugin, Rollup } from 'vite';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

/** The chunks a browser loads for `page` beyond what `preloaded` already has, in load order. */
export function chunksFor(bundle: OutputBundle, page: string, preloaded: Set<string>): string[] {
  const chunks = Object.values(bundle).filter((item): item is OutputChunk => item.type === 'chunk');
  const pageChunk = chunks.find((chunk) => chunk.facadeModuleId?.endsWith(`/${page}`));
  if (!pageChunk) throw new Error(`route-preloads: no chunk for ${page}`);
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    if (seen.has(fileName) || preloaded.has(fileName)) return;
    seen.add(fileName);
    const chunk = bundle[fileName];
    if (chunk?.type === 'chunk') for (const imported of chunk.imports) visit(imported);
  };
  visit(pageChunk.fileName);
  return [...seen].reverse();
}

/** `routes` maps a path (`/`, `/sign-in`) to its page module (`src/pages/sign-in.tsx`). */
export function routePreloads(routes: Record<string, string>): Plugin {
  let base = '/';
  return {
    name: 'accounts:route-preloads',
    apply: 'build',
    // After Vite's own plugins: index.html exists only once its html plugin has written it.
    enforce: 'post',
    configResolved(config) {
      base = config.base;
    },
    generateBundle(_options, bundle) {
      const shell = bundle['index.html'];
      if (shell?.type !== 'asset') throw new Error('route-preloads: the build has no index.html');
      const html = String(shell.source);
      // What the shell already loads: the entry chunk and Vite's own modulepreloads.
      const preloaded = new Set(
        [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((match) => match[1]!.slice(base.length)),
      );
      for (const [route, page] of Object.entries(routes)) {
        const links = chunksFor(bundle, page, preloaded)
          .map((file) => `    <link rel="modulepreload" crossorigin href="${base}${file}">\n`)
          .join('');
        const source = html.replace('  </head>', `${links}  </head>`);
        if (route === '/') shell.source = source;
        else
          this.emitFile({ type: 'asset', fileName: `${route.replace(/^\/|\/$/g, '')}/index.html`, source });
      }
    },
  };
}
