// A Vite plugin that makes the pages people land on paint from the HTML alone (decision 0072).
// On a slow phone the JavaScript arrives seconds after the HTML; until it has run, #root was
// empty. For each route given, the build renders the page's first frame (src/first-frames.tsx,
// the app's own components) into that route's shell, and every shell carries the stylesheet
// inline, so the first paint waits for neither the script nor a second request. The frame sits
// beside #root; the app removes it once it shows something itself (src/main.tsx). The shells are revalidated on every load (a 304 when unchanged),
// so the inline stylesheet costs bytes only on a first visit or a new release.
import { resolve } from 'node:path';
import { type Plugin, type Rollup, runnerImport } from 'vite';
import { FRAME_ID } from '../src/lib/first-frame.ts';

type OutputBundle = Rollup.OutputBundle;

/** The shell file the API serves for `route` ("/" is index.html, "/sign-in" sign-in/index.html). */
export function shellFileFor(route: string): string {
  const folder = route.replace(/^\/|\/$/g, '');
  return folder ? `${folder}/index.html` : 'index.html';
}

const EMPTY_ROOT = '<div id="root"></div>';
const STYLESHEET = /<link rel="stylesheet"(?: crossorigin)? href="([^"]+\.css)">/g;

/** `html` with `frame` just before its empty `#root`; a shell without one fails the build. */
export function withFrame(html: string, frame: string): string {
  if (!html.includes(EMPTY_ROOT)) throw new Error('first-frames: the shell has no empty <div id="root">');
  return html.replace(EMPTY_ROOT, `<div id="${FRAME_ID}">${frame}</div>${EMPTY_ROOT}`);
}

/**
 * `html` with each stylesheet link replaced by the stylesheet's text in a `<style>` element
 * (`stylesheet(href)` reads it from the bundle). CSP: style-src already allows inline styles
 * (React's style attributes need it), and no script is inlined, so script-src stays 'self'.
 */
export function withInlineStyles(html: string, stylesheet: (href: string) => string): string {
  if (html.includes('rel="stylesheet"') && !STYLESHEET.test(html)) {
    throw new Error(
      'first-frames: a stylesheet link the build does not recognise (did Vite change its tags?)',
    );
  }
  STYLESHEET.lastIndex = 0;
  return html.replace(STYLESHEET, (_link, href: string) => {
    const css = stylesheet(href);
    // A "</style" inside the text would end the element early.
    if (/<\/style/i.test(css)) throw new Error(`first-frames: ${href} contains "</style"`);
    return `<style>${css.trim()}</style>`;
  });
}

/**
 * `html` with its module scripts and modulepreloads fetched at low priority: once the frame is in
 * the HTML, the first paint needs none of them, so they should not be taken for render-blocking
 * (Lighthouse's simulation prices every high-priority script that finished before the paint into
 * it). Nothing else competes for the connection (no stylesheet, no image), so they load as soon.
 */
export function withLowPriorityScripts(html: string): string {
  const lowered = html
    .replaceAll(
      '<script type="module" crossorigin src=',
      '<script type="module" crossorigin fetchpriority="low" src=',
    )
    .replaceAll(
      '<link rel="modulepreload" crossorigin href=',
      '<link rel="modulepreload" crossorigin fetchpriority="low" href=',
    );
  if (/<script type="module"(?![^>]*fetchpriority)/.test(lowered)) {
    throw new Error('first-frames: a module script the build does not recognise (did Vite change its tags?)');
  }
  return lowered;
}

/** `routes`: the paths whose shells get a frame; `frames`: the module exporting renderFirstFrame. */
export function firstFrames(routes: string[], frames: string): Plugin {
  let root = process.cwd();
  let base = '/';
  return {
    name: 'accounts:first-frames',
    apply: 'build',
    // After route-preloads (also 'post', listed before this one), which writes the route shells.
    enforce: 'post',
    configResolved(config) {
      root = config.root;
      base = config.base;
    },
    async generateBundle(_options, bundle: OutputBundle) {
      // The frames module runs in Node through Vite's module runner: the same JSX and imports as
      // the app, without this build's plugins.
      const { module } = await runnerImport<{ renderFirstFrame(route: string): string }>(
        resolve(root, frames),
        {
          root,
          configFile: false,
          logLevel: 'error',
        },
      );
      const stylesheet = (href: string) => {
        const asset = bundle[href.slice(base.length)];
        if (asset?.type !== 'asset') throw new Error(`first-frames: no stylesheet ${href} in the build`);
        return String(asset.source);
      };
      for (const route of routes) {
        const shell = bundle[shellFileFor(route)];
        if (shell?.type !== 'asset') throw new Error(`first-frames: the build has no shell for ${route}`);
        shell.source = withLowPriorityScripts(
          withFrame(String(shell.source), module.renderFirstFrame(route)),
        );
      }
      for (const file of Object.keys(bundle).filter((name) => name.endsWith('.html'))) {
        const shell = bundle[file]!;
        if (shell.type === 'asset') shell.source = withInlineStyles(String(shell.source), stylesheet);
      }
    },
  };
}
