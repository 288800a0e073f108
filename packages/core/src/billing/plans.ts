import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from '../clients/index.ts';
import { type Actor, recordAudit, snapshot } from '../kernel/audit/audit.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { badInput, conflict, HubError, isUniqueViolation, notFound } from '../kernel/errors.ts';
import { Plan, type PlanEntity, Subscription, UserPlan } from './entities.ts';
import { queuePlanRefresh } from './plan-refresh.ts';
import type { PlanInput, PlanTranslations, PlanUpdateInput } from './schemas.ts';

export interface PublicPlanDto {
  id: string;
  name: string;
  description: string | null;
  /** Name and description in other languages (the dashboard falls back to the English ones). */
  translations: PlanTranslations;
  priceAmount: number;
  currency: string;
  billingInterval: 'month' | 'year';
  /** The price the checkout sells (the first of the plan's Paddle prices). */
  checkoutPriceId: string | null;
  mailboxQuotaBytes: number;
  maxAliases: number;
  maxAppPasswords: number;
  maxCustomDomains: number;
  clients: { id: string; name: string }[];
}

export interface PlanDto extends PublicPlanDto {
  paddlePriceIds: string[];
  isActive: boolean;
  sortOrder: number;
  subscriberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toPublicPlanDto(plan: PlanEntity): PublicPlanDto {
  return {
    id: plan.id,
    name: plan.name,
    description: plan.description ?? null,
    translations: plan.translations ?? {},
    priceAmount: plan.priceAmount,
    currency: plan.currency,
    billingInterval: plan.billingInterval,
    checkoutPriceId: plan.paddlePriceIds[0] ?? null,
    mailboxQuotaBytes: plan.mailboxQuotaBytes,
    maxAliases: plan.maxAliases,
    maxAppPasswords: plan.maxAppPasswords,
    maxCustomDomains: plan.maxCustomDomains,
    clients: plan.clients.isInitialized()
      ? plan.clients
          .getItems()
          .map((client) => ({ id: client.id, name: client.name }))
          .sort((a, b) => a.name.localeCompare(b.name))
      : [],
  };
}

const AUDITED = [
  'name',
  'description',
  'translations',
  'paddlePriceIds',
  'priceAmount',
  'currency',
  'billingInterval',
  'mailboxQuotaBytes',
  'maxAliases',
  'maxAppPasswords',
  'maxCustomDomains',
  'isActive',
  'sortOrder',
] as const;

/** Plans people can buy, cheapest first by their order. */
export async function listPublicPlans(em: EntityManager): Promise<PublicPlanDto[]> {
  const plans = await em.find(
    Plan,
    { isActive: true },
    { populate: ['clients'], orderBy: { sortOrder: 'asc', name: 'asc' } },
  );
  return plans.map(toPublicPlanDto);
}

export async function listAllPlans(em: EntityManager): Promise<PlanDto[]> {
  const plans = await em.find(
    Plan,
    {},
    { populate: ['clients'], orderBy: { sortOrder: 'asc', name: 'asc' } },
  );
  const counts = await subscriberCounts(em);
  return plans.map((plan) => toPlanDto(plan, counts.get(plan.id) ?? 0));
}

function toPlanDto(plan: PlanEntity, subscriberCount: number): PlanDto {
  return {
    ...toPublicPlanDto(plan),
    paddlePriceIds: [...plan.paddlePriceIds],
    isActive: plan.isActive,
    sortOrder: plan.sortOrder,
    subscriberCount,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  };
}

async function subscriberCounts(em: EntityManager): Promise<Map<string, number>> {
  const rows = await query<{ plan_id: string; count: string }>(
    em,
    sql`select plan_id, count(*) as count from user_plans group by plan_id`,
  );
  return new Map(rows.map((row) => [row.plan_id, Number(row.count)]));
}

/** A price id may buy only one plan, or a payment could not say which plan it bought. */
async function checkPricesFree(em: EntityManager, priceIds: string[], exceptPlanId: string | null) {
  if (priceIds.length === 0) return;
  const clashing = await em.find(Plan, { paddlePriceIds: { $overlap: priceIds } });
  const other = clashing.find((plan) => plan.id !== exceptPlanId);
  if (other) {
    const shared = priceIds.filter((id) => other.paddlePriceIds.includes(id));
    throw conflict(`${shared.join(', ')} already buys the plan "${other.name}".`, 'paddlePriceIds');
  }
}

async function loadClients(em: EntityManager, clientIds: string[]) {
  const clients = clientIds.length ? await em.find(Client, { id: { $in: clientIds } }) : [];
  if (clients.length !== new Set(clientIds).size) {
    throw badInput('One of the chosen client apps does not exist.', 'clientIds');
  }
  return clients;
}

/**
 * What a holder's entitlements (and the subscription.* events their apps receive) follow from;
 * `isActive` is not among them: retiring a plan stops its sale, its holders keep it.
 */
const ENTITLEMENT_FIELDS = [
  'name',
  'paddlePriceIds',
  'mailboxQuotaBytes',
  'maxAliases',
  'maxAppPasswords',
  'maxCustomDomains',
  'sortOrder',
] as const;

const entitlementInputs = (plan: PlanEntity) =>
  JSON.stringify({
    ...snapshot(plan, ENTITLEMENT_FIELDS),
    clientIds: plan.clients
      .getItems()
      .map((c) => c.id)
      .sort(),
  });

/**
 * Creates a plan. Its prices may already be paid for (a subscription that arrived before staff
 * added the plan): those subscriptions are mapped to it and their people's entitlements queued.
 */
export async function createPlan(em: EntityManager, actor: Actor, input: PlanInput): Promise<PlanDto> {
  return em.transactional(async (tx) => {
    await checkPricesFree(tx, input.paddlePriceIds, null);
    const clients = await loadClients(tx, input.clientIds);
    const { clientIds: _clientIds, ...fields } = input;
    const plan = tx.create(Plan, fields);
    plan.clients.set(clients);
    recordAudit(tx, {
      actor,
      action: 'plan.created',
      entityType: 'plan',
      entityId: plan.id,
      after: { ...snapshot(plan, AUDITED), clientIds: input.clientIds },
    });
    await flushUnique(tx, input.name);
    if (plan.paddlePriceIds.length > 0) {
      await queuePlanRefresh(tx, plan.id, plan.paddlePriceIds, `plan "${plan.name}" created`);
    }
    return toPlanDto(plan, 0);
  });
}

/**
 * Changes a plan. When anything its holders' entitlements follow from changed, the change and the
 * work to carry it to every holder commit together: subscriptions whose prices moved to or from
 * the plan are re-mapped and every holder is queued for the entitlement-refresh job (quota and
 * limits in the directory, subscription.updated to their apps). Callers kick that job after commit.
 */
export async function updatePlan(em: EntityManager, actor: Actor, input: PlanUpdateInput): Promise<PlanDto> {
  return em.transactional(async (tx) => {
    const plan = await tx.findOne(Plan, { id: input.id }, { populate: ['clients'] });
    if (!plan) throw notFound('The plan');
    const before = { ...snapshot(plan, AUDITED), clientIds: plan.clients.getItems().map((c) => c.id) };
    const inputsBefore = entitlementInputs(plan);
    const pricesBefore = [...plan.paddlePriceIds];
    if (input.paddlePriceIds) await checkPricesFree(tx, input.paddlePriceIds, plan.id);
    const { id: _id, clientIds, ...fields } = input;
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) (plan as Record<string, unknown>)[key] = value;
    }
    if (clientIds) plan.clients.set(await loadClients(tx, clientIds));
    recordAudit(tx, {
      actor,
      action: 'plan.updated',
      entityType: 'plan',
      entityId: plan.id,
      before,
      after: { ...snapshot(plan, AUDITED), clientIds: plan.clients.getItems().map((c) => c.id) },
    });
    await flushUnique(tx, plan.name);
    if (entitlementInputs(plan) !== inputsBefore) {
      await queuePlanRefresh(
        tx,
        plan.id,
        [...pricesBefore, ...plan.paddlePriceIds],
        `plan "${plan.name}" changed`,
      );
    }
    const counts = await subscriberCounts(tx);
    return toPlanDto(plan, counts.get(plan.id) ?? 0);
  });
}

