import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';

/**
 * Which plan a subscription's Paddle prices buy: the highest-ranked plan (sort order, then name)
 * selling any of them. One rule in two forms that plan-for-prices.test.ts holds to the same
 * answers: `pickPlan` over the plans read in rank order (a webhook batch, or one person's re-map,
 * reads them once), and PLAN_FOR_PRICES_SQL, set-based, for re-mapping every subscription when
 * staff edit a plan.
 */

export interface RankedPlan {
  id: string;
  paddle_price_ids: string[];
}

/** Every plan, highest rank first: the order `pickPlan` expects. */
export function plansByRank(em: EntityManager): Promise<RankedPlan[]> {
  return query<RankedPlan>(
    em,
    sql`select id, paddle_price_ids from plans order by sort_order desc, name asc`,
  );
}

/** The first plan of `plans` (in rank order) selling any of the prices; null for none. */
export function pickPlan(plans: readonly RankedPlan[], priceIds: readonly string[]): string | null {
  if (priceIds.length === 0) return null;
  return plans.find((plan) => plan.paddle_price_ids.some((id) => priceIds.includes(id)))?.id ?? null;
}

/** The plan of subscription `s` (a `subscriptions s` row in the enclosing statement), in SQL. */
export const PLAN_FOR_PRICES_SQL = sql`(select p.id from plans p where p.paddle_price_ids && s.price_ids
  order by p.sort_order desc, p.name asc limit 1)`;
