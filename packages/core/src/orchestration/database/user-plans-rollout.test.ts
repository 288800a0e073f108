import { describe, expect, it } from 'vitest';
import { heldPlanOf, Plan, UserPlan } from '../../billing/index.ts';
import { User } from '../../identity/index.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';

/**
 * While the user_plans release rolls out, processes of the previous release still read and write
 * users.plan_id. The migration's triggers keep both shapes equal whichever release writes.
 */
describe('the plan a person holds, during the user_plans rollout', () => {
  const hub = useTestHub(() => testConfig());

  async function setup() {
    const em = hub().orm.em.fork();
    const basic = em.create(Plan, { name: `Basic ${crypto.randomUUID()}` });
    const plus = em.create(Plan, { name: `Plus ${crypto.randomUUID()}` });
    const id = crypto.randomUUID().slice(0, 8);
    const user = em.create(User, { email: `rollout-${id}@example.test`, username: `rollout-${id}` });
    await em.flush();
    return { em, basic, plus, user };
  }

  const legacyPlanOf = async (userId: string) =>
    (
      await hub()
        .orm.em.fork()
        .execute<{ plan_id: string | null }[]>('select plan_id from users where id = ?', [userId])
    )[0]?.plan_id ?? null;

  it('a plan this release sets, changes and removes shows in users.plan_id for the previous release', async () => {
    const { em, basic, plus, user } = await setup();
    const holding = em.create(UserPlan, { user, plan: basic });
    await em.flush();
    expect(await legacyPlanOf(user.id)).toBe(basic.id);
    holding.plan = plus;
    await em.flush();
    expect(await legacyPlanOf(user.id)).toBe(plus.id);
    em.remove(holding);
    await em.flush();
    expect(await legacyPlanOf(user.id)).toBeNull();
  });

  it('a plan the previous release writes to users.plan_id is the plan this release reads', async () => {
    const { basic, plus, user } = await setup();
    const legacy = (planId: string | null) =>
      hub().orm.em.fork().execute('update users set plan_id = ? where id = ?', [planId, user.id]);
    await legacy(basic.id);
    expect((await heldPlanOf(hub().orm.em.fork(), user.id))?.id).toBe(basic.id);
    await legacy(plus.id);
    expect((await heldPlanOf(hub().orm.em.fork(), user.id))?.id).toBe(plus.id);
    await legacy(null);
    expect(await heldPlanOf(hub().orm.em.fork(), user.id)).toBeNull();
  });

  it('a deleted plan leaves neither shape pointing at it', async () => {
    const { em, basic, user } = await setup();
    em.create(UserPlan, { user, plan: basic });
    await em.flush();
    await hub().orm.em.fork().execute('delete from plans where id = ?', [basic.id]);
    expect(await heldPlanOf(hub().orm.em.fork(), user.id)).toBeNull();
    expect(await legacyPlanOf(user.id)).toBeNull();
  });
});
