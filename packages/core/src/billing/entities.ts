import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Client } from '../clients/index.ts';
import { User } from '../identity/index.ts';
import { baseProperties } from '../kernel/db/base-properties.ts';
import type { PlanTranslations } from './schemas.ts';

export const Plan = defineEntity({
  name: 'Plan',
  tableName: 'plans',
  properties: {
    ...baseProperties,
    name: p.string().unique(),
    description: p.text().nullable(),
    /**
     * The name and description in other languages than English ({ de: { name, description } });
     * a missing one falls back to the English `name` / `description` (decision in billing README).
     */
    translations: p.json<PlanTranslations>().nullable(),
    /** Paddle price ids (pri_...) that buy this plan. */
    paddlePriceIds: p.array().default([]),
    /** Display price in minor units (cents) with its currency and interval; Paddle stays the source of truth. */
    priceAmount: p.integer().default(0),
    currency: p.string().default('EUR'),
    billingInterval: p.enum(['month', 'year']).default('month'),
    mailboxQuotaBytes: p.bigint('number').default(0),
    maxAliases: p.integer().default(0),
    maxAppPasswords: p.integer().default(0),
    maxCustomDomains: p.integer().default(0),
    /** Client apps a subscriber of this plan may use. */
    clients: () => p.manyToMany(Client).pivotTable('plan_clients').owner(),
    isActive: p.boolean().default(true),
    sortOrder: p.integer().default(0),
  },
});
export type PlanEntity = InferEntity<typeof Plan>;

export const Customer = defineEntity({
  name: 'Customer',
  tableName: 'customers',
  properties: {
    ...baseProperties,
    name: p.string().nullable(),
    email: p.string().nullable(),
    paddleId: p.string().unique(),
    user: () => p.manyToOne(User).nullable().deleteRule('set null').index(),
    lastEventAt: p.datetime().nullable(),
    /** Order key (occurred_at with microseconds + event id) of the newest applied event. */
    lastEventKey: p.string().nullable(),
  },
});

export const Subscription = defineEntity({
  name: 'Subscription',
  tableName: 'subscriptions',
  properties: {
    ...baseProperties,
    name: p.string().nullable(),
    paddleId: p.string().unique(),
    status: p.enum(['active', 'canceled', 'past_due', 'paused', 'trialing']),
    isActive: p.boolean().default(false),
    activeSince: p.datetime().nullable(),
    inactiveSince: p.datetime().nullable(),
    customer: () => p.manyToOne(Customer).nullable().deleteRule('set null').index(),
    customerPaddleId: p.string().nullable(),
    user: () => p.manyToOne(User).nullable().deleteRule('set null').index(),
    plan: () => p.manyToOne(Plan).nullable().deleteRule('set null').index(),
    priceIds: p.array().default([]),
    currentPeriodStart: p.datetime().nullable(),
    currentPeriodEnd: p.datetime().nullable(),
    nextBilledAt: p.datetime().nullable(),
    scheduledChange: p.json<Record<string, unknown>>().nullable(),
    canceledAt: p.datetime().nullable(),
    pausedAt: p.datetime().nullable(),
    customData: p.json<Record<string, unknown>>().nullable(),
    /** Why the subscription could not be bound to a user: kept and shown to staff, never guessed. */
    bindingProblem: p.enum(['missing', 'forged', 'unknown-user']).nullable(),
    /** When the person it belonged to deleted their account: it grants nothing and needs no binding. */
    accountDeletedAt: p.datetime().nullable(),
    /** occurred_at of the newest applied event: older events change nothing. */
    lastEventAt: p.datetime().nullable(),
    lastEventId: p.string().nullable(),
    /** Order key (occurred_at with microseconds + event id) of the newest applied event. */
    lastEventKey: p.string().nullable(),
    /** Start of the current past_due/paused stretch; features end graceDays after it. */
    graceStartedAt: p.datetime().nullable(),
    /** The checkout transaction (txn_...) that created the subscription. */
    transactionId: p.string().nullable().index(),
    /** The state last announced to client apps for this subscription, so repeats announce nothing. */
    announcedState: p.json<Record<string, unknown>>().nullable(),
  },
});
export type SubscriptionEntity = InferEntity<typeof Subscription>;

/** Every verified Paddle notification, stored raw before anything is applied. */
export const PaddleEvent = defineEntity({
  name: 'PaddleEvent',
  tableName: 'paddle_events',
  indexes: [
    { properties: ['status', 'receivedAt'] },
    { properties: ['entityId', 'orderKey'] },
    // The queue's claim (status 'received', by attempts then order key) reads one index entry
    // instead of sorting the whole backlog for every event.
    {
      name: 'paddle_events_claim_index',
      expression:
        'create index "paddle_events_claim_index" on "paddle_events" ("attempts", "order_key") where "status" = \'received\'',
    },
  ],
  properties: {
    ...baseProperties,
    eventId: p.string().unique(),
    notificationId: p.string().nullable(),
    eventType: p.string(),
    occurredAt: p.datetime(),
    /** The id of the entity the event is about (sub_..., txn_..., ctm_...). */
    entityId: p.string().nullable().index(),
    /** occurred_at with microseconds, then the event id: sorts events of one entity in Paddle's order. */
    orderKey: p.string().default(''),
    /** data.status of the event (subscription and transaction events), for the lifecycle history. */
    entityStatus: p.string().nullable(),
    /** data.subscription_id of transaction events: their signed custom_data can bind that subscription. */
    subscriptionPaddleId: p.string().nullable().index(),
    rawBody: p.text().lazy(),
    /** The request that delivered the event, carried into the job that applies it. */
    requestId: p.string().nullable(),
    receivedAt: p.datetime().onCreate(() => new Date()),
    status: p.enum(['received', 'applied', 'skipped', 'failed']).default('received'),
    result: p.text().nullable(),
    error: p.text().nullable(),
    attempts: p.integer().default(0),
    appliedAt: p.datetime().nullable(),
  },
});
export type PaddleEventEntity = InferEntity<typeof PaddleEvent>;

/**
 * A person whose entitlements must be applied again because something they follow from changed
 * outside their own subscription (a staff edit of their plan). Written in the same transaction as
 * the change, applied by the entitlement-refresh job. Several rows for one person are fine: the
 * job applies once and removes the rows it claimed, so a request that commits meanwhile stays.
 */
export const EntitlementRefresh = defineEntity({
  name: 'EntitlementRefresh',
  tableName: 'entitlement_refreshes',
  indexes: [{ properties: ['retryAt'] }],
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    reason: p.string().nullable(),
    attempts: p.integer().default(0),
    retryAt: p.datetime().defaultRaw('now()'),
    lastError: p.text().nullable(),
  },
});
export type CustomerEntity = InferEntity<typeof Customer>;

/**
 * The plan a person holds now: billing's entitlement decision (entitlements.ts), kept as a row for
 * joins, counts and the person's overview. Billing owns it, so identity's users table knows nothing
 * of plans. At most one row per person; no row means no plan.
 */
export const UserPlan = defineEntity({
  name: 'UserPlan',
  tableName: 'user_plans',
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).unique().deleteRule('cascade'),
    plan: () => p.manyToOne(Plan).deleteRule('cascade').index(),
  },
});
