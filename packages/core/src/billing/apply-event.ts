import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../identity/index.ts';
import type { Hub } from '../kernel/context.ts';
import { command, query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { verifyCustomData } from './binding.ts';
import { Customer, Plan, type PlanEntity, Subscription, type SubscriptionEntity } from './entities.ts';
import { applyEntitlements, sameJson } from './entitlements.ts';
import { deriveLifecycle } from './lifecycle.ts';
import { lockKey } from './locks.ts';
import {
  type PaddleEnvelope,
  type PaddleSubscription,
  paddleCustomerSchema,
  paddleEnvelopeSchema,
  paddleSubscriptionSchema,
  paddleTransactionSchema,
  priceIdsOf,
  subscriptionNameOf,
} from './paddle-events.ts';

export interface EventSource {
  eventId: string;
  orderKey: string;
  occurredAt: Date;
}

export interface Outcome {
  status: 'applied' | 'skipped';
  result: string;
}

/** Applies one stored event inside the caller's transaction; throws on anything unexpected. */
export async function applyEnvelope(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  envelope: PaddleEnvelope,
  source: EventSource,
): Promise<Outcome> {
  const family = envelope.event_type.split('.')[0];
  if (family === 'subscription') {
    const parsed = paddleSubscriptionSchema.safeParse(envelope.data);
    if (!parsed.success) return skipped(`unreadable subscription data: ${parsed.error.issues[0]?.message}`);
    return applySubscriptionSnapshot(em, hub, parsed.data, source);
  }
  if (family === 'customer') {
    const parsed = paddleCustomerSchema.safeParse(envelope.data);
    if (!parsed.success) return skipped(`unreadable customer data: ${parsed.error.issues[0]?.message}`);
    return applyCustomer(em, parsed.data, source);
  }
  if (family === 'transaction') {
    const parsed = paddleTransactionSchema.safeParse(envelope.data);
    if (!parsed.success) return skipped(`unreadable transaction data: ${parsed.error.issues[0]?.message}`);
    return applyTransaction(em, hub, parsed.data);
  }
  return skipped(`${envelope.event_type} is not an event the hub acts on`);
}

const skipped = (result: string): Outcome => ({ status: 'skipped', result });

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/**
 * The plan a subscription's prices buy: the highest-ranked plan selling any of them. The same rule
 * as PLAN_FOR_PRICES_SQL (plan-refresh.ts), which re-maps subscriptions when staff edit a plan.
 */
export async function planForPrices(em: EntityManager, priceIds: string[]): Promise<PlanEntity | null> {
  if (priceIds.length === 0) return null;
  const plans = await em.find(
    Plan,
    { paddlePriceIds: { $overlap: priceIds } },
    { orderBy: { sortOrder: 'desc', name: 'asc' } },
  );
  return plans[0] ?? null;
}

async function ensureCustomer(em: EntityManager, paddleId: string) {
  // Inserted outside the ORM's unit of work so two workers creating the same customer never clash.
  await command(
    em,
    sql`insert into customers (id, paddle_id, created_at, updated_at) values (gen_random_uuid(), ${paddleId}, now(), now())
     on conflict (paddle_id) do nothing`,
  );
  return em.findOneOrFail(Customer, { paddleId });
}

/**
 * Upserts a subscription from a full Paddle snapshot. The snapshot overwrites what we hold only
 * when it is newer than the last one applied (order key = occurred_at with microseconds, then
 * event id), so duplicates and late arrivals change nothing. The binding to a person is decided
 * by the signed user id in custom_data from whichever event carries it, so it too does not depend
 * on arrival order; without a valid one the subscription is kept and flagged for staff.
 */
export async function applySubscriptionSnapshot(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  snapshot: PaddleSubscription,
  source: EventSource,
): Promise<Outcome> {
  await lockKey(em, `paddle:${snapshot.id}`);
  // Every writer of a subscription row holds its lock, so finding it first is safe and saves the
  // insert for all but the first event.
  let subscription = await em.findOne(
    Subscription,
    { paddleId: snapshot.id },
    { populate: ['user'], refresh: true },
  );
  if (!subscription) {
    await command(
      em,
      sql`insert into subscriptions (id, paddle_id, status, created_at, updated_at)
       values (gen_random_uuid(), ${snapshot.id}, ${snapshot.status}, now(), now()) on conflict (paddle_id) do nothing`,
    );
    subscription = await em.findOneOrFail(
      Subscription,
      { paddleId: snapshot.id },
      { populate: ['user'], refresh: true },
    );
  }
  const previousUserId = subscription.user?.id ?? null;
  const previousCustomerId = subscription.customer?.id ?? null;
  const before = entitlementInputs(subscription);
  const notes: string[] = [];

  const binding = verifyCustomData(hub.config, snapshot.custom_data);
  let bindingProblem: 'missing' | 'forged' | 'unknown-user' | null = binding.ok ? null : binding.problem;
  if (binding.ok && binding.userId !== previousUserId) {
    const user = await em.findOne(User, { id: binding.userId });
    if (!user) bindingProblem = 'unknown-user';
    else if (!subscription.user) {
      subscription.user = user;
      subscription.bindingProblem = null;
      notes.push('bound to its user');
    } else {
      notes.push('custom_data names another user than the one bound; binding kept');
    }
  }

  if (!subscription.user) {
    const fromTransaction = await bindingFromTransactions(em, hub, snapshot.id);
    if (fromTransaction) {
      subscription.user = fromTransaction;
      subscription.bindingProblem = null;
      notes.push('bound to its user by a signed transaction');
    }
  }

  const isNewer = !subscription.lastEventKey || source.orderKey > subscription.lastEventKey;
  if (isNewer) {
    const priceIds = priceIdsOf(snapshot);
    // The same prices buy the same plan: staff edits of plans re-map subscriptions themselves
    // (plan-refresh.ts), so the lookup is needed only when the prices change.
    const samePrices = subscription.lastEventKey && sameJson(priceIds, subscription.priceIds);
    subscription.status = snapshot.status;
    subscription.priceIds = priceIds;
    subscription.name = subscriptionNameOf(snapshot, subscription.name ?? null);
    if (!samePrices) subscription.plan = await planForPrices(em, priceIds);
    subscription.customerPaddleId = snapshot.customer_id ?? subscription.customerPaddleId ?? null;
    subscription.currentPeriodStart = date(snapshot.current_billing_period?.starts_at);
    subscription.currentPeriodEnd = date(snapshot.current_billing_period?.ends_at);
    subscription.nextBilledAt = date(snapshot.next_billed_at);
    subscription.scheduledChange = (snapshot.scheduled_change as Record<string, unknown> | null) ?? null;
    subscription.canceledAt = date(snapshot.canceled_at);
    subscription.pausedAt = date(snapshot.paused_at);
    subscription.customData = (snapshot.custom_data as Record<string, unknown> | null) ?? null;
    subscription.lastEventKey = source.orderKey;
    subscription.lastEventAt = source.occurredAt;
    subscription.lastEventId = source.eventId;
    if (!subscription.user) subscription.bindingProblem = bindingProblem;
    if (!subscription.plan && priceIds.length) notes.push(`no plan sells ${priceIds.join(', ')}`);
  } else {
    notes.push('older than the state already applied; snapshot ignored');
  }
  if (snapshot.transaction_id && !subscription.transactionId)
    subscription.transactionId = snapshot.transaction_id;

  if (subscription.customerPaddleId && !subscription.customer) {
    subscription.customer = await ensureCustomer(em, subscription.customerPaddleId);
  }
  const newlyLinked =
    subscription.user?.id !== previousUserId || subscription.customer?.id !== previousCustomerId;
  if (newlyLinked && subscription.customer && subscription.user) {
    // The first person bound to a Paddle customer owns it; a later binding never moves it.
    await command(
      em,
      sql`update customers set user_id = ${subscription.user.id} where id = ${subscription.customer.id} and user_id is null`,
    );
  }

  await refreshLifecycle(em, hub, subscription);
  await em.flush();

  // A person's entitlements follow only from these fields of their subscriptions: when none
  // changed, neither can the decision (grace deadlines are the job's business).
  const changed = entitlementInputs(subscription) !== before;
  const users = new Set([previousUserId, subscription.user?.id ?? null].filter(Boolean) as string[]);
  for (const userId of changed ? users : []) {
    const { emitted } = await applyEntitlements(em, hub, userId);
    if (emitted) notes.push(emitted);
  }
  if (!subscription.user) notes.push(`not bound to anyone (${subscription.bindingProblem ?? 'missing'})`);
  await em.flush();
  return { status: isNewer ? 'applied' : 'skipped', result: summary(snapshot, notes) };
}

function entitlementInputs(subscription: SubscriptionEntity): string {
  return JSON.stringify([
    subscription.user?.id ?? null,
    subscription.plan?.id ?? null,
    subscription.isActive,
    subscription.status,
    subscription.currentPeriodEnd?.toISOString() ?? null,
  ]);
}

function summary(snapshot: PaddleSubscription, notes: string[]): string {
  return [`${snapshot.id} ${snapshot.status}`, ...notes].join('; ');
}

/** Recomputes isActive, activeSince, inactiveSince and the grace start from the event history. */
export async function refreshLifecycle(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  subscription: SubscriptionEntity,
  now: Date = new Date(),
): Promise<void> {
  const lifecycle = await deriveLifecycle(em, hub.config, subscription, now);
  subscription.isActive = lifecycle.isActive;
  subscription.activeSince = lifecycle.activeSince;
  subscription.inactiveSince = lifecycle.inactiveSince;
  subscription.graceStartedAt = lifecycle.graceStartedAt;
}

async function applyCustomer(
  em: EntityManager,
  data: { id: string; name?: string | null; email?: string | null },
  source: EventSource,
): Promise<Outcome> {
  await lockKey(em, `paddle:${data.id}`);
  const customer = await ensureCustomer(em, data.id);
  await em.refresh(customer);
  if (customer.lastEventKey && source.orderKey <= customer.lastEventKey) {
    return skipped(`${data.id}: older than the state already applied`);
  }
  customer.name = data.name ?? null;
  customer.email = data.email?.toLowerCase() ?? null;
  customer.lastEventKey = source.orderKey;
  customer.lastEventAt = source.occurredAt;
  await em.flush();
  return { status: 'applied', result: `${data.id} recorded` };
}

/**
 * Transactions carry the same signed custom_data as the checkout. A transaction for a
 * subscription we hold but could not bind yet binds it; the subscription's own events carry the
 * state, so nothing else is taken from transactions.
 */
async function applyTransaction(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  data: {
    id: string;
    status?: string | null;
    subscription_id?: string | null;
    custom_data?: Record<string, unknown> | null;
    customer_id?: string | null;
  },
): Promise<Outcome> {
  if (data.customer_id) await ensureCustomer(em, data.customer_id);
  if (!data.subscription_id) return { status: 'applied', result: `${data.id} ${data.status ?? ''} recorded` };
  await lockKey(em, `paddle:${data.subscription_id}`);
  const subscription = await em.findOne(
    Subscription,
    { paddleId: data.subscription_id },
    { populate: ['user', 'customer'], refresh: true },
  );
  if (!subscription) {
    return {
      status: 'applied',
      result: `${data.id} recorded; subscription ${data.subscription_id} not seen yet`,
    };
  }
  if (subscription.user) return { status: 'applied', result: `${data.id} recorded` };
  const binding = verifyCustomData(hub.config, data.custom_data);
  if (!binding.ok)
    return { status: 'applied', result: `${data.id} recorded; no valid binding (${binding.problem})` };
  const user = await em.findOne(User, { id: binding.userId });
  if (!user) return { status: 'applied', result: `${data.id} recorded; its user does not exist` };
  subscription.user = user;
  subscription.bindingProblem = null;
  if (subscription.customer && !subscription.customer.user) subscription.customer.user = user;
  await em.flush();
  const { emitted } = await applyEntitlements(em, hub, user.id);
  await em.flush();
  return {
    status: 'applied',
    result: `${data.id}: bound ${subscription.paddleId} to its user${emitted ? `; ${emitted}` : ''}`,
  };
}

/**
 * A transaction that arrived before its subscription existed may carry the only valid binding;
 * looking at every stored transaction of the subscription keeps the binding independent of order.
 */
async function bindingFromTransactions(em: EntityManager, hub: Pick<Hub, 'config'>, subscriptionId: string) {
  const rows = await query<{ raw_body: string }>(
    em,
    sql`select raw_body from paddle_events where subscription_paddle_id = ${subscriptionId} order by order_key`,
  );
  for (const row of rows) {
    const customData = parseStoredEnvelope(row.raw_body)?.data.custom_data;
    const binding = verifyCustomData(hub.config, customData as Record<string, unknown> | null | undefined);
    if (!binding.ok) continue;
    const user = await em.findOne(User, { id: binding.userId });
    if (user) return user;
  }
  return null;
}

export function parseStoredEnvelope(rawBody: string): PaddleEnvelope | null {
  try {
    const parsed = paddleEnvelopeSchema.safeParse(JSON.parse(rawBody));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
