/**
 * The `@trpc/server` version the fast path was checked against: its reads of tRPC's internals
 * (`unstable-core-do-not-import`, `_def`) and its answers, compared with tRPC's own in
 * handler.test.ts. trpc-version.test.ts fails when the installed version differs, so an upgrade is
 * a conscious step (README.md, "Upgrading tRPC").
 */
export const VERIFIED_TRPC_SERVER_VERSION = '11.22.1';
