import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../identity/index.ts';
import type { HubConfig } from '../kernel/config.ts';
import { badInput, notFound } from '../kernel/errors.ts';
import { signCustomData } from './binding.ts';
import { Plan, type PlanEntity, Subscription } from './entities.ts';
import {
  customerNotification,
  type PaddleNotification,
  paddleId,
  subscriptionNotification,
  transactionNotification,
} from './event-builder.ts';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from './paddle-events.ts';
import { signPaddleBody } from './paddle-signature.ts';

/**
 * Offline development: builds the notification Paddle would send for a person and posts it,
 * correctly signed, to the hub's own webhook endpoint, so the whole lifecycle can be clicked
 * through without Paddle. Also tells the Paddle stand-in about the subscription, so cancelling
 * and the portal work from the dashboard afterwards.
 */
export const SIMULATED_EVENTS = [
  'subscription.created',
  'subscription.activated',
  'subscription.trialing',
  'subscription.updated',
  'subscription.past_due',
  'subscription.paused',
  'subscription.resumed',
  'subscription.canceled',
  'transaction.completed',
  'transaction.payment_failed',
  'customer.created',
  'customer.updated',
] as const;
export type SimulatedEvent = (typeof SIMULATED_EVENTS)[number];

const DEFAULT_STATUS: Partial<Record<SimulatedEvent, SubscriptionStatus>> = {
  'subscription.trialing': 'trialing',
  'subscription.past_due': 'past_due',
  'subscription.paused': 'paused',
  'subscription.canceled': 'canceled',
};

export interface SimulateOptions {
  eventType: string;
  email: string;
  planName?: string | undefined;
  status?: string | undefined;
  /** Reuse this subscription id instead of the person's latest one. */
  subscriptionId?: string | undefined;
  /** updated with a cancellation scheduled for the end of the period. */
  cancelAtPeriodEnd?: boolean | undefined;
  /** Leave out or forge the signed user id, to see a flagged subscription. */
  binding?: 'signed' | 'missing' | 'forged' | undefined;
}

export interface SimulatedDelivery {
  notification: PaddleNotification;
  body: string;
  signature: string;
  summary: string;
  /** What the Paddle stand-in should hold for this subscription, if it is one. */
  standInSubscription: Record<string, unknown> | null;
}

async function choosePlan(em: EntityManager, name: string | undefined, current: PlanEntity | null) {
  if (name) {
    const plans = await em.find(Plan, {});
    const plan = plans.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (!plan) throw badInput(`No plan is called "${name}". Plans: ${plans.map((p) => p.name).join(', ')}.`);
    return plan;
  }
  if (current) return current;
  const [first] = await em.find(Plan, { isActive: true }, { orderBy: { sortOrder: 'asc' }, limit: 1 });
  if (!first) throw badInput('There is no active plan; run `pnpm accounts db:seed` first.');
  return first;
}

export async function buildSimulatedDelivery(
  em: EntityManager,
  config: HubConfig,
  options: SimulateOptions,
): Promise<SimulatedDelivery> {
  const eventType = options.eventType as SimulatedEvent;
  if (!SIMULATED_EVENTS.includes(eventType)) {
    throw badInput(`Unknown event type "${options.eventType}". One of: ${SIMULATED_EVENTS.join(', ')}.`);
  }
  const user = await em.findOne(User, { email: options.email.trim().toLowerCase() });
  if (!user) throw notFound(`A person with the email ${options.email}`);
  const existing = await em.findOne(
    Subscription,
    options.subscriptionId ? { paddleId: options.subscriptionId } : { user: user.id },
    { populate: ['plan'], orderBy: { lastEventKey: 'desc' } },
  );
  const plan = await choosePlan(em, options.planName, existing?.plan ?? null);
  const priceId = plan.paddlePriceIds[0];
  if (!priceId) throw badInput(`The plan "${plan.name}" has no Paddle price id.`);
  const status = (options.status ?? DEFAULT_STATUS[eventType] ?? 'active') as SubscriptionStatus;
  if (!SUBSCRIPTION_STATUSES.includes(status)) {
    throw badInput(`Unknown status "${options.status}". One of: ${SUBSCRIPTION_STATUSES.join(', ')}.`);
  }
  const subscriptionId = options.subscriptionId ?? existing?.paddleId ?? paddleId('sub');
  const customerId = existing?.customerPaddleId ?? paddleId('ctm');
  const binding = options.binding ?? 'signed';
  const signed = signCustomData(config, user.id);
  const customData =
    binding === 'missing' ? null : binding === 'forged' ? { ...signed, hubSignature: 'forged' } : signed;
  const now = new Date();
  const periodEnd = new Date(now.getTime() + 30 * 86_400_000);

  let notification: PaddleNotification;
  let standInSubscription: Record<string, unknown> | null = null;
  if (eventType.startsWith('subscription.')) {
    notification = subscriptionNotification({
      eventType,
      subscriptionId,
      customerId,
      status,
      priceIds: [priceId],
      // In Paddle the product is named by whoever set it up; the plan's name stands in for it here.
      productName: plan.name,
      customData,
      periodStart: now,
      periodEnd,
      scheduledChange: options.cancelAtPeriodEnd
        ? { action: 'cancel', effective_at: periodEnd.toISOString(), resume_at: null }
        : null,
      canceledAt: status === 'canceled' ? now : null,
      pausedAt: status === 'paused' ? now : null,
      transactionId: eventType === 'subscription.created' ? paddleId('txn') : null,
    });
    standInSubscription = notification.data;
  } else if (eventType.startsWith('transaction.')) {
    notification = transactionNotification({
      eventType,
      transactionId: paddleId('txn'),
      status: eventType === 'transaction.completed' ? 'completed' : 'past_due',
      customerId,
      subscriptionId,
      customData,
    });
  } else {
    notification = customerNotification({
      eventType,
      customerId,
      email: user.email,
      name: user.displayName ?? null,
    });
  }
  const body = JSON.stringify(notification);
  return {
    notification,
    body,
    signature: signPaddleBody(body, config.paddle.webhookSecret),
    summary: `${eventType} ${notification.data.id as string} for ${user.email} (plan ${plan.name}, status ${status})`,
    standInSubscription,
  };
}
