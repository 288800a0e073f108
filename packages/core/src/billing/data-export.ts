import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer, Subscription } from './entities.ts';

/** The person's billing records for their export: what we hold about their Paddle subscriptions. */
export async function billingDataExport(em: EntityManager, userId: string): Promise<unknown> {
  const [customers, subscriptions] = await Promise.all([
    em.find(Customer, { user: userId }, { orderBy: { createdAt: 'asc' } }),
    em.find(Subscription, { user: userId }, { populate: ['plan'], orderBy: { createdAt: 'asc' } }),
  ]);
  return {
    customers: customers.map((customer) => ({
      paddleId: customer.paddleId,
      name: customer.name ?? null,
      email: customer.email ?? null,
      createdAt: customer.createdAt,
    })),
    subscriptions: subscriptions.map((subscription) => ({
      paddleId: subscription.paddleId,
      status: subscription.status,
      plan: subscription.plan?.name ?? null,
      activeSince: subscription.activeSince ?? null,
      inactiveSince: subscription.inactiveSince ?? null,
      currentPeriodStart: subscription.currentPeriodStart ?? null,
      currentPeriodEnd: subscription.currentPeriodEnd ?? null,
      nextBilledAt: subscription.nextBilledAt ?? null,
      canceledAt: subscription.canceledAt ?? null,
      createdAt: subscription.createdAt,
    })),
  };
}
