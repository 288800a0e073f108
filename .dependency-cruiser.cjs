/**
 * The import rules of the whole repository (`pnpm lint` runs them). ARCHITECTURE.md draws the
 * layers; docs/decisions/ says why. Fix the design rather than adding an exception here.
 *
 * packages/core/src is layered, bottom to top:
 *   kernel → identity → clients → billing → mail → orchestration
 * A module may import its own layer and the ones below it, never one above. Another domain is
 * reached only through its public module (index.ts, or browser.ts for what browsers may load).
 * Tests and test support may reach across layers (they exercise the whole), but not in cycles.
 */
const core = '^packages/core/src/';
const tests = '(\\.test\\.tsx?|/test-support\\.ts|^packages/core/src/testing/.*)$';
const layers = ['kernel', 'identity', 'clients', 'billing', 'mail', 'orchestration'];
const domains = ['identity', 'clients', 'billing', 'mail'];

const layerRules = layers.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer}`,
  comment: `${layer} may import only ${layers.slice(0, index + 1).join(', ')} (and libraries): nothing above it.`,
  severity: 'error',
  from: { path: `${core}${layer}/`, pathNot: tests },
  to: { path: `${core}(${[...layers.slice(index + 1), 'testing'].join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere, in any package or app (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'domain-public-module',
      comment:
        'Outside its own folder a domain is reached only through its public module: index.ts (server) or browser.ts (also safe in browsers).',
      severity: 'error',
      from: { path: `${core}([^/]+)/`, pathNot: tests },
      to: {
        path: `${core}(${domains.join('|')})/`,
        pathNot: [`${core}$1/`, `${core}(${domains.join('|')})/(index|browser)\\.ts$`],
      },
    },
    {
      name: 'apps-use-core-public-modules',
      comment:
        "Apps (and other packages) reach core only through its package exports: each layer's index.ts or browser.ts, and testing/.",
      severity: 'error',
      from: { pathNot: core },
      to: {
        path: core,
        pathNot: `${core}([a-z-]+/(index|browser)\\.ts|testing/.*)$`,
      },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'trpc-internals-only-in-fast-path',
      comment:
        "tRPC's internals are reached only from apps/api/src/fast-path, the one module that replaces tRPC's own request handling (with a switch back to the stock handler).",
      severity: 'error',
      from: { pathNot: '^apps/api/src/fast-path/' },
      to: { path: '@trpc/server/(dist/)?unstable-core-do-not-import' },
    },
    {
      name: 'sql-runner-only-in-kernel-db',
      comment:
        'SQL outside the ORM has one way: the sql tag and its runner in kernel/db. Nothing else in core talks to Kysely or the pg pool (kernel/db/one-way.test.ts also keeps em.execute out).',
      severity: 'error',
      from: { path: core, pathNot: [`${core}kernel/db/`, tests] },
      to: { path: 'node_modules/(kysely|pg|@types/pg)/' },
    },
    {
      name: 'dashboard-loads-no-server-code',
      comment:
        "The dashboard takes values from core only through a layer's browser.ts (zod schemas and constants); types may come from anywhere public.",
      severity: 'error',
      from: { path: '^apps/dashboard/' },
      to: {
        path: core,
        pathNot: '/browser\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'browser-modules-load-no-server-code',
      comment:
        'A browser.ts re-exports values only from schema and constant modules, which import no server code; everything else it passes on is a type.',
      severity: 'error',
      from: { path: `${core}.*/browser\\.ts$` },
      to: {
        path: core,
        pathNot: '(schemas|languages|sign-in-reasons)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // node_modules stay in the graph (not followed), so rules can name library internals.
    exclude: { path: '^(apps|packages)/[^/]+/(dist|coverage)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
