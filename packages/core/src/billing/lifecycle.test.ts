import { describe, expect, it } from 'vitest';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { subscriptionCard } from './account-service.ts';
import { bindSubscription, findSubscription, flaggedSubscriptions } from './admin-service.ts';
import { signCustomData } from './binding.ts';
import { PaddleEvent, Subscription } from './entities.ts';
import { applyEntitlements, decideEntitlements, type SubscriptionEventData } from './entitlements.ts';
import { paddleId, subscriptionNotification, transactionNotification } from './event-builder.ts';
import { expireGracePeriods } from './jobs.ts';
import { heldPlanOf } from './plans.ts';
import { deliver, makePlans, makeUser, subscriptionCreated } from './test-support.ts';

const DAY = 86_400_000;

type Announcement = { data: SubscriptionEventData };

describe('subscription lifecycle', () => {
  const hub = useTestHub(() =>
    testConfig({ paddle: { graceDays: 7 }, mail: { lapsedMailbox: 'receive-only' } }),
  );

  async function setup() {
    const em = hub().orm.em.fork();
    const plans = await makePlans(em);
    const user = await makeUser(em);
    const subscriptionId = paddleId('sub');
    const customerId = paddleId('ctm');
    const customData = signCustomData(hub().config, user.id);
    let clock = Date.now() - 60_000;
    const tick = () => {
      clock += 1000;
      return new Date(clock);
    };
    const event = (
      eventType: string,
      status: 'active' | 'trialing' | 'past_due' | 'paused' | 'canceled',
      priceIds: string[],
      extra: Partial<Parameters<typeof subscriptionNotification>[0]> = {},
    ) =>
      subscriptionNotification({
        eventType,
        subscriptionId,
        customerId,
        status,
        priceIds,
        customData,
        occurredAt: tick(),
        ...extra,
      });
    return { plans, user, subscriptionId, customerId, customData, event };
  }

  const userState = async (userId: string) => {
    const em = hub().orm.em.fork();
    const plan = await heldPlanOf(em, userId);
    const events = await em.find(OutboxEvent, { userId }, { orderBy: { sequence: 'asc' } });
    return {
      planName: plan?.name ?? null,
      events: events.map((e) => e.type),
      payloads: events.map((e) => e.payload),
    };
  };

  it('activates on payment: plan set, features decided, subscription.activated with the contract payload', async () => {
    const { plans, user, subscriptionId, event } = await setup();
    await deliver(
      hub(),
      event('subscription.created', 'active', plans.basic.paddlePriceIds, { transactionId: 'txn_first' }),
    );

    const state = await userState(user.id);
    expect(state.planName).toBe(plans.basic.name);
    expect(state.events).toEqual(['subscription.activated']);
    const payload = state.payloads[0] as Announcement;
    expect(payload.data.user).toEqual({ id: user.id });
    expect(payload.data.subscription).toMatchObject({
      status: 'active',
      planId: plans.basic.id,
      planName: plans.basic.name,
    });
    expect(payload.data.subscription?.currentPeriodEnd).toMatch(/^\d{4}-/);
    expect(payload.data.entitlements).toMatchObject({
      active: true,
      mailbox: 'active',
      mailboxQuotaBytes: 5 * 1024 ** 3,
      maxAliases: 5,
    });

    const subscription = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: subscriptionId });
    expect(subscription.isActive).toBe(true);
    expect(subscription.activeSince).toBeInstanceOf(Date);
    expect(subscription.transactionId).toBe('txn_first');
    expect(subscription.currentPeriodEnd).toBeInstanceOf(Date);

    const decision = await decideEntitlements(hub().orm.em.fork(), hub().config, user.id);
    expect(decision.mail).toEqual({
      quotaBytes: 5 * 1024 ** 3,
      maxAliases: 5,
      maxAppPasswords: 5,
      maxCustomDomains: 0,
      mailbox: 'active',
    });
  });

  it('a redelivered or repeated state announces nothing new', async () => {
    const { plans, user, event } = await setup();
    const created = event('subscription.created', 'active', plans.basic.paddlePriceIds);
    await deliver(hub(), created);
    await deliver(hub(), { ...created });
    await deliver(
      hub(),
      event('subscription.activated', 'active', plans.basic.paddlePriceIds, {
        periodStart: new Date(created.occurred_at),
      }),
    );
    const again = await applyEntitlements(hub().orm.em.fork(), hub(), user.id);
    expect(again.emitted).toBeNull();
    expect((await userState(user.id)).events).toEqual(['subscription.activated']);
  });

  it('changes plan both ways: limits grow on upgrade and shrink on downgrade', async () => {
    const { plans, user, event } = await setup();
    await deliver(hub(), event('subscription.created', 'active', plans.basic.paddlePriceIds));
    await deliver(hub(), event('subscription.updated', 'active', [plans.plus.paddlePriceIds[1]!]));
    let decision = await decideEntitlements(hub().orm.em.fork(), hub().config, user.id);
    expect(decision.plan?.name).toBe(plans.plus.name);
    expect(decision.mail).toMatchObject({ quotaBytes: 50 * 1024 ** 3, maxAliases: 50, maxCustomDomains: 3 });

    await deliver(hub(), event('subscription.updated', 'active', plans.basic.paddlePriceIds));
    decision = await decideEntitlements(hub().orm.em.fork(), hub().config, user.id);
    expect(decision.mail).toMatchObject({ quotaBytes: 5 * 1024 ** 3, maxAliases: 5, maxCustomDomains: 0 });

    const state = await userState(user.id);
    expect(state.planName).toBe(plans.basic.name);
    expect(state.events).toEqual(['subscription.activated', 'subscription.updated', 'subscription.updated']);
    const last = state.payloads[2] as Announcement;
    expect(last.data.entitlements.planName).toBe(plans.basic.name);
  });

  it('keeps features through a grace period, then deactivates without deleting anything', async () => {
    const { plans, user, subscriptionId, event } = await setup();
    await deliver(hub(), event('subscription.created', 'active', plans.plus.paddlePriceIds));
    await deliver(hub(), event('subscription.past_due', 'past_due', plans.plus.paddlePriceIds));

    const em = hub().orm.em.fork();
    const lapsing = await em.findOneOrFail(Subscription, { paddleId: subscriptionId });
    expect(lapsing.isActive).toBe(true);
    expect(lapsing.graceStartedAt).toBeInstanceOf(Date);
    expect((await userState(user.id)).planName).toBe(plans.plus.name);

    // Six days on, still in grace; eight days on, the job ends it.
    expect(await expireGracePeriods(hub(), new Date(Date.now() + 6 * DAY))).toBe(0);
    expect(await expireGracePeriods(hub(), new Date(Date.now() + 8 * DAY))).toBe(1);

    const ended = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: subscriptionId });
    expect(ended.isActive).toBe(false);
    expect(ended.status).toBe('past_due');
    expect(ended.inactiveSince).toBeInstanceOf(Date);
    const state = await userState(user.id);
    expect(state.planName).toBeNull();
    // Client apps hear of the payment problem (still entitled), then of the end.
    expect(state.events).toEqual([
      'subscription.activated',
      'subscription.updated',
      'subscription.deactivated',
    ]);
    expect((state.payloads[1] as Announcement).data.subscription?.status).toBe('past_due');
    const payload = state.payloads[2] as Announcement;
    expect(payload.data.entitlements).toMatchObject({ active: false, mailbox: 'receive-only', planId: null });
    const decision = await decideEntitlements(hub().orm.em.fork(), hub().config, user.id);
    // The mailbox keeps its size: only its use is limited.
    expect(decision.mail).toEqual({
      quotaBytes: 50 * 1024 ** 3,
      maxAliases: 50,
      maxAppPasswords: 20,
      maxCustomDomains: 3,
      mailbox: 'receive-only',
    });

    // Paying again turns everything back on.
    await deliver(hub(), event('subscription.updated', 'active', plans.plus.paddlePriceIds));
    const back = await userState(user.id);
    expect(back.planName).toBe(plans.plus.name);
    expect(back.events.at(-1)).toBe('subscription.activated');
  });

  it('cancellation: a scheduled cancel keeps the plan, the canceled event ends it', async () => {
    const { plans, user, subscriptionId, event } = await setup();
    await deliver(hub(), event('subscription.created', 'active', plans.basic.paddlePriceIds));
    const effective = new Date(Date.now() + 20 * DAY).toISOString();
    await deliver(
      hub(),
      event('subscription.updated', 'active', plans.basic.paddlePriceIds, {
        scheduledChange: { action: 'cancel', effective_at: effective, resume_at: null },
      }),
    );
    expect((await userState(user.id)).planName).toBe(plans.basic.name);
    const scheduled = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: subscriptionId });
    expect(scheduled.scheduledChange).toMatchObject({ action: 'cancel' });

    const canceledAt = new Date();
    await deliver(
      hub(),
      event('subscription.canceled', 'canceled', plans.basic.paddlePriceIds, { canceledAt }),
    );
    const state = await userState(user.id);
    expect(state.planName).toBeNull();
    expect(state.events).toEqual([
      'subscription.activated',
      'subscription.updated',
      'subscription.deactivated',
    ]);
    const ended = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: subscriptionId });
    expect(ended.isActive).toBe(false);
    expect(ended.inactiveSince?.toISOString()).toBe(canceledAt.toISOString());
  });

  it('a past_due event that arrives after the newer canceled one changes nothing', async () => {
    const { plans, user, subscriptionId, event } = await setup();
    const created = event('subscription.created', 'active', plans.basic.paddlePriceIds);
    const pastDue = event('subscription.past_due', 'past_due', plans.basic.paddlePriceIds);
    const canceled = event('subscription.canceled', 'canceled', plans.basic.paddlePriceIds, {
      canceledAt: new Date(),
    });
    await deliver(hub(), created, canceled);
    await deliver(hub(), pastDue);
    const subscription = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: subscriptionId });
    expect(subscription.status).toBe('canceled');
    expect(subscription.lastEventId).toBe(canceled.event_id);
    const stored = await hub().orm.em.fork().findOneOrFail(PaddleEvent, { eventId: pastDue.event_id });
    expect(stored.status).toBe('skipped');
    expect(stored.result).toContain('older than the state already applied');
    expect((await userState(user.id)).planName).toBeNull();
  });

  it('trialing counts as active', async () => {
    const { plans, user, event } = await setup();
    await deliver(hub(), event('subscription.trialing', 'trialing', plans.basic.paddlePriceIds));
    expect((await userState(user.id)).planName).toBe(plans.basic.name);
  });

  it('paused beyond the grace period deactivates with the inactive mailbox setting', async () => {
    const inactiveHub = hub();
    const config = {
      ...inactiveHub.config,
      mail: { ...inactiveHub.config.mail, lapsedMailbox: 'inactive' as const },
    };
    const { plans, user, event } = await setup();
    const longAgo = Date.now() - 30 * DAY;
    await deliver(
      { ...inactiveHub, config },
      event('subscription.created', 'active', plans.basic.paddlePriceIds, { occurredAt: new Date(longAgo) }),
      event('subscription.paused', 'paused', plans.basic.paddlePriceIds, {
        occurredAt: new Date(longAgo + DAY),
        pausedAt: new Date(longAgo + DAY),
      }),
    );
    const decision = await decideEntitlements(hub().orm.em.fork(), config, user.id);
    expect(decision.state).toBe('lapsed');
    expect(decision.mail?.mailbox).toBe('inactive');
    expect((await userState(user.id)).planName).toBeNull();
  });

  it('names the subscription after Paddle’s products, keeps the name when an event brings none, and shows it to the person and staff', async () => {
    const { plans, user, subscriptionId, event } = await setup();
    await deliver(
      hub(),
      event('subscription.created', 'active', plans.basic.paddlePriceIds, {
        productName: 'Mail Basic (yearly)',
      }),
    );
    const stored = async () =>
      (await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: subscriptionId })).name;
    expect(await stored()).toBe('Mail Basic (yearly)');

    // An event from an API version without the product entity: the name stays what Paddle said.
    const bare = event('subscription.updated', 'active', plans.basic.paddlePriceIds);
    for (const item of (bare.data as { items: Record<string, unknown>[] }).items) delete item.product;
    await deliver(hub(), bare);
    expect(await stored()).toBe('Mail Basic (yearly)');

    const em = hub().orm.em.fork();
    expect((await subscriptionCard(em, hub(), user.id)).subscription).toMatchObject({
      name: 'Mail Basic (yearly)',
      planName: plans.basic.name,
    });
    expect(await findSubscription(em, subscriptionId)).toMatchObject({ name: 'Mail Basic (yearly)' });
  });
});

