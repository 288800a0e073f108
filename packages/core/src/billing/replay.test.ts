import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../identity/entities.ts';
import type { HubConfig } from '../kernel/config.ts';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { DirectoryAccount, Mailbox } from '../mail/entities.ts';
import { createTestHub, type TestHub, testConfig } from '../testing/index.ts';
import { signCustomData } from './binding.ts';
import { Customer, Plan, Subscription, UserPlan } from './entities.ts';
import {
  customerNotification,
  type PaddleNotification,
  subscriptionNotification,
  transactionNotification,
} from './event-builder.ts';
import { paddleEnvelopeSchema, type SubscriptionStatus } from './paddle-events.ts';
import { processPaddleEvents, storePaddleEvents } from './paddle-webhooks.ts';

/**
 * Paddle delivers at least once and in any order. Over two thousand generated events for many
 * subscriptions are applied once in order, then duplicated and shuffled with a few seeds and
 * delivered in random bursts (some applied by two workers at once); every run must end in the
 * same state as the ordered one — billing's rows, and the mailboxes and directory rows Stalwart
 * reads. Fewer seeds with more events each: every run costs a full application of all events.
 */
const SUBSCRIPTIONS = 46;
const EVENTS_PER_SUBSCRIPTION = 90;
const SEEDS = [7, 2026];
const DAY_MICROS = 86_400_000_000;

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 3339 with microseconds from a count of microseconds since the epoch. */
function micros(value: number): string {
  const whole = Math.floor(value);
  const ms = Math.floor(whole / 1000);
  const extra = String(whole % 1000).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${extra}Z`);
}

interface World {
  userIds: string[];
  plans: { name: string; priceIds: string[]; sortOrder: number }[];
}

const WORLD: World = {
  userIds: Array.from({ length: 30 }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`),
  plans: [
    { name: 'Basic', priceIds: ['pri_basic_m', 'pri_basic_y'], sortOrder: 1 },
    { name: 'Plus', priceIds: ['pri_plus_m'], sortOrder: 2 },
    { name: 'Pro', priceIds: ['pri_pro_m'], sortOrder: 3 },
  ],
};

