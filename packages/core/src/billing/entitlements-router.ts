import { z } from 'zod';
import { clientServerProcedure, router } from '../trpc.ts';
import { entitlementsForClient } from './entitlements.ts';

/** Client apps' servers: what a person's plan allows. */
export const entitlementsRouter = router({
  // The lead adds the per-client visibility check (identity/user-lookup.ts) at merge.
  forUser: clientServerProcedure
    .input(z.object({ userId: z.uuid() }))
    .query(({ ctx, input }) => entitlementsForClient(ctx.em, ctx.config, ctx.client.id, input.userId)),
});
