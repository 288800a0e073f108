import { describe, expect, it } from 'vitest';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { Plan } from './entities.ts';
import { PLAN_FOR_PRICES_SQL, pickPlan, plansByRank } from './plan-for-prices.ts';

/**
 * The rule "which plan do these prices buy" has an in-memory form (a webhook batch) and a SQL
 * form (staff re-mapping every subscription of an edited plan). Both must give every price list
 * the same plan, ties and overlaps included, or a plan edit would move people a webhook would not.
 */
describe('the plan a subscription’s prices buy', () => {
  const hub = useTestHub(() => testConfig());

  it('is the same in memory and in SQL: highest sort order, then name', async () => {
    const em = hub().orm.em.fork();
    const plan = (name: string, sortOrder: number, paddlePriceIds: string[]) =>
      em.create(Plan, {
        name,
        paddlePriceIds,
        priceAmount: 100,
        mailboxQuotaBytes: 1024 ** 3,
        maxAliases: 1,
        maxAppPasswords: 1,
        maxCustomDomains: 0,
        sortOrder,
      });
    const basic = plan('Basic', 1, ['pri_a', 'pri_shared']);
    const plus = plan('Plus', 2, ['pri_b', 'pri_shared']);
    // Same rank as Plus: the name decides ("Family" before "Plus").
    const family = plan('Family', 2, ['pri_c', 'pri_b']);
    await em.flush();

    const cases: [string[], string | null][] = [
      [['pri_a'], basic.id],
      [['pri_shared'], plus.id],
      [['pri_a', 'pri_b'], family.id],
      [['pri_b'], family.id],
      [['pri_c', 'pri_a'], family.id],
      [['pri_unknown'], null],
      [[], null],
    ];
    const ranked = await plansByRank(em);
    for (const [priceIds, expected] of cases) {
      const [row] = await query<{ plan_id: string | null }>(
        em,
        sql`select ${PLAN_FOR_PRICES_SQL} as plan_id from (select ${priceIds}::text[] as price_ids) s`,
      );
      expect({
        priceIds,
        memory: pickPlan(ranked, priceIds),
        sql: row?.plan_id ?? null,
      }).toEqual({
        priceIds,
        memory: expected,
        sql: expected,
      });
    }
  });
});
