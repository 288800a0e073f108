import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../kernel/config.ts';
import type { SubscriptionEventEntitlements } from '../kernel/events/event-payloads.ts';
import { type PlanEntity, Subscription, type SubscriptionEntity } from './entities.ts';

/**
 * The ONE decision of what a person is entitled to, from their subscriptions alone. Billing
 * applies it (entitlements.ts applyEntitlements); mail reads it (mailEntitlementsOf) for every
 * limit it checks. Mail sits above billing: it reads this decision, and follows its changes
 * through the `billing.entitlements-applied` domain event (entitlements.ts).
 *
 * A plan's `isActive` is not part of the decision: retiring a plan means it is no longer sold,
 * and the people who hold it keep everything it gives.
 */

/**
 * What a person's plan allows in mail (client apps see it as the mailbox fields of `entitlements`,
 * CONTRACTS.md); billing decides it, mail applies it.
 */
export interface MailEntitlements {
  quotaBytes: number;
  maxAliases: number;
  maxAppPasswords: number;
  maxCustomDomains: number;
  mailbox: 'active' | 'receive-only' | 'inactive';
}

/**
 * What a client app should allow the person: the contract's `entitlements` of subscription.*
 * events, which `entitlements.forUser` answers with too, so the two cannot drift.
 */
export type Entitlements = SubscriptionEventEntitlements;

export interface EntitlementDecision {
  userId: string;
  state: 'active' | 'lapsed' | 'none';
  /** The plan in force (active), or the plan that lapsed. */
  plan: PlanEntity | null;
  /** The subscription that grants the plan, or the one that lapsed most recently. */
  subscription: SubscriptionEntity | null;
  entitlements: Entitlements;
  /** The value for applyMailEntitlements: null means no plan with mail, now or before. */
  mail: MailEntitlements | null;
}

const NOTHING: Omit<Entitlements, 'mailbox'> = {
  active: false,
  planId: null,
  planName: null,
  mailboxQuotaBytes: 0,
  maxAliases: 0,
  maxAppPasswords: 0,
  maxCustomDomains: 0,
  clientIds: [],
};

/** The plan with the highest rank wins when someone holds several active subscriptions. */
function byRank(a: SubscriptionEntity, b: SubscriptionEntity): number {
  const rank = (s: SubscriptionEntity) => s.plan?.sortOrder ?? -1;
  return rank(b) - rank(a) || a.paddleId.localeCompare(b.paddleId);
}

/** A plan without mailbox storage includes no mailbox. */
const includesMail = (plan: PlanEntity) => plan.mailboxQuotaBytes > 0;

export async function decideEntitlements(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<EntitlementDecision> {
  const subscriptions = await em.find(
    Subscription,
    { user: userId },
    // One query with the plans and their apps joined: this runs for every applied Paddle event.
    { populate: ['plan', 'plan.clients'], orderBy: { paddleId: 'asc' }, strategy: 'joined' },
  );
  const governing = subscriptions.filter((s) => s.isActive && s.plan).sort(byRank)[0] ?? null;
  if (governing?.plan) {
    const plan = governing.plan;
    const mail = includesMail(plan);
    return {
      userId,
      state: 'active',
      plan,
      subscription: governing,
      entitlements: {
        active: true,
        planId: plan.id,
        planName: plan.name,
        mailbox: mail ? 'active' : 'none',
        mailboxQuotaBytes: plan.mailboxQuotaBytes,
        maxAliases: plan.maxAliases,
        maxAppPasswords: plan.maxAppPasswords,
        maxCustomDomains: plan.maxCustomDomains,
        clientIds: plan.clients
          .getItems()
          .map((client) => client.id)
          .sort(),
      },
      mail: mail
        ? {
            quotaBytes: plan.mailboxQuotaBytes,
            maxAliases: plan.maxAliases,
            maxAppPasswords: plan.maxAppPasswords,
            maxCustomDomains: plan.maxCustomDomains,
            mailbox: 'active',
          }
        : null,
    };
  }
  const lapsed =
    subscriptions
      .filter((s) => s.plan)
      .sort(
        (a, b) =>
          (b.inactiveSince?.getTime() ?? 0) - (a.inactiveSince?.getTime() ?? 0) ||
          a.paddleId.localeCompare(b.paddleId),
      )[0] ?? null;
  if (lapsed?.plan) {
    // Nothing is deleted: the mailbox keeps its size and contents, only its use is limited.
    const mail = includesMail(lapsed.plan);
    const mailbox = config.mail.lapsedMailbox;
    return {
      userId,
      state: 'lapsed',
      plan: lapsed.plan,
      subscription: lapsed,
      entitlements: { ...NOTHING, mailbox: mail ? mailbox : 'none' },
      mail: mail
        ? {
            quotaBytes: lapsed.plan.mailboxQuotaBytes,
            maxAliases: lapsed.plan.maxAliases,
            maxAppPasswords: lapsed.plan.maxAppPasswords,
            maxCustomDomains: lapsed.plan.maxCustomDomains,
            mailbox,
          }
        : null,
    };
  }
  return {
    userId,
    state: 'none',
    plan: null,
    subscription: null,
    entitlements: { ...NOTHING, mailbox: 'none' },
    mail: null,
  };
}
