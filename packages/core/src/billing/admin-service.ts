import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../identity/index.ts';
import { type Actor, recordAudit } from '../kernel/audit/audit.ts';
import type { Hub } from '../kernel/context.ts';
import { escapeLike } from '../kernel/db/sql.ts';
import { conflict, notFound } from '../kernel/errors.ts';
import { PaddleEvent, type PaddleEventEntity, Subscription, type SubscriptionEntity } from './entities.ts';
import { applyEntitlements } from './entitlements.ts';
import { lockKey } from './locks.ts';
import { paddleApi } from './paddle-client.ts';
import { applyApiSnapshot } from './paddle-sync.ts';
import { applyEventNow } from './paddle-webhooks.ts';
import type { PaddleEventFilter, SubscriptionListFilter } from './schemas.ts';

export interface PaddleEventDto {
  id: string;
  eventId: string;
  eventType: string;
  occurredAt: Date;
  receivedAt: Date;
  entityId: string | null;
  /** The subscription a transaction event belongs to (sub_…), for linking from the log. */
  subscriptionPaddleId: string | null;
  status: 'received' | 'applied' | 'skipped' | 'failed';
  result: string | null;
  error: string | null;
  attempts: number;
  appliedAt: Date | null;
}

export interface PaddleEventDetailDto extends PaddleEventDto {
  /** The body exactly as Paddle sent it. */
  rawBody: string;
  payload: unknown;
}

function toEventDto(event: PaddleEventEntity): PaddleEventDto {
  return {
    id: event.id,
    eventId: event.eventId,
    eventType: event.eventType,
    occurredAt: event.occurredAt,
    receivedAt: event.receivedAt,
    entityId: event.entityId ?? null,
    subscriptionPaddleId: event.subscriptionPaddleId ?? null,
    status: event.status,
    result: event.result ?? null,
    error: event.error ?? null,
    attempts: event.attempts,
    appliedAt: event.appliedAt ?? null,
  };
}

export async function listPaddleEvents(
  em: EntityManager,
  filter: PaddleEventFilter,
): Promise<{ items: PaddleEventDto[]; total: number }> {
  const where: FilterQuery<PaddleEventEntity> = {};
  if (filter.status) where.status = filter.status;
  if (filter.eventType) {
    where.eventType = filter.eventType.endsWith('.')
      ? { $like: `${escapeLike(filter.eventType)}%` }
      : filter.eventType;
  }
  if (filter.search) {
    // A subscription id also finds its transactions, which carry it as subscription_id.
    where.$or = [
      { entityId: filter.search },
      { eventId: filter.search },
      { subscriptionPaddleId: filter.search },
    ];
  }
  const [items, total] = await em.findAndCount(PaddleEvent, where, {
    orderBy: { receivedAt: 'desc', orderKey: 'desc' },
    limit: filter.limit,
    offset: filter.offset,
  });
  return { items: items.map(toEventDto), total };
}

export async function getPaddleEvent(em: EntityManager, id: string): Promise<PaddleEventDetailDto> {
  const event = await em.findOne(PaddleEvent, { id }, { populate: ['rawBody'] });
  if (!event) throw notFound('The Paddle event');
  let payload: unknown = null;
  try {
    payload = JSON.parse(event.rawBody);
  } catch {
    payload = null;
  }
  return { ...toEventDto(event), rawBody: event.rawBody, payload };
}

/** Applies a stored event again (after a fix, or a failure): safe, since applying is idempotent. */
export async function reapplyPaddleEvent(hub: Hub, actor: Actor, id: string): Promise<PaddleEventDto> {
  const em = hub.orm.em.fork();
  const event = await em.findOne(PaddleEvent, { id });
  if (!event) throw notFound('The Paddle event');
  const before = { status: event.status, result: event.result ?? null, error: event.error ?? null };
  const applied = await applyEventNow(hub, id);
  recordAudit(em, {
    actor,
    action: 'paddle-event.reapplied',
    entityType: 'paddle_event',
    entityId: event.eventId,
    before,
    after: { status: applied.status, result: applied.result ?? null, error: applied.error ?? null },
  });
  await em.flush();
  return toEventDto(applied);
}

