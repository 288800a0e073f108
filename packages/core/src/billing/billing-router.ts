import { z } from 'zod';
import { userProcedure } from '../identity/index.ts';
import { router } from '../kernel/trpc.ts';
import {
  cancelAtPeriodEnd,
  checkoutSettings,
  paymentStatus,
  portalLink,
  resumeSubscription,
  subscriptionCard,
} from './account-service.ts';
import { paddleTransactionId } from './schemas.ts';

const actorOf = (user: { id: string; email: string }) => ({ id: user.id, email: user.email });
const target = z
  .object({ subscriptionId: z.uuid().nullable().default(null) })
  .default({ subscriptionId: null });

/** A person's own subscription: the card, checkout, the pending state, cancel, resume, portal. */
export const billingRouter = router({
  subscription: userProcedure.query(({ ctx }) => subscriptionCard(ctx.em, ctx.hub, ctx.user.id)),
  checkout: userProcedure.query(({ ctx }) => checkoutSettings(ctx.em, ctx.hub, ctx.user)),
  /** Polled after the checkout closes until the webhook has landed. */
  paymentStatus: userProcedure
    .input(
      z
        .object({ transactionId: paddleTransactionId.nullable().default(null) })
        .default({ transactionId: null }),
    )
    .query(({ ctx, input }) => paymentStatus(ctx.em, ctx.hub, ctx.user.id, input.transactionId)),
  cancel: userProcedure
    .input(target)
    .mutation(({ ctx, input }) =>
      cancelAtPeriodEnd(ctx.em, ctx.hub, actorOf(ctx.user), input.subscriptionId),
    ),
  resume: userProcedure
    .input(target)
    .mutation(({ ctx, input }) =>
      resumeSubscription(ctx.em, ctx.hub, actorOf(ctx.user), input.subscriptionId),
    ),
  /** A mutation: every call creates a new Paddle portal session. */
  portal: userProcedure.mutation(({ ctx }) => portalLink(ctx.em, ctx.hub, ctx.user.id)),
});