describe('binding a subscription to a person', () => {
  const hub = useTestHub(() => testConfig());

  const flaggedProblem = async (subscriptionId: string) => {
    const subscription = await hub()
      .orm.em.fork()
      .findOneOrFail(Subscription, { paddleId: subscriptionId }, { populate: ['user'] });
    return { user: subscription.user?.id ?? null, problem: subscription.bindingProblem ?? null };
  };

  it('keeps and flags a subscription without custom_data, a forged one and one for an unknown user', async () => {
    const em = hub().orm.em.fork();
    const { basic } = await makePlans(em);
    const victim = await makeUser(em, 'victim');
    const genuine = signCustomData(hub().config, victim.id);
    const cases = {
      missing: null,
      forged: { hubUserId: victim.id, hubKeyId: genuine.hubKeyId, hubSignature: 'A'.repeat(43) },
      unsignedClaim: { hubUserId: victim.id },
      'unknown-user': signCustomData(hub().config, '00000000-0000-4000-8000-000000000000'),
    };
    const expected = {
      missing: 'missing',
      forged: 'forged',
      unsignedClaim: 'forged',
      'unknown-user': 'unknown-user',
    };
    for (const [name, customData] of Object.entries(cases)) {
      const subscriptionId = paddleId('sub');
      await deliver(
        hub(),
        subscriptionCreated({
          subscriptionId,
          priceIds: basic.paddlePriceIds,
          customData,
        }),
      );
      expect(await flaggedProblem(subscriptionId), name).toEqual({
        user: null,
        problem: expected[name as keyof typeof expected],
      });
    }
    const victimNow = { plan: await heldPlanOf(hub().orm.em.fork(), victim.id) };
    expect(victimNow.plan).toBeNull();
    const flagged = await flaggedSubscriptions(hub().orm.em.fork());
    expect(flagged.length).toBeGreaterThanOrEqual(4);
  });

  it('a key from another hub does not verify', async () => {
    const em = hub().orm.em.fork();
    const { basic } = await makePlans(em);
    const user = await makeUser(em);
    const otherHub = testConfig();
    const subscriptionId = paddleId('sub');
    await deliver(
      hub(),
      subscriptionCreated({
        subscriptionId,
        priceIds: basic.paddlePriceIds,
        customData: signCustomData(otherHub, user.id),
      }),
    );
    expect(await flaggedProblem(subscriptionId)).toEqual({ user: null, problem: 'forged' });
  });

  it('staff bind a flagged subscription by hand (audited), after which the person has the plan', async () => {
    const em = hub().orm.em.fork();
    const { plus } = await makePlans(em);
    const payer = await makeUser(em, 'payer');
    const staff = await makeUser(em, 'staff');
    const subscriptionId = paddleId('sub');
    await deliver(
      hub(),
      subscriptionCreated({
        subscriptionId,
        priceIds: plus.paddlePriceIds,
        customData: null,
      }),
    );
    const flagged = (await flaggedSubscriptions(hub().orm.em.fork())).find(
      (s) => s.paddleId === subscriptionId,
    )!;
    const bound = await bindSubscription(
      hub(),
      { id: staff.id, email: staff.email },
      { subscriptionId: flagged.id, userId: payer.id },
    );
    expect(bound.user).toEqual({ id: payer.id, email: payer.email });
    expect(bound.bindingProblem).toBeNull();
    const payerNow = { plan: await heldPlanOf(hub().orm.em.fork(), payer.id) };
    expect(payerNow.plan?.id).toBe(plus.id);
    const audit = await query<{ action: string; actor_id: string }>(
      hub().orm.em.fork(),
      sql`select action, actor_id from audit_entries where entity_id = ${subscriptionId}`,
    );
    expect(audit).toEqual([{ action: 'subscription.bound', actor_id: staff.id }]);
    await expect(
      bindSubscription(
        hub(),
        { id: staff.id, email: staff.email },
        { subscriptionId: flagged.id, userId: staff.id },
      ),
    ).rejects.toThrow(/already belongs/);
  });

  it('a signed transaction binds a subscription whose own events lacked custom_data', async () => {
    const em = hub().orm.em.fork();
    const { basic } = await makePlans(em);
    const user = await makeUser(em);
    const subscriptionId = paddleId('sub');
    const customerId = paddleId('ctm');
    await deliver(
      hub(),
      subscriptionCreated({
        subscriptionId,
        customerId,
        priceIds: basic.paddlePriceIds,
        customData: null,
      }),
    );
    expect((await flaggedProblem(subscriptionId)).problem).toBe('missing');
    await deliver(
      hub(),
      transactionNotification({
        eventType: 'transaction.completed',
        transactionId: paddleId('txn'),
        status: 'completed',
        customerId,
        subscriptionId,
        customData: signCustomData(hub().config, user.id),
      }),
    );
    expect(await flaggedProblem(subscriptionId)).toEqual({ user: user.id, problem: null });
    const userNow = { plan: await heldPlanOf(hub().orm.em.fork(), user.id) };
    expect(userNow.plan?.id).toBe(basic.id);
  });
});
