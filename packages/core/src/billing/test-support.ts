import type { EntityManager } from '@mikro-orm/postgresql';
import { User, type UserEntity } from '../identity/entities.ts';
import type { Hub } from '../kernel/context.ts';
import { Plan, type PlanEntity } from './entities.ts';
import { type PaddleNotification, paddleId, subscriptionNotification } from './event-builder.ts';
import { paddleEnvelopeSchema } from './paddle-events.ts';
import { processPaddleEvents, storePaddleEvent } from './paddle-webhooks.ts';

/** Shared by billing's tests: stores notifications as the webhook would, then applies them. */
export async function deliver(hub: Hub, ...notifications: PaddleNotification[]): Promise<void> {
  for (const notification of notifications) {
    const body = JSON.stringify(notification);
    await storePaddleEvent(hub.orm.em.fork(), paddleEnvelopeSchema.parse(notification), body);
  }
  while ((await processPaddleEvents(hub, 500)) > 0) {}
}

type SubscriptionOptions = Parameters<typeof subscriptionNotification>[0];

/** A paid subscription as Paddle announces it: "subscription.created", active, a new customer unless given. */
export function subscriptionCreated(
  options: Omit<SubscriptionOptions, 'eventType' | 'status' | 'customerId'> & { customerId?: string },
): PaddleNotification {
  return subscriptionNotification({
    ...options,
    eventType: 'subscription.created',
    status: 'active',
    customerId: options.customerId ?? paddleId('ctm'),
  });
}

let counter = 0;

export async function makeUser(em: EntityManager, name = 'person'): Promise<UserEntity> {
  counter += 1;
  const username = `${name}${counter}${Date.now().toString(36)}`.toLowerCase();
  const user = em.create(User, { email: `${username}@example.test`, username });
  await em.flush();
  return user;
}

export async function makePlans(em: EntityManager): Promise<{ basic: PlanEntity; plus: PlanEntity }> {
  const suffix = `${++counter}${Date.now().toString(36)}`;
  const basic = em.create(Plan, {
    name: `Basic ${suffix}`,
    paddlePriceIds: [`pri_basic_${suffix}`],
    priceAmount: 300,
    mailboxQuotaBytes: 5 * 1024 ** 3,
    maxAliases: 5,
    maxAppPasswords: 5,
    maxCustomDomains: 0,
    sortOrder: 1,
  });
  const plus = em.create(Plan, {
    name: `Plus ${suffix}`,
    paddlePriceIds: [`pri_plus_${suffix}`, `pri_plusyear_${suffix}`],
    priceAmount: 900,
    mailboxQuotaBytes: 50 * 1024 ** 3,
    maxAliases: 50,
    maxAppPasswords: 20,
    maxCustomDomains: 3,
    sortOrder: 2,
  });
  await em.flush();
  return { basic, plus };
}
