import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hub } from '../kernel/context.ts';
import { Subscription } from './entities.ts';
import { paddleApi } from './paddle-client.ts';
import { applyApiSnapshot } from './paddle-sync.ts';

/** What deleting the account does to one of the person's subscriptions, said before they confirm. */
export interface SubscriptionAtDeletionDto {
  planName: string | null;
  status: string;
  /**
   * renewing: cancelled at Paddle now, effective at the end of the paid period (`endsAt`), so
   * nothing is charged again; ending: already set to end at `endsAt`; the hub leaves it.
   */
  outcome: 'renewing' | 'ending';
  /** When Paddle stops the subscription: the end of the period already paid for. */
  endsAt: Date | null;
}

interface ScheduledChange {
  action?: string;
  effective_at?: string;
}

/** The person's subscriptions that have not ended, and what deletion does to each. */
export async function subscriptionsAtDeletion(
  em: EntityManager,
  userId: string,
): Promise<SubscriptionAtDeletionDto[]> {
  const subscriptions = await em.find(
    Subscription,
    { user: userId, status: { $ne: 'canceled' } },
    { populate: ['plan'], orderBy: { paddleId: 'asc' } },
  );
  return subscriptions.map((subscription) => {
    const change = subscription.scheduledChange as ScheduledChange | null;
    const ending = change?.action === 'cancel';
    const endsAt = ending && change?.effective_at ? new Date(change.effective_at) : null;
    return {
      planName: subscription.plan?.name ?? null,
      status: subscription.status,
      outcome: ending ? 'ending' : 'renewing',
      endsAt: endsAt ?? subscription.currentPeriodEnd ?? subscription.nextBilledAt ?? null,
    };
  });
}

/**
 * Inside the deletion's transaction, before the person's row goes (and with it the link): marks
 * their subscriptions as belonging to a deleted account. Staff then see them as such, and a later
 * Paddle notification that still names the person is not flagged as a binding problem.
 */
export async function markSubscriptionsOfDeletedAccount(em: EntityManager, userId: string): Promise<void> {
  const subscriptions = await em.find(Subscription, { user: userId });
  const now = new Date();
  for (const subscription of subscriptions) {
    subscription.accountDeletedAt = now;
    subscription.bindingProblem = null;
  }
  await em.flush();
}

/**
 * For account deletion: every subscription of the person that would renew is cancelled at the
 * end of its period through the Paddle API (they paid for it; nothing is refunded here, and
 * Paddle charges nothing again). Paddle's answer is applied at once, through the same path as a
 * webhook (`applyApiSnapshot`), so the hub's copy says so before the account goes. Runs before
 * the deletion's transaction. Throws a HubError (UNAVAILABLE and the like) when Paddle refuses or
 * cannot be reached, so deletion stops and can be retried rather than leave a subscription
 * billing someone who is gone.
 */
export async function cancelForAccountDeletion(
  em: EntityManager,
  hub: Hub,
  userId: string,
): Promise<{ canceled: string[] }> {
  const subscriptions = await em.find(
    Subscription,
    { user: userId, status: { $ne: 'canceled' } },
    { orderBy: { paddleId: 'asc' } },
  );
  const api = paddleApi(hub.config.paddle);
  const canceled: string[] = [];
  for (const subscription of subscriptions) {
    const change = subscription.scheduledChange as { action?: string } | null;
    if (change?.action === 'cancel') continue;
    const updated = await api.cancelSubscription(subscription.paddleId, 'next_billing_period');
    await applyApiSnapshot(hub, updated, 'canceled at period end: its holder deleted their account');
    canceled.push(subscription.paddleId);
  }
  return { canceled };
}