export interface AdminSubscriptionDto {
  id: string;
  paddleId: string;
  status: string;
  isActive: boolean;
  planName: string | null;
  /** Paddle's product names of its items (subscriptions.name). */
  name: string | null;
  priceIds: string[];
  customerPaddleId: string | null;
  customer: { paddleId: string; email: string | null; name: string | null } | null;
  user: { id: string; email: string } | null;
  bindingProblem: 'missing' | 'forged' | 'unknown-user' | null;
  /** When its holder deleted their account: it belongs to no one and grants nothing. */
  accountDeletedAt: Date | null;
  /** The hub user id custom_data claims, for staff to check; it is not trusted. */
  claimedUserId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  nextBilledAt: Date | null;
  /** Paddle's scheduled_change: a cancellation or pause waiting for the end of the period. */
  scheduledChange: { action: string; effectiveAt: string | null } | null;
  canceledAt: Date | null;
  pausedAt: Date | null;
  activeSince: Date | null;
  inactiveSince: Date | null;
  graceStartedAt: Date | null;
  /** The checkout transaction (txn_…) that created it. */
  transactionId: string | null;
  lastEventAt: Date | null;
  lastEventId: string | null;
  createdAt: Date;
}

function scheduledChangeOf(value: Record<string, unknown> | null | undefined) {
  if (!value || typeof value.action !== 'string') return null;
  return {
    action: value.action,
    effectiveAt: typeof value.effective_at === 'string' ? value.effective_at : null,
  };
}

function toAdminSubscriptionDto(subscription: SubscriptionEntity): AdminSubscriptionDto {
  const claimed = subscription.customData?.hubUserId;
  return {
    id: subscription.id,
    paddleId: subscription.paddleId,
    status: subscription.status,
    isActive: subscription.isActive,
    planName: subscription.plan?.name ?? null,
    name: subscription.name ?? null,
    priceIds: [...subscription.priceIds],
    customerPaddleId: subscription.customerPaddleId ?? null,
    customer: subscription.customer
      ? {
          paddleId: subscription.customer.paddleId,
          email: subscription.customer.email ?? null,
          name: subscription.customer.name ?? null,
        }
      : null,
    user: subscription.user ? { id: subscription.user.id, email: subscription.user.email } : null,
    bindingProblem: subscription.bindingProblem ?? null,
    accountDeletedAt: subscription.accountDeletedAt ?? null,
    claimedUserId: typeof claimed === 'string' ? claimed.slice(0, 64) : null,
    currentPeriodStart: subscription.currentPeriodStart ?? null,
    currentPeriodEnd: subscription.currentPeriodEnd ?? null,
    nextBilledAt: subscription.nextBilledAt ?? null,
    scheduledChange: scheduledChangeOf(subscription.scheduledChange),
    canceledAt: subscription.canceledAt ?? null,
    pausedAt: subscription.pausedAt ?? null,
    activeSince: subscription.activeSince ?? null,
    inactiveSince: subscription.inactiveSince ?? null,
    graceStartedAt: subscription.graceStartedAt ?? null,
    transactionId: subscription.transactionId ?? null,
    lastEventAt: subscription.lastEventAt ?? null,
    lastEventId: subscription.lastEventId ?? null,
    createdAt: subscription.createdAt,
  };
}

/** Subscriptions nobody could be bound to: paid for, kept, waiting for staff. */
export async function flaggedSubscriptions(em: EntityManager): Promise<AdminSubscriptionDto[]> {
  const subscriptions = await em.find(
    Subscription,
    // Those of deleted accounts are nobody's on purpose: there is nothing for staff to bind.
    { user: null, accountDeletedAt: null },
    { populate: ['plan', 'customer'], orderBy: { createdAt: 'desc' }, limit: 500 },
  );
  return subscriptions.map(toAdminSubscriptionDto);
}

