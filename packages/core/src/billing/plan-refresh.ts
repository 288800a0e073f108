import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hub } from '../kernel/context.ts';
import { command, query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { Plan, Subscription } from './entities.ts';
import { applyEntitlements } from './entitlements.ts';
import { lockKey } from './locks.ts';
import { PLAN_FOR_PRICES_SQL, pickPlan, plansByRank } from './plan-for-prices.ts';

/**
 * When staff change a plan, the people who hold it must follow: their directory quota and limits,
 * the subscription.updated their apps receive, and which plan a subscription's prices buy. A plan
 * can have any number of holders, so the edit only re-maps subscriptions and queues the people
 * (set-based, a fixed number of statements, in the edit's transaction); the
 * `billing-entitlement-refresh` job applies their entitlements in batches, each person in their
 * own transaction, and the API process kicks it right after the edit commits.
 */

/**
 * Runs inside the transaction that changed the plan, after its flush. `priceIds` are the plan's
 * Paddle prices before and after the change: a subscription that moved away from the plan, or to
 * it, is re-mapped here and its person queued. Returns how many people were queued.
 */
export async function queuePlanRefresh(
  em: EntityManager,
  planId: string,
  priceIds: string[],
  reason: string,
): Promise<number> {
  // A text[] parameter: the driver binds a JavaScript array as a PostgreSQL array.
  const prices = sql`${[...new Set(priceIds)]}::text[]`;
  await command(
    em,
    sql`with mapped as (
       select s.id, ${PLAN_FOR_PRICES_SQL} as plan_id from subscriptions s
        where s.plan_id = ${planId} or s.price_ids && ${prices}
     )
     update subscriptions set plan_id = mapped.plan_id, updated_at = now()
       from mapped where subscriptions.id = mapped.id and subscriptions.plan_id is distinct from mapped.plan_id`,
  );
  const [row] = await query<{ count: string }>(
    em,
    sql`with queued as (
       insert into entitlement_refreshes (id, created_at, updated_at, user_id, reason, attempts, retry_at)
       select gen_random_uuid(), now(), now(), holders.user_id, ${reason.slice(0, 255)}, 0, now() from (
         select user_id from subscriptions
          where user_id is not null and (plan_id = ${planId} or price_ids && ${prices})
         union
         select user_id from user_plans where plan_id = ${planId}
       ) holders
       returning 1
     )
     select count(*) as count from queued`,
  );
  return Number(row?.count ?? 0);
}

/**
 * Re-derives the plan of each of the person's subscriptions under its Paddle lock (the webhook's
 * lock, taken before the person's, as everywhere), so an event applied while the plan changed
 * cannot leave a stale mapping behind.
 */
async function remapSubscriptionsOf(em: EntityManager, userId: string): Promise<void> {
  const rows = await query<{ paddle_id: string }>(
    em,
    sql`select paddle_id from subscriptions where user_id = ${userId} order by paddle_id`,
  );
  for (const row of rows) await lockKey(em, `paddle:${row.paddle_id}`);
  const subscriptions = await em.find(Subscription, { user: userId }, { refresh: true });
  const ranked = await plansByRank(em);
  for (const subscription of subscriptions) {
    const planId = pickPlan(ranked, subscription.priceIds);
    if ((subscription.plan?.id ?? null) !== planId) {
      subscription.plan = planId ? em.getReference(Plan, planId) : null;
    }
  }
  await em.flush();
}

/**
 * Applies the queued people's entitlements, up to `batch` people, oldest request first. Each person
 * is claimed (FOR UPDATE SKIP LOCKED, so workers share the queue) and applied in their own
 * transaction; only the rows claimed are removed, so a request that commits meanwhile is applied
 * again. A failure backs off (one more minute per attempt, at most an hour) and never blocks others.
 */
export async function applyQueuedEntitlements(hub: Hub, batch = 100): Promise<number> {
  const due = await query<{ user_id: string }>(
    hub.orm.em.fork(),
    sql`select user_id from entitlement_refreshes where retry_at <= now()
        group by user_id order by min(created_at) limit ${batch}`,
  );
  let handled = 0;
  for (const { user_id: userId } of due) {
    try {
      const done = await hub.orm.em.fork().transactional(async (em) => {
        const claimed = await query<{ id: string }>(
          em,
          sql`select id from entitlement_refreshes where user_id = ${userId} and retry_at <= now() for update skip locked`,
        );
        if (claimed.length === 0) return false;
        await remapSubscriptionsOf(em, userId);
        await applyEntitlements(em, hub, userId);
        await em.flush();
        await command(
          em,
          sql`delete from entitlement_refreshes where id in (${sql.join(claimed.map((row) => row.id))})`,
        );
        return true;
      });
      if (done) handled += 1;
    } catch (error) {
      hub.log.error({ err: error, userId }, 'applying queued entitlements failed');
      const message = error instanceof Error ? error.message : String(error);
      await command(
        hub.orm.em.fork(),
        sql`update entitlement_refreshes set attempts = attempts + 1, last_error = ${message.slice(0, 2000)},
           updated_at = now(), retry_at = now() + least(attempts + 1, 60) * interval '1 minute'
         where user_id = ${userId} and retry_at <= now()`,
      );
      handled += 1;
    }
  }
  return handled;
}

const running = new WeakMap<Hub, Promise<void>>();

/**
 * Applies what a plan edit just queued, in this process, after the response went out, so a
 * holder's quota follows within moments; kicks coalesce and the job loop picks up anything left.
 */
export function kickEntitlementRefreshes(hub: Hub): Promise<void> {
  const previous = running.get(hub) ?? Promise.resolve();
  const next = previous
    .then(() => applyQueuedEntitlements(hub))
    .then(
      () => {},
      (error) => hub.log.error({ err: error }, 'applying queued entitlements failed'),
    );
  running.set(hub, next);
  return next;
}

/** Resolves once every kick so far has finished (tests and shutdown). */
export function settledEntitlementRefreshes(hub: Hub): Promise<void> {
  return running.get(hub) ?? Promise.resolve();
}
