/**
 * The fast path: everything in apps/api that replaces or reaches into tRPC's own machinery
 * (README.md says what, why, and how to turn it off or upgrade tRPC). Nothing outside this folder
 * imports `@trpc/server/unstable-core-do-not-import` or reads a router's or procedure's `_def`.
 */
export { type FastTrpcHandlerOptions, fastTrpcHandler } from './handler.ts';
export { procedurePaths } from './procedures.ts';
