import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, recordAudit } from '../kernel/audit/audit.ts';
import type { Hub } from '../kernel/context.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { notFound, preconditionFailed } from '../kernel/errors.ts';
import { type SignedCustomData, signCustomData, verifyCustomData } from './binding.ts';
import { Subscription, type SubscriptionEntity } from './entities.ts';
import { decideEntitlements } from './entitlements.ts';
import { paddleApi } from './paddle-client.ts';
import { applyApiSnapshot } from './paddle-sync.ts';
import { listPublicPlans, type PublicPlanDto } from './plans.ts';

/** What a person's subscription card shows. */
export interface SubscriptionCardDto {
  /**
   * none: never subscribed; active: paid up (or trialing); grace: a payment problem, features
   * kept until graceEndsAt; lapsed: had a plan, features off (canceled or grace ran out).
   */
  state: 'none' | 'active' | 'grace' | 'lapsed';
  subscription: {
    id: string;
    status: string;
    isActive: boolean;
    planId: string | null;
    planName: string | null;
    /** What Paddle calls what the person bought (its product names); null until Paddle said. */
    name: string | null;
    priceAmount: number | null;
    currency: string | null;
    billingInterval: 'month' | 'year' | null;
    currentPeriodEnd: Date | null;
    /** The next charge; null once a cancellation is scheduled. */
    renewsAt: Date | null;
    cancelAtPeriodEnd: boolean;
    /** When a scheduled cancellation takes effect. */
    endsAt: Date | null;
    canceledAt: Date | null;
    graceEndsAt: Date | null;
    /** Paid for a price that no plan sells: staff have to sort it out. */
    planUnknown: boolean;
  } | null;
  /** The customer portal (invoices, payment methods) needs a Paddle customer. */
  canOpenPortal: boolean;
}

interface ScheduledChange {
  action?: string;
  effective_at?: string;
}

function graceEndsAt(subscription: SubscriptionEntity, graceDays: number): Date | null {
  return subscription.graceStartedAt
    ? new Date(subscription.graceStartedAt.getTime() + graceDays * 86_400_000)
    : null;
}

export async function subscriptionCard(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  userId: string,
): Promise<SubscriptionCardDto> {
  const decision = await decideEntitlements(em, hub.config, userId);
  let subscription = decision.subscription;
  if (!subscription) {
    // A subscription without a known plan still belongs on the card.
    subscription =
      (await em.findOne(
        Subscription,
        { user: userId },
        { populate: ['plan'], orderBy: { isActive: 'desc', lastEventKey: 'desc' } },
      )) ?? null;
  }
  if (!subscription) return { state: 'none', subscription: null, canOpenPortal: false };
  const change = (subscription.scheduledChange ?? null) as ScheduledChange | null;
  const cancelAtPeriodEnd = change?.action === 'cancel';
  const lapsing = subscription.status === 'past_due' || subscription.status === 'paused';
  const plan = subscription.plan ?? null;
  return {
    state: subscription.isActive ? (lapsing ? 'grace' : 'active') : 'lapsed',
    subscription: {
      id: subscription.id,
      status: subscription.status,
      isActive: subscription.isActive,
      planId: plan?.id ?? null,
      planName: plan?.name ?? null,
      name: subscription.name ?? null,
      priceAmount: plan?.priceAmount ?? null,
      currency: plan?.currency ?? null,
      billingInterval: plan?.billingInterval ?? null,
      currentPeriodEnd: subscription.currentPeriodEnd ?? null,
      renewsAt: cancelAtPeriodEnd ? null : (subscription.nextBilledAt ?? null),
      cancelAtPeriodEnd,
      endsAt: cancelAtPeriodEnd && change?.effective_at ? new Date(change.effective_at) : null,
      canceledAt: subscription.canceledAt ?? null,
      graceEndsAt: lapsing ? graceEndsAt(subscription, hub.config.paddle.graceDays) : null,
      planUnknown: !plan,
    },
    canOpenPortal: Boolean(subscription.customerPaddleId),
  };
}

export interface CheckoutSettingsDto {
  environment: 'sandbox' | 'production';
  clientToken: string;
  /** Pass as Checkout.open({ customData }): the signed user id that binds the payment to this person. */
  customData: SignedCustomData;
  email: string;
  plans: PublicPlanDto[];
  /** Someone with an active plan changes it in the portal rather than buying a second one. */
  hasActivePlan: boolean;
}

export async function checkoutSettings(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  user: { id: string; email: string },
): Promise<CheckoutSettingsDto> {
  const plans = (await listPublicPlans(em)).filter((plan) => plan.checkoutPriceId);
  const decision = await decideEntitlements(em, hub.config, user.id);
  return {
    environment: hub.config.paddle.environment,
    clientToken: hub.config.paddle.clientToken,
    customData: signCustomData(hub.config, user.id),
    email: user.email,
    plans,
    hasActivePlan: decision.state === 'active',
  };
}

export interface PaymentStatusDto {
  /**
   * pending: Paddle has not told us yet; active: the plan is on; failed: the payment did not go
   * through; review: the checkout's subscription arrived but could not be bound to anyone (its
   * signed user id was missing or forged), so staff bind it by hand.
   */
  state: 'pending' | 'active' | 'failed' | 'review';
  card: SubscriptionCardDto;
}

const FAILED_TRANSACTION_EVENTS = new Set(['transaction.payment_failed', 'transaction.canceled']);

