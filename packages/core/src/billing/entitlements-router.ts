import { z } from 'zod';
import { clientServerProcedure } from '../clients/index.ts';
import { router } from '../kernel/trpc.ts';
import { entitlementsForClient } from './entitlements.ts';

/** Client apps' servers: what a person's plan allows. */
export const entitlementsRouter = router({
  /** Only people who signed in to the asking app (any person for a first-party app). */
  forUser: clientServerProcedure
    .input(z.object({ userId: z.uuid() }))
    .query(({ ctx, input }) => entitlementsForClient(ctx.em, ctx.config, ctx.client, input.userId)),
});
