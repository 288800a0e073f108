import { z } from 'zod';
import { staffProcedure } from '../identity/index.ts';
import { pageInput } from '../kernel/paging.ts';
import { text } from '../kernel/text-schemas.ts';
import { router } from '../kernel/trpc.ts';
import { staffChange } from './staff-change.ts';
import {
  getDelivery,
  listDeliveries,
  listFlaggedWebhooks,
  listWebhooks,
  redeliver,
  redeliverFailed,
  sendTestEvent,
} from './webhook-admin.ts';

/** Staff view of outgoing webhook deliveries. */
export const webhooksRouter = router({
  listDeliveries: staffProcedure
    .input(
      z.object({
        webhookId: z.uuid().optional(),
        clientId: z.uuid().optional(),
        status: z.enum(['pending', 'succeeded', 'failed']).optional(),
        eventType: text.trim().max(100).optional(),
        userId: z.uuid().optional(),
        ...pageInput,
      }),
    )
    .query(({ ctx, input }) => listDeliveries(ctx.em, input)),
  getDelivery: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getDelivery(ctx.em, input.id)),
  redeliver: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => redeliver(ctx.em, staffChange(ctx), input.id)),
  /** Every failed delivery of one webhook, or of all webhooks when none is given. */
  redeliverFailed: staffProcedure
    .input(z.object({ webhookId: z.uuid().optional() }))
    .mutation(async ({ ctx, input }) => ({
      requeued: await redeliverFailed(ctx.em, staffChange(ctx), input),
    })),
  sendTest: staffProcedure
    .input(z.object({ webhookId: z.uuid() }))
    .mutation(({ ctx, input }) => sendTestEvent(ctx.em, staffChange(ctx), input.webhookId)),
  listFlagged: staffProcedure.query(({ ctx }) => listFlaggedWebhooks(ctx.em)),
  /** Every webhook with its client and environment, for filters and test events. */
  listWebhooks: staffProcedure.query(({ ctx }) => listWebhooks(ctx.em)),
});