/**
 * What the page polls after Paddle's checkout closes, until the webhook has landed. With the
 * checkout's transaction id it waits for that very subscription; a failure counts only when the
 * transaction's signed custom_data names this person.
 */
export async function paymentStatus(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  userId: string,
  transactionId: string | null,
): Promise<PaymentStatusDto> {
  const card = await subscriptionCard(em, hub, userId);
  const subscriptions = await em.find(Subscription, { user: userId, isActive: true });
  const active = transactionId
    ? subscriptions.some((s) => s.transactionId === transactionId)
    : subscriptions.length > 0;
  if (active) return { state: 'active', card };
  if (transactionId) {
    // Only the checkout that made it knows this transaction id; the answer names nobody.
    const flagged = await em.count(Subscription, {
      transactionId,
      user: null,
      bindingProblem: { $ne: null },
    });
    if (flagged > 0) return { state: 'review', card };
    const rows = await query<{ event_type: string; raw_body: string }>(
      em,
      sql`select event_type, raw_body from paddle_events where entity_id = ${transactionId} order by order_key desc limit 1`,
    );
    const latest = rows[0];
    if (latest && FAILED_TRANSACTION_EVENTS.has(latest.event_type)) {
      const customData = (JSON.parse(latest.raw_body) as { data?: { custom_data?: Record<string, unknown> } })
        .data?.custom_data;
      const binding = verifyCustomData(hub.config, customData);
      if (binding.ok && binding.userId === userId) return { state: 'failed', card };
    }
  }
  return { state: 'pending', card };
}

async function manageable(em: EntityManager, userId: string, subscriptionId: string | null) {
  const subscription = subscriptionId
    ? await em.findOne(Subscription, { id: subscriptionId, user: userId })
    : await em.findOne(
        Subscription,
        { user: userId, status: { $ne: 'canceled' } },
        { orderBy: { isActive: 'desc', lastEventKey: 'desc' } },
      );
  if (!subscription) throw notFound('A subscription of yours');
  if (subscription.status === 'canceled') throw preconditionFailed('This subscription has already ended.');
  return subscription;
}

/** Cancels at the end of the paid period; the person keeps everything until then. */
export async function cancelAtPeriodEnd(
  em: EntityManager,
  hub: Hub,
  actor: Actor,
  subscriptionId: string | null,
): Promise<SubscriptionCardDto> {
  const subscription = await manageable(em, actor.id, subscriptionId);
  const change = subscription.scheduledChange as ScheduledChange | null;
  if (change?.action === 'cancel') {
    throw preconditionFailed('This subscription is already set to end at the close of the period.');
  }
  const updated = await paddleApi(hub.config.paddle).cancelSubscription(
    subscription.paddleId,
    'next_billing_period',
  );
  await applyApiSnapshot(hub, updated, 'canceled at period end by its holder');
  const audit = hub.orm.em.fork();
  recordAudit(audit, {
    actor,
    action: 'subscription.cancel-scheduled',
    entityType: 'subscription',
    entityId: subscription.id,
    subjectUserId: actor.id,
    after: { paddleId: subscription.paddleId, scheduledChange: updated.scheduled_change ?? null },
  });
  await audit.flush();
  return subscriptionCard(hub.orm.em.fork(), hub, actor.id);
}

/** Takes back a scheduled cancellation: the subscription renews as before. */
export async function resumeSubscription(
  em: EntityManager,
  hub: Hub,
  actor: Actor,
  subscriptionId: string | null,
): Promise<SubscriptionCardDto> {
  const subscription = await manageable(em, actor.id, subscriptionId);
  const change = subscription.scheduledChange as ScheduledChange | null;
  if (change?.action !== 'cancel') throw preconditionFailed('This subscription is not set to end.');
  const updated = await paddleApi(hub.config.paddle).removeScheduledChange(subscription.paddleId);
  await applyApiSnapshot(hub, updated, 'cancellation taken back by its holder');
  const audit = hub.orm.em.fork();
  recordAudit(audit, {
    actor,
    action: 'subscription.cancel-revoked',
    entityType: 'subscription',
    entityId: subscription.id,
    subjectUserId: actor.id,
    after: { paddleId: subscription.paddleId, scheduledChange: updated.scheduled_change ?? null },
  });
  await audit.flush();
  return subscriptionCard(hub.orm.em.fork(), hub, actor.id);
}

export interface PortalLinkDto {
  url: string;
  updatePaymentMethodUrl: string | null;
}

/** A fresh, signed-in link to Paddle's customer portal (invoices, payment methods). */
export async function portalLink(em: EntityManager, hub: Hub, userId: string): Promise<PortalLinkDto> {
  const subscriptions = await em.find(
    Subscription,
    { user: userId, customerPaddleId: { $ne: null } },
    { orderBy: { isActive: 'desc', lastEventKey: 'desc' } },
  );
  const customerId = subscriptions[0]?.customerPaddleId;
  if (!customerId) throw preconditionFailed('There is nothing to manage yet: you have no subscription.');
  const current = subscriptions.filter((s) => s.customerPaddleId === customerId && s.status !== 'canceled');
  const session = await paddleApi(hub.config.paddle).createPortalSession(
    customerId,
    current.map((s) => s.paddleId).slice(0, 25),
  );
  if (!/^https?:\/\//.test(session.overviewUrl)) {
    throw preconditionFailed('Paddle answered with a portal link the hub will not open.');
  }
  return {
    url: session.overviewUrl,
    updatePaymentMethodUrl: session.subscriptions[0]?.updatePaymentMethodUrl ?? null,
  };
}