/**
 * Deletes a plan nobody holds or ever subscribed to. A plan with subscribers is retired instead
 * (isActive false), so nobody loses features because a plan was tidied away.
 */
export async function deletePlan(em: EntityManager, actor: Actor, id: string): Promise<void> {
  const plan = await em.findOne(Plan, { id });
  if (!plan) throw notFound('The plan');
  const holders = await em.count(UserPlan, { plan: id });
  const subscriptions = await em.count(Subscription, { plan: id });
  if (holders > 0 || subscriptions > 0) {
    throw new HubError(
      'CONFLICT',
      `"${plan.name}" is held by ${holders} people and ${subscriptions} subscriptions; retire it (not active) instead of deleting it.`,
    );
  }
  recordAudit(em, {
    actor,
    action: 'plan.deleted',
    entityType: 'plan',
    entityId: plan.id,
    before: snapshot(plan, AUDITED),
  });
  em.remove(plan);
  await em.flush();
}

async function flushUnique(em: EntityManager, name: string) {
  try {
    await em.flush();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`A plan named "${name}" already exists.`, 'name');
    throw error;
  }
}

/** The plan a person holds now (the last entitlement decision applied to them), or null. */
export async function heldPlanOf(em: EntityManager, userId: string): Promise<PlanEntity | null> {
  const holding = await em.findOne(UserPlan, { user: userId }, { populate: ['plan', 'plan.clients'] });
  return (holding?.plan as PlanEntity | undefined) ?? null;
}