/** `%` and `_` typed by staff are searched for literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** All subscriptions, newest first: search by email or Paddle id, filter by status or binding problem. */
export async function listSubscriptions(
  em: EntityManager,
  filter: SubscriptionListFilter,
): Promise<{ items: AdminSubscriptionDto[]; total: number }> {
  const where: FilterQuery<SubscriptionEntity> = {};
  if (filter.status) where.status = filter.status;
  if (filter.flagged) where.bindingProblem = { $ne: null };
  const search = filter.search;
  if (search) {
    if (/^sub_/.test(search)) where.paddleId = search;
    else if (/^ctm_/.test(search)) where.customerPaddleId = search;
    else if (/^txn_/.test(search)) where.transactionId = search;
    else {
      where.$or = [
        { user: { email: { $ilike: likePattern(search) } } },
        { customer: { email: { $ilike: likePattern(search) } } },
      ];
    }
  }
  const [items, total] = await em.findAndCount(Subscription, where, {
    populate: ['plan', 'user', 'customer'],
    orderBy: { createdAt: 'desc', id: 'asc' },
    limit: filter.limit,
    offset: filter.offset,
  });
  return { items: items.map(toAdminSubscriptionDto), total };
}

export async function findSubscription(em: EntityManager, paddleId: string): Promise<AdminSubscriptionDto> {
  const subscription = await em.findOne(
    Subscription,
    { paddleId },
    { populate: ['plan', 'user', 'customer'] },
  );
  if (!subscription) throw notFound('The subscription');
  return toAdminSubscriptionDto(subscription);
}

/** Re-reads a subscription from the Paddle API and applies it as the newest state. */
export async function resyncSubscription(
  hub: Hub,
  actor: Actor,
  paddleId: string,
): Promise<AdminSubscriptionDto> {
  const snapshot = await paddleApi(hub.config.paddle).getSubscription(paddleId);
  const event = await applyApiSnapshot(hub, snapshot, `resynced by ${actor.email}`);
  const em = hub.orm.em.fork();
  recordAudit(em, {
    actor,
    action: 'subscription.resynced',
    entityType: 'subscription',
    entityId: paddleId,
    after: { status: snapshot.status, eventId: event.eventId, result: event.result ?? null },
  });
  await em.flush();
  return findSubscription(em, paddleId);
}

/**
 * Binds a flagged subscription to a person by hand, after staff have checked who paid. Refuses a
 * subscription already bound to someone: moving a paid plan between people is not a one-click job.
 */
export async function bindSubscription(
  hub: Hub,
  actor: Actor,
  input: { subscriptionId: string; userId: string },
): Promise<AdminSubscriptionDto> {
  return hub.orm.em.fork().transactional(async (em) => {
    const found = await em.findOne(Subscription, { id: input.subscriptionId });
    if (!found) throw notFound('The subscription');
    await lockKey(em, `paddle:${found.paddleId}`);
    const subscription = await em.findOneOrFail(
      Subscription,
      { id: input.subscriptionId },
      { populate: ['user', 'customer', 'plan'], refresh: true },
    );
    if (subscription.user) {
      throw conflict(`This subscription already belongs to ${subscription.user.email}.`, 'subscriptionId');
    }
    const user = await em.findOne(User, { id: input.userId });
    if (!user) throw notFound('The person');
    const problem = subscription.bindingProblem ?? null;
    subscription.user = user;
    subscription.bindingProblem = null;
    if (subscription.customer && !subscription.customer.user) subscription.customer.user = user;
    await em.flush();
    await applyEntitlements(em, hub, user.id);
    recordAudit(em, {
      actor,
      action: 'subscription.bound',
      entityType: 'subscription',
      entityId: subscription.paddleId,
      subjectUserId: user.id,
      before: { userId: null, bindingProblem: problem },
      after: { userId: user.id, email: user.email },
    });
    await em.flush();
    return toAdminSubscriptionDto(subscription);
  });
}
