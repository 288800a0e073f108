import type { EntityManager } from '@mikro-orm/postgresql';
import { type ClientRef, isUserVisibleToClient } from '../clients/index.ts';
import { User } from '../identity/index.ts';
import type { HubConfig } from '../kernel/config.ts';
import type { Hub } from '../kernel/context.ts';
import { publishDomainEvent } from '../kernel/domain-events.ts';
import { notFound } from '../kernel/errors.ts';
import type { HubEventData } from '../kernel/events/event-payloads.ts';
import { emitEvent, type HubEventType } from '../kernel/events/outbox.ts';
import { type SubscriptionEntity, UserPlan } from './entities.ts';
import {
  decideEntitlements,
  type EntitlementDecision,
  type Entitlements,
  type MailEntitlements,
} from './entitlement-decision.ts';
import { lockKey } from './locks.ts';

/**
 * The ONE place that applies a person's plan and features: user.plan, the events client apps
 * receive, and the mailbox (mail follows the `billing.entitlements-applied` domain event). The decision itself is
 * entitlement-decision.ts, which mail reads too.
 */

export { decideEntitlements, type EntitlementDecision, type Entitlements };

export interface SubscriptionEventData extends Record<string, unknown> {
  user: { id: string };
  subscription: {
    id: string;
    status: string;
    planId: string | null;
    planName: string | null;
    currentPeriodEnd: string | null;
  } | null;
  entitlements: Entitlements;
}

function eventData(decision: EntitlementDecision): SubscriptionEventData {
  const s = decision.subscription;
  return {
    user: { id: decision.userId },
    subscription: s
      ? {
          id: s.id,
          status: s.status,
          planId: s.plan?.id ?? null,
          planName: s.plan?.name ?? null,
          currentPeriodEnd: s.currentPeriodEnd?.toISOString() ?? null,
        }
      : null,
    entitlements: decision.entitlements,
  };
}

export interface AppliedEntitlements {
  decision: EntitlementDecision;
  /** The event emitted to client apps, if anything they should know changed. */
  emitted: HubEventType | null;
}

/**
 * Applies the decision for one person: sets the plan they hold (UserPlan), emits subscription.activated / updated /
 * deactivated when something changed, and hands the mailbox its entitlements. Idempotent: a
 * second call with nothing changed emits nothing. Runs inside the caller's transaction (it takes
 * the person's lock) and does not flush; the caller commits.
 */
export async function applyEntitlements(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  userId: string,
): Promise<AppliedEntitlements> {
  await lockKey(em, `user:${userId}`);
  const user = await em.findOne(User, { id: userId });
  if (!user) return { decision: await decideEntitlements(em, hub.config, userId), emitted: null };
  const decision = await decideEntitlements(em, hub.config, userId);
  const holding = await em.findOne(UserPlan, { user: userId });
  const previousPlanId = holding?.plan.id ?? null;
  const data = eventData(decision);
  let emitted: HubEventType | null = null;

  if (decision.state === 'active') {
    if (!holding) em.create(UserPlan, { user, plan: decision.plan! });
    else if (previousPlanId !== decision.plan!.id) holding.plan = decision.plan!;
    const announced = decision.subscription!.announcedState;
    if (!previousPlanId) emitted = 'subscription.activated';
    else if (previousPlanId !== decision.plan!.id || !sameJson(announced, data)) {
      emitted = 'subscription.updated';
    }
    announce(decision.subscription!, data);
  } else {
    if (holding) em.remove(holding);
    if (previousPlanId) emitted = 'subscription.deactivated';
    if (decision.subscription) announce(decision.subscription, data);
  }
  if (emitted)
    emitEvent(em, { type: emitted, userId, data: data satisfies HubEventData['subscription.updated'] });

  // The mailbox follows in the same transaction (mail handles the event): resized, receive-only
  // or inactive per config.mail.lapsedMailbox, never deleted.
  await publishDomainEvent(em, hub.config, 'billing.entitlements-applied', { userId, mail: decision.mail });

  return { decision, emitted };
}

/** Records what was announced; an equal value is not written again (jsonb reorders keys). */
function announce(subscription: SubscriptionEntity, data: SubscriptionEventData): void {
  if (!sameJson(subscription.announcedState, data)) subscription.announcedState = data;
}

/** Compares two JSON values regardless of key order (jsonb does not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface UserEntitlementsDto {
  userId: string;
  entitlements: Entitlements;
  /** Whether the person's plan unlocks the asking client app. */
  clientAllowed: boolean;
  subscription: { status: string; currentPeriodEnd: Date | null } | null;
}

/** What a client app's server may ask: should this person be allowed in, and with what limits. */
export async function entitlementsForClient(
  em: EntityManager,
  config: HubConfig,
  client: ClientRef,
  userId: string,
): Promise<UserEntitlementsDto> {
  // Someone the app may not see and someone who does not exist get the same answer.
  const user = await em.findOne(User, { id: userId }, { fields: ['id'] });
  if (!user || !(await isUserVisibleToClient(em, client, userId))) throw notFound('The person');
  const clientId = client.id;
  const decision = await decideEntitlements(em, config, userId);
  return {
    userId,
    entitlements: decision.entitlements,
    clientAllowed: decision.entitlements.clientIds.includes(clientId),
    subscription: decision.subscription
      ? {
          status: decision.subscription.status,
          currentPeriodEnd: decision.subscription.currentPeriodEnd ?? null,
        }
      : null,
  };
}

declare module '../kernel/domain-events.ts' {
  interface DomainEvents {
    /** A person's entitlements were applied; `mail` is the mail part of the decision (null: none). */
    'billing.entitlements-applied': { userId: string; mail: MailEntitlements | null };
  }
}
