import { z } from 'zod';
import { staffProcedure } from '../identity/index.ts';
import { router } from '../kernel/trpc.ts';
import {
  bindSubscription,
  findSubscription,
  flaggedSubscriptions,
  getPaddleEvent,
  listPaddleEvents,
  listSubscriptions,
  reapplyPaddleEvent,
  resyncSubscription,
} from './admin-service.ts';
import { kickEntitlementRefreshes } from './plan-refresh.ts';
import { createPlan, deletePlan, listAllPlans, updatePlan } from './plans.ts';
import {
  paddleEventFilter,
  paddleSubscriptionId,
  planInput,
  planUpdateInput,
  subscriptionListFilter,
} from './schemas.ts';

const actorOf = (user: { id: string; email: string }) => ({ id: user.id, email: user.email });

/** Staff: plans, the Paddle event log, re-apply, resync, and subscriptions nobody could be bound to. */
export const billingAdminRouter = router({
  plans: staffProcedure.query(({ ctx }) => listAllPlans(ctx.em)),
  // After commit, the holders' entitlements follow at once in this process (the job does the rest).
  createPlan: staffProcedure.input(planInput).mutation(async ({ ctx, input }) => {
    const plan = await createPlan(ctx.em, actorOf(ctx.user), input);
    void kickEntitlementRefreshes(ctx.hub);
    return plan;
  }),
  updatePlan: staffProcedure.input(planUpdateInput).mutation(async ({ ctx, input }) => {
    const plan = await updatePlan(ctx.em, actorOf(ctx.user), input);
    void kickEntitlementRefreshes(ctx.hub);
    return plan;
  }),
  deletePlan: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deletePlan(ctx.em, actorOf(ctx.user), input.id)),

  events: staffProcedure
    .input(paddleEventFilter.default({ limit: 50, offset: 0 }))
    .query(({ ctx, input }) => listPaddleEvents(ctx.em, input)),
  event: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getPaddleEvent(ctx.em, input.id)),
  reapplyEvent: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => reapplyPaddleEvent(ctx.hub, actorOf(ctx.user), input.id)),

  subscriptions: staffProcedure
    .input(subscriptionListFilter.default({ limit: 50, offset: 0 }))
    .query(({ ctx, input }) => listSubscriptions(ctx.em, input)),
  subscription: staffProcedure
    .input(z.object({ paddleId: paddleSubscriptionId }))
    .query(({ ctx, input }) => findSubscription(ctx.em, input.paddleId)),
  resyncSubscription: staffProcedure
    .input(z.object({ paddleId: paddleSubscriptionId }))
    .mutation(({ ctx, input }) => resyncSubscription(ctx.hub, actorOf(ctx.user), input.paddleId)),
  flaggedSubscriptions: staffProcedure.query(({ ctx }) => flaggedSubscriptions(ctx.em)),
  bindSubscription: staffProcedure
    .input(z.object({ subscriptionId: z.uuid(), userId: z.uuid() }))
    .mutation(({ ctx, input }) => bindSubscription(ctx.hub, actorOf(ctx.user), input)),
});
