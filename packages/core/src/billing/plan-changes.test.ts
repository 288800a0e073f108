import { describe, expect, it } from 'vitest';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { DirectoryAccount, DirectoryAppPassword, DirectoryEmail, Mailbox } from '../mail/entities.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { callerFor, createPerson } from '../testing/role-callers.ts';
import { signCustomData } from './binding.ts';
import { EntitlementRefresh, Subscription } from './entities.ts';
import type { SubscriptionEventData } from './entitlements.ts';
import { paddleId, subscriptionNotification } from './event-builder.ts';
import { entitlementRefreshJob } from './jobs.ts';
import { settledEntitlementRefreshes } from './plan-refresh.ts';
import { heldPlanOf, updatePlan } from './plans.ts';
import { deliver, makePlans } from './test-support.ts';

const GIB = 1024 ** 3;

/**
 * Plan changes reach the people who hold the plan, both ways: Paddle moving a subscription to
 * another plan, and staff editing or retiring the plan itself. Everything goes through the
 * procedures people and staff use, and ends in the directory rows Stalwart reads.
 */
describe('plan changes and the mailboxes of their holders', () => {
  const hub = useTestHub(() =>
    testConfig({ paddle: { graceDays: 7 }, mail: { lapsedMailbox: 'receive-only' } }),
  );

  async function world() {
    const em = hub().orm.em.fork();
    const plans = await makePlans(em);
    const staff = await createPerson(hub(), { isStaff: true });
    return { plans, staff: callerFor(hub(), staff.token).call };
  }

  /** A person who paid through Paddle (the signed checkout) and then chose their address. */
  async function subscriber(priceIds: string[], localPart: string) {
    const person = await createPerson(hub());
    const call = callerFor(hub(), person.token).call;
    const subscriptionId = paddleId('sub');
    const customerId = paddleId('ctm');
    let clock = Date.now() - 3_600_000;
    const event = (eventType: string, prices: string[]) => {
      clock += 1000;
      return subscriptionNotification({
        eventType,
        subscriptionId,
        customerId,
        status: 'active',
        priceIds: prices,
        customData: signCustomData(hub().config, person.user.id),
        occurredAt: new Date(clock),
      });
    };
    await deliver(hub(), event('subscription.created', priceIds));
    const chosen = await call.mail.chooseAddress({ localPart });
    return { user: person.user, call, event, address: chosen.address, subscriptionId };
  }

  const directoryRow = async (name: string) => {
    const account = await hub().orm.em.fork().findOneOrFail(DirectoryAccount, { name });
    return { quota: account.quota, active: account.active, loginAllowed: account.loginAllowed };
  };
  const mailboxState = async (userId: string) =>
    (await hub().orm.em.fork().findOneOrFail(Mailbox, { user: userId })).state;
  const announcements = async (userId: string) =>
    (
      await hub()
        .orm.em.fork()
        .find(OutboxEvent, { userId }, { orderBy: { sequence: 'asc' } })
    )
      .filter((row) => row.type.startsWith('subscription.'))
      .map((row) => ({
        type: row.type,
        entitlements: (row.payload as { data: SubscriptionEventData }).data.entitlements,
      }));
  const userPlanName = async (userId: string) =>
    (await heldPlanOf(hub().orm.em.fork(), userId))?.name ?? null;

  it('a retired plan keeps serving its holders: aliases, staff repair, quota, reactivation', async () => {
    const { plans, staff } = await world();
    const holder = await subscriber(plans.basic.paddlePriceIds, 'retiree');
    const announced = (await announcements(holder.user.id)).length;

    await staff.billingAdmin.updatePlan({ id: plans.basic.id, isActive: false });
    await settledEntitlementRefreshes(hub());
    expect((await staff.plans.list()).map((plan) => plan.id)).not.toContain(plans.basic.id);

    // Retiring stops the sale, nothing else: the holder still adds an alias and an app password.
    await holder.call.mail.addAlias({ localPart: 'retiree.extra', domain: 'mail.test' });
    await holder.call.mail.createAppPassword({ label: 'Phone' });
    expect((await holder.call.mail.overview()).entitlements).toMatchObject({
      mailbox: 'active',
      maxAliases: plans.basic.maxAliases,
    });

    // Staff actions rebuild the rows from the same decision, so the mailbox stays on.
    const repair = await staff.mailAdmin.repairMailbox({ userId: holder.user.id });
    expect(repair.problems).toEqual([]);
    expect(await mailboxState(holder.user.id)).toBe('active');
    await staff.mailAdmin.setQuota({ name: holder.address, quotaBytes: 9 * GIB });
    await staff.mailAdmin.setQuota({ name: holder.address, quotaBytes: null });
    await staff.mailAdmin.setActive({ name: holder.address, active: false });
    expect(await directoryRow(holder.address)).toMatchObject({ active: false });
    await staff.mailAdmin.setActive({ name: holder.address, active: true });
    expect(await directoryRow(holder.address)).toEqual({
      quota: plans.basic.mailboxQuotaBytes,
      active: true,
      loginAllowed: true,
    });
    expect(await mailboxState(holder.user.id)).toBe('active');

    // Retiring announced nothing; the next Paddle event (a renewal) agrees with staff: nothing flips.
    expect((await announcements(holder.user.id)).length).toBe(announced);
    await deliver(hub(), holder.event('subscription.updated', plans.basic.paddlePriceIds));
    expect(await mailboxState(holder.user.id)).toBe('active');
    expect(await userPlanName(holder.user.id)).toBe(plans.basic.name);
    expect((await announcements(holder.user.id)).map((e) => [e.type, e.entitlements.mailbox])).toEqual([
      ['subscription.activated', 'active'],
      ['subscription.updated', 'active'],
    ]);
  });

  it('a staff edit of a plan reaches every holder: quota in the directory and subscription.updated', async () => {
    const { plans, staff } = await world();
    const holder = await subscriber(plans.basic.paddlePriceIds, 'holder');
    const overridden = await subscriber(plans.basic.paddlePriceIds, 'overridden');
    await staff.mailAdmin.setQuota({ name: overridden.address, quotaBytes: 1 * GIB });
    const other = await subscriber(plans.plus.paddlePriceIds, 'otherplan');
    expect(await directoryRow(holder.address)).toMatchObject({ quota: 5 * GIB });

    await staff.billingAdmin.updatePlan({ id: plans.basic.id, mailboxQuotaBytes: 7 * GIB, maxAliases: 1 });
    await settledEntitlementRefreshes(hub());

    expect(await directoryRow(holder.address)).toEqual({ quota: 7 * GIB, active: true, loginAllowed: true });
    expect((await directoryRow(overridden.address)).quota).toBe(1 * GIB);
    expect((await directoryRow(other.address)).quota).toBe(50 * GIB);
    const events = await announcements(holder.user.id);
    expect(events.map((e) => e.type)).toEqual(['subscription.activated', 'subscription.updated']);
    expect(events[1]!.entitlements).toMatchObject({ mailboxQuotaBytes: 7 * GIB, maxAliases: 1 });
    expect((await announcements(other.user.id)).map((e) => e.type)).toEqual(['subscription.activated']);
    // The new limit applies at once.
    await holder.call.mail.addAlias({ localPart: 'holder.one', domain: 'mail.test' });
    await expect(holder.call.mail.addAlias({ localPart: 'holder.two', domain: 'mail.test' })).rejects.toThrow(
      /allows 1 aliases/,
    );

    // An edit that changes nothing a holder follows from (text, price shown) queues nobody.
    await staff.billingAdmin.updatePlan({ id: plans.basic.id, description: 'Now with more room.' });
    expect(await hub().orm.em.fork().count(EntitlementRefresh, {})).toBe(0);
    expect((await announcements(holder.user.id)).length).toBe(2);
  });

  it('the job applies queued holders in batches, and a price that moves between plans re-maps its subscriptions', async () => {
    const { plans } = await world();
    const [plusYear] = plans.plus.paddlePriceIds.slice(1);
    const yearly = await subscriber([plusYear!], 'yearly');
    const monthly = await subscriber([plans.plus.paddlePriceIds[0]!], 'monthly');
    expect(await userPlanName(yearly.user.id)).toBe(plans.plus.name);

    // Staff move the yearly price from Plus to Basic, in two edits (a price buys one plan at a time).
    // Applied by the worker's job rather than the API's kick, one person per batch.
    const em = hub().orm.em.fork();
    const actor = { id: (await createPerson(hub(), { isStaff: true })).user.id, email: 'staff@example.test' };
    await updatePlan(em, actor, { id: plans.plus.id, paddlePriceIds: [plans.plus.paddlePriceIds[0]!] });
    expect(await hub().orm.em.fork().count(EntitlementRefresh, {})).toBe(2);
    const sub = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: yearly.subscriptionId });
    expect(sub.plan).toBeNull();
    await updatePlan(hub().orm.em.fork(), actor, {
      id: plans.basic.id,
      paddlePriceIds: [...plans.basic.paddlePriceIds, plusYear!],
    });
    let rounds = 0;
    while ((await entitlementRefreshJob.runOnce(hub())) > 0) rounds += 1;
    expect(rounds).toBeGreaterThanOrEqual(1);
    expect(await hub().orm.em.fork().count(EntitlementRefresh, {})).toBe(0);

    const moved = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: yearly.subscriptionId });
    expect(moved.plan?.id).toBe(plans.basic.id);
    expect(await userPlanName(yearly.user.id)).toBe(plans.basic.name);
    expect(await directoryRow(yearly.address)).toEqual({ quota: 5 * GIB, active: true, loginAllowed: true });
    expect((await announcements(yearly.user.id)).map((e) => e.type)).toEqual([
      'subscription.activated',
      'subscription.updated',
    ]);
    // Plus itself did not change for the monthly subscriber: nothing announced.
    expect(await userPlanName(monthly.user.id)).toBe(plans.plus.name);
    expect((await announcements(monthly.user.id)).map((e) => e.type)).toEqual(['subscription.activated']);
  });

  it('a new plan picks up subscriptions that paid for its price before it existed', async () => {
    const { staff } = await world();
    const person = await createPerson(hub());
    const price = `pri_${paddleId('x').slice(2)}`;
    await deliver(
      hub(),
      subscriptionNotification({
        eventType: 'subscription.created',
        subscriptionId: paddleId('sub'),
        customerId: paddleId('ctm'),
        status: 'active',
        priceIds: [price],
        customData: signCustomData(hub().config, person.user.id),
      }),
    );
    expect(await userPlanName(person.user.id)).toBeNull();
    await staff.billingAdmin.createPlan({
      name: `Late ${price}`,
      description: null,
      paddlePriceIds: [price],
      priceAmount: 100,
      currency: 'EUR',
      billingInterval: 'month',
      mailboxQuotaBytes: 2 * GIB,
      maxAliases: 1,
      maxAppPasswords: 1,
      maxCustomDomains: 0,
      clientIds: [],
      isActive: true,
      sortOrder: 0,
    });
    await settledEntitlementRefreshes(hub());
    expect(await userPlanName(person.user.id)).toBe(`Late ${price}`);
    expect((await announcements(person.user.id)).map((e) => e.type)).toEqual(['subscription.activated']);
  });

  it('upgrade then downgrade through Paddle resizes the mailbox both ways; over the limit nothing is deleted and additions are refused', async () => {
    const { plans } = await world();
    const person = await subscriber(plans.basic.paddlePriceIds, 'mover');
    expect(await directoryRow(person.address)).toEqual({ quota: 5 * GIB, active: true, loginAllowed: true });

    await deliver(hub(), person.event('subscription.updated', plans.plus.paddlePriceIds));
    expect(await directoryRow(person.address)).toEqual({ quota: 50 * GIB, active: true, loginAllowed: true });
    for (let i = 0; i < 7; i++) {
      await person.call.mail.addAlias({ localPart: `mover.${i}`, domain: 'mail.test' });
    }
    for (let i = 0; i < 6; i++) await person.call.mail.createAppPassword({ label: `Device ${i}` });
    await person.call.mail.addDomain({ domain: 'mover.example' });

    await deliver(hub(), person.event('subscription.updated', plans.basic.paddlePriceIds));
    expect(await directoryRow(person.address)).toEqual({ quota: 5 * GIB, active: true, loginAllowed: true });
    expect(await mailboxState(person.user.id)).toBe('active');
    const em = hub().orm.em.fork();
    // Over Basic's limits (5 aliases, 5 app passwords, no domains): everything stays and works...
    expect(
      await em.count(DirectoryEmail, { name: person.address, address: { $like: 'mover.%' }, type: 'alias' }),
    ).toBe(7);
    expect(await em.count(DirectoryAppPassword, { name: person.address })).toBe(6);
    expect((await person.call.mail.domains()).map((d: { domain: string }) => d.domain)).toEqual([
      'mover.example',
    ]);
    // ...and nothing new can be added until the person is back under the limit.
    await expect(person.call.mail.addAlias({ localPart: 'mover.x', domain: 'mail.test' })).rejects.toThrow(
      /allows 5 aliases and you have 7/,
    );
    await expect(person.call.mail.createAppPassword({ label: 'Tablet' })).rejects.toThrow(
      /allows 5 app passwords and you have 6/,
    );
    await expect(person.call.mail.addDomain({ domain: 'second.example' })).rejects.toThrow(
      /does not include your own domains/,
    );
    for (const i of [0, 1, 2]) await person.call.mail.removeAlias({ address: `mover.${i}@mail.test` });
    await person.call.mail.addAlias({ localPart: 'mover.x', domain: 'mail.test' });

    const events = await announcements(person.user.id);
    expect(events.map((e) => [e.type, e.entitlements.mailboxQuotaBytes])).toEqual([
      ['subscription.activated', 5 * GIB],
      ['subscription.updated', 50 * GIB],
      ['subscription.updated', 5 * GIB],
    ]);
  });
});
