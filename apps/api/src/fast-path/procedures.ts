import type { AnyTRPCRouter } from '@trpc/server';

/**
 * The paths of a router's procedures ('me.get', 'system.ping', …), for what needs the list (the
 * metrics' bounded route labels). tRPC has no public way to list them; it keeps them flat in
 * `_def.procedures` for an eagerly built router like ours.
 */
export function procedurePaths(router: AnyTRPCRouter): string[] {
  return Object.keys(router._def.procedures);
}
