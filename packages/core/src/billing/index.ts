/**
 * Billing's public module: the only way other layers and the apps reach plans, subscriptions,
 * Paddle and the entitlement decision. See README.md.
 */
export { billingAdminRouter } from './billing-admin-router.ts';
export { billingRouter } from './billing-router.ts';
export { signCustomData } from './binding.ts';
export { billingDataExport } from './data-export.ts';
export type { SubscriptionAtDeletionDto } from './deletion.ts';
export {
  cancelForAccountDeletion,
  markSubscriptionsOfDeletedAccount,
  subscriptionsAtDeletion,
} from './deletion.ts';
export type { PlanEntity } from './entities.ts';
export { Customer, EntitlementRefresh, PaddleEvent, Plan, Subscription, UserPlan } from './entities.ts';
export type { MailEntitlements } from './entitlement-decision.ts';
export { decideEntitlements } from './entitlement-decision.ts';
export { entitlementsRouter } from './entitlements-router.ts';
export type { PaddleNotification } from './event-builder.ts';
export {
  customerNotification,
  paddleId,
  subscriptionNotification,
  transactionNotification,
} from './event-builder.ts';
export { entitlementRefreshJob, graceDeadlinesJob, paddleEventsJob } from './jobs.ts';
export { kickPaddleEvents, settledPaddleKicks, stopPaddleKicks } from './paddle-kick.ts';
export { signPaddleBody, verifyPaddleSignature } from './paddle-signature.ts';
export { receivePaddleWebhook, storePaddleEvents } from './paddle-webhooks.ts';
export { heldPlanOf } from './plans.ts';
export { plansRouter } from './plans-router.ts';
export type { PlanTranslations } from './schemas.ts';
export { buildSimulatedDelivery, SIMULATED_EVENTS } from './simulate.ts';