function generateEvents(config: HubConfig): PaddleNotification[] {
  const random = mulberry32(99);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const prices = ['pri_basic_m', 'pri_basic_y', 'pri_plus_m', 'pri_pro_m', 'pri_unknown'];
  const events: PaddleNotification[] = [];
  const now = Date.now() * 1000;
  for (let s = 0; s < SUBSCRIPTIONS; s++) {
    const subscriptionId = `sub_replay${String(s).padStart(4, '0')}`;
    const customerId = `ctm_replay${String(s % WORLD.userIds.length).padStart(4, '0')}`;
    const userId = WORLD.userIds[s % WORLD.userIds.length]!;
    const binding = s % 10;
    const signed = signCustomData(config, userId);
    // 0: no binding anywhere; 1: forged; 2: only the transactions carry it; else: everywhere.
    const customData =
      binding === 0 || binding === 2
        ? null
        : binding === 1
          ? { hubUserId: userId, hubKeyId: 'k1', hubSignature: 'forged-signature-forged-signature-forged-00' }
          : signed;
    const transactionCustomData = binding === 2 ? signed : customData;
    let time = now - (10 + random() * 30) * DAY_MICROS;
    let status: SubscriptionStatus = random() < 0.2 ? 'trialing' : 'active';
    let priceIds = [pick(prices)];
    let scheduled: { action: 'cancel'; effective_at: string } | null = null;
    const tick = () => {
      // Mostly minutes to days apart; sometimes within the same millisecond (microseconds apart).
      time += random() < 0.15 ? 1 + Math.floor(random() * 900) : Math.floor(random() * 2 * DAY_MICROS);
      return micros(time);
    };
    const push = (eventType: string) =>
      events.push(
        subscriptionNotification({
          eventType,
          subscriptionId,
          customerId,
          status,
          priceIds,
          customData,
          occurredAt: tick(),
          periodStart: new Date(Math.floor(time / 1000)),
          periodEnd: new Date(Math.floor(time / 1000) + 30 * 86_400_000),
          scheduledChange: scheduled,
          canceledAt: status === 'canceled' ? new Date(Math.floor(time / 1000)) : null,
          pausedAt: status === 'paused' ? new Date(Math.floor(time / 1000)) : null,
          transactionId: `txn_replay${s}`,
        }),
      );
    push('subscription.created');
    const transaction = (eventType: string, e: number) =>
      events.push(
        transactionNotification({
          eventType,
          transactionId: `txn_replay${s}_${e}`,
          status: 'completed',
          customerId,
          subscriptionId,
          customData: transactionCustomData,
          occurredAt: tick(),
        }),
      );
    if (binding === 2) transaction('transaction.completed', 0);
    for (let e = 1; e < EVENTS_PER_SUBSCRIPTION && status !== 'canceled'; e++) {
      const roll = random();
      if (roll < 0.25) {
        priceIds = [pick(prices)];
        push('subscription.updated');
      } else if (roll < 0.4) {
        status = 'past_due';
        push('subscription.past_due');
      } else if (roll < 0.55) {
        status = 'active';
        scheduled = null;
        push('subscription.activated');
      } else if (roll < 0.63) {
        status = 'paused';
        push('subscription.paused');
      } else if (roll < 0.71) {
        status = 'active';
        push('subscription.resumed');
      } else if (roll < 0.78) {
        scheduled = { action: 'cancel', effective_at: micros(time + 10 * DAY_MICROS) };
        push('subscription.updated');
      } else if (roll < 0.87) {
        transaction(pick(['transaction.completed', 'transaction.paid', 'transaction.payment_failed']), e);
      } else if (roll < 0.95) {
        events.push(
          customerNotification({
            eventType: pick(['customer.created', 'customer.updated']),
            customerId,
            email: `payer${s}.${e}@example.test`,
            name: `Payer ${e}`,
            occurredAt: tick(),
          }),
        );
      } else if (roll < 0.97) {
        status = 'canceled';
        scheduled = null;
        push('subscription.canceled');
      }
    }
  }
  return events;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * People, plans, and a mailbox for most people (as if chosen under an earlier plan): inactive, with
 * no quota, until the events give them a plan. One has a staff quota, one is suspended by staff;
 * both must outlive every plan change.
 */
async function seedWorld(hub: TestHub) {
  const em = hub.orm.em.fork();
  for (const [index, id] of WORLD.userIds.entries()) {
    const user = em.create(User, { id, email: `replay${index}@example.test`, username: `replay${index}` });
    if (index % 6 === 5) continue;
    const name = `replay${index}@${hub.config.mail.domains[0]}`;
    em.create(Mailbox, {
      user,
      accountName: name,
      localPart: `replay${index}`,
      state: 'inactive',
      quotaOverride: index === 3 ? 123_456_789 : null,
      suspendedAt: index === 4 ? new Date('2026-01-01T00:00:00Z') : null,
    });
    em.create(DirectoryAccount, { name, type: 'individual', quota: 0, active: false, loginAllowed: false });
  }
  for (const plan of WORLD.plans) {
    em.create(Plan, {
      name: plan.name,
      paddlePriceIds: plan.priceIds,
      sortOrder: plan.sortOrder,
      mailboxQuotaBytes: plan.sortOrder * 1024 ** 3,
    });
  }
  await em.flush();
}

async function store(hub: TestHub, events: PaddleNotification[]) {
  await storePaddleEvents(
    hub.orm.em.fork(),
    events.map((event) => ({ envelope: paddleEnvelopeSchema.parse(event), rawBody: JSON.stringify(event) })),
  );
}

async function drain(hub: TestHub, workers: number) {
  const work = async () => {
    while ((await processPaddleEvents(hub, 1000)) > 0) {}
  };
  await Promise.all(Array.from({ length: workers }, work));
}

/** Everything a person or staff could observe, without row ids and bookkeeping timestamps. */
async function observableState(hub: TestHub) {
  const em = hub.orm.em.fork();
  const subscriptions = await em.find(
    Subscription,
    {},
    { populate: ['plan', 'user', 'customer'], orderBy: { paddleId: 'asc' } },
  );
  const customers = await em.find(Customer, {}, { populate: ['user'], orderBy: { paddleId: 'asc' } });
  const users = await em.find(User, {}, { orderBy: { email: 'asc' } });
  const holdings = await em.find(UserPlan, {}, { populate: ['plan'] });
  const planNameOf = (userId: string) => holdings.find((h) => h.user.id === userId)?.plan.name ?? null;
  const mailboxes = await em.find(Mailbox, {}, { orderBy: { accountName: 'asc' } });
  const accounts = await em.find(DirectoryAccount, {}, { orderBy: { name: 'asc' } });
  const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;
  return {
    subscriptions: subscriptions.map((s) => ({
      paddleId: s.paddleId,
      status: s.status,
      isActive: s.isActive,
      activeSince: iso(s.activeSince),
      inactiveSince: iso(s.inactiveSince),
      graceStartedAt: iso(s.graceStartedAt),
      user: s.user?.id ?? null,
      bindingProblem: s.bindingProblem ?? null,
      plan: s.plan?.name ?? null,
      priceIds: s.priceIds,
      customer: s.customer?.paddleId ?? null,
      currentPeriodStart: iso(s.currentPeriodStart),
      currentPeriodEnd: iso(s.currentPeriodEnd),
      nextBilledAt: iso(s.nextBilledAt),
      scheduledChange: s.scheduledChange ?? null,
      canceledAt: iso(s.canceledAt),
      pausedAt: iso(s.pausedAt),
      customData: s.customData ?? null,
      transactionId: s.transactionId ?? null,
      lastEventId: s.lastEventId ?? null,
      lastEventKey: s.lastEventKey ?? null,
    })),
    customers: customers.map((c) => ({
      paddleId: c.paddleId,
      email: c.email ?? null,
      name: c.name ?? null,
      user: c.user?.id ?? null,
      lastEventKey: c.lastEventKey ?? null,
    })),
    users: users.map((u) => ({ id: u.id, plan: planNameOf(u.id) })),
    mailboxes: mailboxes.map((m) => ({ accountName: m.accountName, state: m.state })),
    accounts: accounts.map((a) => ({
      name: a.name,
      // Without any plan a mailbox is inactive and keeps the quota it last had (mail's rule:
      // nothing changes without a plan), i.e. that of whichever plan was applied last, which
      // depends on arrival order. Stalwart never reads an inactive account, so it is not compared.
      quota: a.active ? a.quota : null,
      active: a.active,
      loginAllowed: a.loginAllowed,
    })),
  };
}

/** The last subscription.* event each person's apps received must tell the final truth. */
async function lastAnnouncements(hub: TestHub) {
  const rows = await hub.orm.em.fork().find(OutboxEvent, {}, { orderBy: { sequence: 'asc' } });
  const last = new Map<string, { type: string; planName: string | null }>();
  for (const row of rows) {
    if (!row.type.startsWith('subscription.')) continue;
    const data = (row.payload as { data: { entitlements: { planName: string | null } } }).data;
    last.set(row.userId!, { type: row.type, planName: data.entitlements.planName });
  }
  return last;
}

describe('replaying Paddle events in any order', () => {
  const config = testConfig({ paddle: { graceDays: 7 } });
  const events = generateEvents(config);
  const hubs: TestHub[] = [];
  // The ordered run and the shuffled ones run at the same time (each on its own database): the
  // work is round trips, which overlap well. Each shuffled run compares once the ordered one is done.
  let referenceRun: Promise<Awaited<ReturnType<typeof observableState>>>;

  beforeAll(() => {
    referenceRun = (async () => {
      const ordered = await createTestHub(config);
      hubs.push(ordered);
      await seedWorld(ordered);
      // Stored all at once, a single worker claims them oldest first: Paddle's order exactly.
      await store(ordered, events);
      await drain(ordered, 1);
      return observableState(ordered);
    })();
    referenceRun.catch(() => {});
  });

  // Generous limits: about 15 s on an idle two-core machine, many times that on a shared one.
  afterAll(async () => {
    await referenceRun.catch(() => {});
    await Promise.all(hubs.map((hub) => hub.close()));
  }, 600_000);

  it.concurrent('generates thousands of events over many subscriptions, and the ordered run exercises every path', async () => {
    const reference = await referenceRun;
    expect(new Set(events.map((event) => event.event_id)).size).toBeGreaterThanOrEqual(2000);
    const statuses = new Set(reference.subscriptions.map((s) => s.status));
    expect(statuses.size).toBeGreaterThanOrEqual(3);
    expect(reference.subscriptions.some((s) => s.isActive)).toBe(true);
    expect(reference.subscriptions.some((s) => !s.isActive)).toBe(true);
    expect(reference.subscriptions.some((s) => s.bindingProblem === 'missing')).toBe(true);
    expect(reference.subscriptions.some((s) => s.bindingProblem === 'forged')).toBe(true);
    const boundByTransaction = reference.subscriptions.filter(
      (s) => s.paddleId.endsWith('02') || s.paddleId.endsWith('12'),
    );
    expect(boundByTransaction.map((s) => [s.user, s.bindingProblem])).toEqual([
      [WORLD.userIds[2], null],
      [WORLD.userIds[12], null],
    ]);
    expect(reference.users.some((u) => u.plan)).toBe(true);
    // The mailboxes went through every state, and staff's quota and suspension survived it all.
    expect(new Set(reference.mailboxes.map((m) => m.state))).toEqual(
      new Set(['active', 'receive-only', 'inactive']),
    );
    const account = (index: number) => reference.accounts.find((a) => a.name.startsWith(`replay${index}@`))!;
    expect(account(3).quota).toBe(123_456_789);
    expect(account(4)).toMatchObject({ active: false, loginAllowed: false });
    expect(new Set(reference.accounts.map((a) => a.quota)).size).toBeGreaterThanOrEqual(3);
    expect(reference.accounts.some((a) => a.active && !a.loginAllowed)).toBe(true);
  }, 600_000);

  for (const seed of SEEDS) {
    it.concurrent(`seed ${seed}: duplicated, shuffled, bursty delivery ends in the ordered state`, async () => {
      const hub = await createTestHub(config);
      hubs.push(hub);
      await seedWorld(hub);
      const random = mulberry32(seed);
      const duplicates = events.filter(() => random() < 0.3).map((event) => ({ ...event }));
      const deliveries = shuffle([...events, ...duplicates], random);
      let position = 0;
      while (position < deliveries.length) {
        const burst = 1 + Math.floor(random() * 120);
        await store(hub, deliveries.slice(position, position + burst));
        position += burst;
        await drain(hub, random() < 0.3 ? 2 : 1);
      }
      const reference = await referenceRun;
      expect(await observableState(hub)).toEqual(reference);

      const announcements = await lastAnnouncements(hub);
      for (const user of reference.users) {
        const last = announcements.get(user.id);
        if (user.plan) expect(last, user.id).toMatchObject({ planName: user.plan });
        else if (last) expect(last.type).toBe('subscription.deactivated');
      }
    }, 600_000);
  }
});
