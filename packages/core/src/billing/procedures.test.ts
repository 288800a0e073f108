import {
  type PaddleStandIn,
  standInSubscription,
  startPaddleStandIn,
} from '@accounts/devkit/paddle-stand-in';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ClientConnection, ClientEnvironment } from '../clients/entities.ts';
import { generateEnvironmentToken } from '../clients/environment-tokens.ts';
import { User, type UserEntity } from '../identity/entities.ts';
import { createSession, sessionCookieName } from '../identity/sessions.ts';
import { createContext, type Hub } from '../kernel/context.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { createCallerFactory } from '../kernel/trpc.ts';
import { appRouter } from '../orchestration/app-router.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { signCustomData } from './binding.ts';
import { PaddleEvent, Subscription } from './entities.ts';
import { paddleId, transactionNotification } from './event-builder.ts';
import { deliver, makePlans, makeUser, subscriptionCreated } from './test-support.ts';

const API_KEY = 'pdl_sdbx_apikey_test';
const createCaller = createCallerFactory(appRouter);

let standIn: PaddleStandIn;
beforeAll(async () => {
  standIn = await startPaddleStandIn({ apiKey: API_KEY });
});
afterAll(async () => {
  await standIn?.stop();
});

const hub = useTestHub(() => testConfig({ paddle: { apiKey: API_KEY, apiBaseUrl: 'http://127.0.0.1:1' } }));
/** The hub as configured to reach the stand-in, whose port is known only once it listens. */
const liveHub = (): Hub => ({
  ...hub(),
  config: { ...hub().config, paddle: { ...hub().config.paddle, apiBaseUrl: standIn.url } },
});

interface Caller {
  cookie?: string;
  bearer?: string;
  origin?: string | null;
}

function caller(who: Caller = {}) {
  const h = liveHub();
  const ctx = createContext(
    h,
    {
      requestId: 'test',
      ip: '127.0.0.1',
      userAgent: 'vitest',
      origin: who.origin === undefined ? new URL(h.config.publicUrl).origin : who.origin,
      authorization: who.bearer ? `Bearer ${who.bearer}` : null,
      cookie: (name) => (name === sessionCookieName(h.config) ? who.cookie : undefined),
    },
    { setCookie() {}, deleteCookie() {} },
  );
  return createCaller(ctx);
}

async function signedIn(user: UserEntity): Promise<Caller> {
  const em = hub().orm.em.fork();
  const { token } = await createSession(em, hub().config, em.getReference(User, user.id), {
    ip: null,
    userAgent: null,
    method: 'password',
  });
  return { cookie: token };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

interface World {
  person: UserEntity;
  other: UserEntity;
  staff: UserEntity;
  asPerson: Caller;
  asOther: Caller;
  asStaff: Caller;
  asClient: Caller;
  clientId: string;
  subscriptionId: string;
  subscriptionRowId: string;
  customerId: string;
  planIds: { basic: string; plus: string };
}

let world: World;

beforeAll(async () => {
  const em = hub().orm.em.fork();
  const plans = await makePlans(em);
  const person = await makeUser(em, 'person');
  const other = await makeUser(em, 'other');
  const staff = await makeUser(em, 'staff');
  staff.isStaff = true;
  const client = em.create(Client, { name: 'Files' });
  plans.plus.clients.add(client);
  // Both have signed in to the app, so it may ask about them; staff has not.
  em.create(ClientConnection, { user: person, client });
  em.create(ClientConnection, { user: other, client });
  const token = generateEnvironmentToken();
  em.create(ClientEnvironment, {
    client,
    environment: 'prod',
    redirectUrl: 'https://files.example.test/callback',
    authToken: token.hash,
    tokenHint: token.hint,
  });
  await em.flush();

  const subscriptionId = paddleId('sub');
  const customerId = paddleId('ctm');
  const customData = signCustomData(hub().config, person.id);
  const paddleSubscription = standInSubscription({
    id: subscriptionId,
    customer_id: customerId,
    priceIds: plans.plus.paddlePriceIds.slice(0, 1),
    custom_data: customData,
  });
  standIn.putSubscription(paddleSubscription);
  await deliver(
    hub(),
    subscriptionCreated({
      subscriptionId,
      customerId,
      priceIds: plans.plus.paddlePriceIds.slice(0, 1),
      customData,
      occurredAt: new Date(Date.now() - 60_000),
      periodStart: new Date(paddleSubscription.current_billing_period!.starts_at),
      periodEnd: new Date(paddleSubscription.current_billing_period!.ends_at),
      transactionId: 'txn_checkout1',
    }),
  );
  const row = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: subscriptionId });
  world = {
    person,
    other,
    staff,
    asPerson: await signedIn(person),
    asOther: await signedIn(other),
    asStaff: await signedIn(staff),
    asClient: { bearer: token.token },
    clientId: client.id,
    subscriptionId,
    subscriptionRowId: row.id,
    customerId,
    planIds: { basic: plans.basic.id, plus: plans.plus.id },
  };
});

describe('who may call what', () => {
  const roles = () => ({
    anonymous: {} as Caller,
    person: world.asPerson,
    staff: world.asStaff,
    clientServer: world.asClient,
  });

  // Calls with harmless inputs: what matters here is who gets through the door.
  const personal = {
    'billing.subscription': (c: Caller) => caller(c).billing.subscription(),
    'billing.checkout': (c: Caller) => caller(c).billing.checkout(),
    'billing.paymentStatus': (c: Caller) => caller(c).billing.paymentStatus({ transactionId: null }),
    'billing.portal': (c: Caller) => caller(c).billing.portal(),
  };
  const staffOnly = {
    'billingAdmin.plans': (c: Caller) => caller(c).billingAdmin.plans(),
    'billingAdmin.events': (c: Caller) => caller(c).billingAdmin.events({ limit: 5, offset: 0 }),
    'billingAdmin.event': (c: Caller) =>
      caller(c).billingAdmin.event({ id: '00000000-0000-4000-8000-000000000000' }),
    'billingAdmin.flaggedSubscriptions': (c: Caller) => caller(c).billingAdmin.flaggedSubscriptions(),
    'billingAdmin.subscriptions': (c: Caller) =>
      caller(c).billingAdmin.subscriptions({ flagged: true, limit: 5, offset: 0 }),
    'billingAdmin.subscription': (c: Caller) =>
      caller(c).billingAdmin.subscription({ paddleId: world.subscriptionId }),
    'billingAdmin.deletePlan': (c: Caller) =>
      caller(c).billingAdmin.deletePlan({ id: '00000000-0000-4000-8000-000000000000' }),
    'billingAdmin.reapplyEvent': (c: Caller) =>
      caller(c).billingAdmin.reapplyEvent({ id: '00000000-0000-4000-8000-000000000000' }),
    'billingAdmin.resyncSubscription': (c: Caller) =>
      caller(c).billingAdmin.resyncSubscription({ paddleId: 'sub_doesnotexist' }),
    'billingAdmin.bindSubscription': (c: Caller) =>
      caller(c).billingAdmin.bindSubscription({
        subscriptionId: '00000000-0000-4000-8000-000000000000',
        userId: '00000000-0000-4000-8000-000000000000',
      }),
    'billingAdmin.createPlan': (c: Caller) =>
      caller(c).billingAdmin.createPlan({
        name: `Authz ${Math.random()}`,
        description: null,
        paddlePriceIds: [],
        priceAmount: 0,
        currency: 'EUR',
        billingInterval: 'month',
        mailboxQuotaBytes: 0,
        maxAliases: 0,
        maxAppPasswords: 0,
        maxCustomDomains: 0,
        clientIds: [],
        isActive: false,
        sortOrder: 0,
      }),
    'billingAdmin.updatePlan': (c: Caller) =>
      caller(c).billingAdmin.updatePlan({ id: world.planIds.basic, description: 'Still basic.' }),
  };

  it('plans.list is public', async () => {
    for (const [role, who] of Object.entries(roles())) {
      const plans = await caller(who).plans.list();
      expect(plans.length, role).toBeGreaterThanOrEqual(2);
    }
  });

  it('billing.* needs a signed-in person; a client token is not one', async () => {
    for (const [name, call] of Object.entries(personal)) {
      expect(await codeOf(call({})), `${name} anonymous`).toBe('UNAUTHORIZED');
      expect(await codeOf(call(world.asClient)), `${name} client server`).toBe('UNAUTHORIZED');
      expect(await codeOf(call(world.asPerson)), `${name} person`).toBe('OK');
    }
    for (const name of ['cancel', 'resume'] as const) {
      expect(await codeOf(caller({}).billing[name]()), `${name} anonymous`).toBe('UNAUTHORIZED');
    }
  });

  it('billing mutations refuse a foreign or missing Origin (CSRF)', async () => {
    for (const origin of ['https://evil.example', null]) {
      const who = { ...world.asPerson, origin };
      expect(await codeOf(caller(who).billing.cancel()), `cancel from ${origin}`).toBe('FORBIDDEN');
      expect(await codeOf(caller(who).billing.portal()), `portal from ${origin}`).toBe('FORBIDDEN');
    }
  });

  it("another person cannot touch someone else's subscription", async () => {
    const target = { subscriptionId: world.subscriptionRowId };
    expect(await codeOf(caller(world.asOther).billing.cancel(target))).toBe('NOT_FOUND');
    expect(await codeOf(caller(world.asOther).billing.resume(target))).toBe('NOT_FOUND');
    const card = await caller(world.asOther).billing.subscription();
    expect(card).toEqual({ state: 'none', subscription: null, canOpenPortal: false });
    expect(await codeOf(caller(world.asOther).billing.portal())).toBe('PRECONDITION_FAILED');
    const status = await caller(world.asOther).billing.paymentStatus({ transactionId: 'txn_checkout1' });
    expect(status.state).toBe('pending');
  });

  it('billingAdmin.* is for staff only', async () => {
    for (const [name, call] of Object.entries(staffOnly)) {
      expect(await codeOf(call({})), `${name} anonymous`).toBe('UNAUTHORIZED');
      expect(await codeOf(call(world.asPerson)), `${name} person`).toBe('FORBIDDEN');
      expect(await codeOf(call(world.asClient)), `${name} client server`).toBe('UNAUTHORIZED');
      expect(['OK', 'NOT_FOUND'], `${name} staff`).toContain(await codeOf(call(world.asStaff)));
    }
  });

  it('entitlements.forUser is for client servers only', async () => {
    const call = (who: Caller) => caller(who).entitlements.forUser({ userId: world.person.id });
    expect(await codeOf(call({}))).toBe('UNAUTHORIZED');
    expect(await codeOf(call(world.asPerson))).toBe('UNAUTHORIZED');
    expect(await codeOf(call(world.asStaff))).toBe('UNAUTHORIZED');
    expect(await codeOf(call({ bearer: 'acc_env_not-a-real-token-at-all' }))).toBe('UNAUTHORIZED');
    const answer = await call(world.asClient);
    expect(answer.clientAllowed).toBe(true);
    expect(answer.entitlements).toMatchObject({
      active: true,
      planId: world.planIds.plus,
      mailbox: 'active',
    });
    const none = await caller(world.asClient).entitlements.forUser({ userId: world.other.id });
    expect(none).toMatchObject({
      clientAllowed: false,
      entitlements: { active: false, planId: null, mailbox: 'none' },
    });
    expect(
      await codeOf(
        caller(world.asClient).entitlements.forUser({ userId: '00000000-0000-4000-8000-000000000000' }),
      ),
    ).toBe('NOT_FOUND');
    // Someone who never signed in to the app is as unknown to it as someone who does not exist.
    expect(await codeOf(caller(world.asClient).entitlements.forUser({ userId: world.staff.id }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('a person managing their subscription', () => {
  it('shows the card with plan, price and renewal date', async () => {
    const card = await caller(world.asPerson).billing.subscription();
    expect(card.state).toBe('active');
    expect(card.canOpenPortal).toBe(true);
    expect(card.subscription).toMatchObject({
      status: 'active',
      planId: world.planIds.plus,
      priceAmount: 900,
      currency: 'EUR',
      cancelAtPeriodEnd: false,
      planUnknown: false,
    });
    expect(card.subscription?.renewsAt).toBeInstanceOf(Date);
  });

  it('gives the checkout what Paddle.js needs, with a customData that binds to this person', async () => {
    const settings = await caller(world.asPerson).billing.checkout();
    expect(settings).toMatchObject({
      environment: 'sandbox',
      clientToken: 'test_client_token',
      email: world.person.email,
    });
    expect(settings.customData).toEqual(signCustomData(hub().config, world.person.id));
    expect(settings.plans.map((plan) => plan.checkoutPriceId)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^pri_/)]),
    );
    expect(settings.hasActivePlan).toBe(true);
  });

  it('reports the payment as active once the subscription from that checkout is on', async () => {
    const status = await caller(world.asPerson).billing.paymentStatus({ transactionId: 'txn_checkout1' });
    expect(status.state).toBe('active');
    const other = await caller(world.asPerson).billing.paymentStatus({ transactionId: 'txn_unknown' });
    expect(other.state).toBe('pending');
  });

  it('reports a failed payment only to the person the transaction names', async () => {
    const transactionId = paddleId('txn');
    await deliver(
      hub(),
      transactionNotification({
        eventType: 'transaction.payment_failed',
        transactionId,
        status: 'past_due',
        customerId: world.customerId,
        subscriptionId: null,
        customData: signCustomData(hub().config, world.other.id),
      }),
    );
    expect((await caller(world.asOther).billing.paymentStatus({ transactionId })).state).toBe('failed');
    expect((await caller(world.asPerson).billing.paymentStatus({ transactionId })).state).toBe('pending');
  });

  it('cancels at period end through Paddle, keeps the plan, and can take it back', async () => {
    const canceled = await caller(world.asPerson).billing.cancel();
    expect(canceled.state).toBe('active');
    expect(canceled.subscription).toMatchObject({ cancelAtPeriodEnd: true, renewsAt: null });
    expect(canceled.subscription?.endsAt).toBeInstanceOf(Date);
    expect(standIn.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/subscriptions/${world.subscriptionId}/cancel`,
      body: { effective_from: 'next_billing_period' },
    });
    expect(await codeOf(caller(world.asPerson).billing.cancel())).toBe('PRECONDITION_FAILED');

    const resumed = await caller(world.asPerson).billing.resume();
    expect(resumed.subscription).toMatchObject({ cancelAtPeriodEnd: false });
    expect(resumed.subscription?.renewsAt).toBeInstanceOf(Date);
    expect(standIn.requests.at(-1)).toMatchObject({ method: 'PATCH', body: { scheduled_change: null } });
    expect(await codeOf(caller(world.asPerson).billing.resume())).toBe('PRECONDITION_FAILED');

    const audit = await query<{ action: string; via: string | null }>(
      hub().orm.em.fork(),
      sql`select action, via from audit_entries where subject_user_id = ${world.person.id} order by created_at`,
    );
    // What the person asked for, and (in the account history) what Paddle then did.
    expect(audit.filter((row) => !row.via).map((row) => row.action)).toEqual([
      'subscription.cancel-scheduled',
      'subscription.cancel-revoked',
    ]);
    expect(audit.filter((row) => row.via === 'paddle').map((row) => row.action)).toContain(
      'subscription.changed',
    );
  });

  it('opens the customer portal with a fresh signed-in link', async () => {
    const link = await caller(world.asPerson).billing.portal();
    expect(link.url).toMatch(new RegExp(`^${standIn.url}/__portal/${world.customerId}/overview\\?token=`));
    expect(link.updatePaymentMethodUrl).toContain(world.subscriptionId);
  });

  it('a Paddle refusal becomes a clear error and changes nothing', async () => {
    const subscription = standIn.subscriptions.get(world.subscriptionId)!;
    const saved = structuredClone(subscription);
    subscription.status = 'canceled';
    try {
      const error = await caller(world.asPerson)
        .billing.cancel()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('PRECONDITION_FAILED');
      expect((error as TRPCError).message).toBe('This subscription has already ended and cannot be changed.');
      const card = await caller(world.asPerson).billing.subscription();
      expect(card.state).toBe('active');
    } finally {
      standIn.putSubscription(saved);
    }
  });

  it('says so plainly when Paddle cannot be reached', async () => {
    const h = hub();
    const ctx = createContext(
      h,
      {
        requestId: 'test',
        ip: null,
        userAgent: null,
        origin: new URL(h.config.publicUrl).origin,
        authorization: null,
        cookie: (name) => (name === sessionCookieName(h.config) ? world.asPerson.cookie : undefined),
      },
      { setCookie() {}, deleteCookie() {} },
    );
    const error = await createCaller(ctx)
      .billing.portal()
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    expect((error as TRPCError).message).toMatch(/Paddle cannot be reached/);
  });
});

describe('a checkout whose subscription could not be bound', () => {
  it('tells the person who made it that staff will look at it, and nobody else anything', async () => {
    const transactionId = paddleId('txn');
    const subscriptionId = paddleId('sub');
    await deliver(
      hub(),
      subscriptionCreated({
        subscriptionId,
        priceIds: [
          (await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: world.subscriptionId }))
            .priceIds[0]!,
        ],
        customData: { hubUserId: world.other.id, hubKeyId: 'k1', hubSignature: 'forged' },
        transactionId,
      }),
    );
    expect((await caller(world.asOther).billing.paymentStatus({ transactionId })).state).toBe('review');
    // Nothing was attached to anyone: the card still shows no subscription.
    expect((await caller(world.asOther).billing.subscription()).state).toBe('none');
    // Without the transaction id there is nothing to report.
    expect((await caller(world.asOther).billing.paymentStatus({ transactionId: null })).state).toBe(
      'pending',
    );
  });
});

describe('staff tools', () => {
  it('lists subscriptions with search, status and binding-problem filters, and paging', async () => {
    const staff = () => caller(world.asStaff).billingAdmin;
    const all = await staff().subscriptions({ limit: 50, offset: 0 });
    expect(all.total).toBeGreaterThanOrEqual(2);
    const mine = all.items.find((item) => item.paddleId === world.subscriptionId)!;
    expect(mine).toMatchObject({
      user: { id: world.person.id, email: world.person.email },
      customerPaddleId: world.customerId,
      bindingProblem: null,
      transactionId: 'txn_checkout1',
    });
    expect(mine.currentPeriodStart).toBeInstanceOf(Date);

    const byEmail = await staff().subscriptions({
      search: world.person.email.slice(0, 8).toUpperCase(),
      limit: 50,
      offset: 0,
    });
    expect(byEmail.items.map((item) => item.paddleId)).toEqual([world.subscriptionId]);
    for (const search of [world.subscriptionId, world.customerId, 'txn_checkout1']) {
      const found = await staff().subscriptions({ search, limit: 50, offset: 0 });
      expect(
        found.items.map((item) => item.paddleId),
        search,
      ).toEqual([world.subscriptionId]);
    }
    expect((await staff().subscriptions({ search: '%', limit: 50, offset: 0 })).total).toBe(0);

    const flagged = await staff().subscriptions({ flagged: true, limit: 50, offset: 0 });
    expect(flagged.items.length).toBeGreaterThanOrEqual(1);
    expect(flagged.items.every((item) => item.bindingProblem !== null && item.user === null)).toBe(true);
    const canceled = await staff().subscriptions({ status: 'canceled', limit: 50, offset: 0 });
    expect(canceled.items.every((item) => item.status === 'canceled')).toBe(true);

    const firstPage = await staff().subscriptions({ limit: 1, offset: 0 });
    const secondPage = await staff().subscriptions({ limit: 1, offset: 1 });
    expect(firstPage.total).toBe(all.total);
    expect(firstPage.items[0]?.id).not.toBe(secondPage.items[0]?.id);

    expect(await codeOf(staff().subscriptions({ status: 'gone' as 'active', limit: 50, offset: 0 }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('finds a subscription’s transactions in the event log by the subscription id', async () => {
    const transactionId = paddleId('txn');
    await deliver(
      hub(),
      transactionNotification({
        eventType: 'transaction.completed',
        transactionId,
        status: 'completed',
        customerId: world.customerId,
        subscriptionId: world.subscriptionId,
        customData: signCustomData(hub().config, world.person.id),
      }),
    );
    const events = await caller(world.asStaff).billingAdmin.events({
      search: world.subscriptionId,
      limit: 50,
      offset: 0,
    });
    const transaction = events.items.find((item) => item.entityId === transactionId);
    expect(transaction).toMatchObject({
      eventType: 'transaction.completed',
      subscriptionPaddleId: world.subscriptionId,
    });
    expect(
      events.items.every(
        (item) =>
          item.entityId === world.subscriptionId || item.subscriptionPaddleId === world.subscriptionId,
      ),
    ).toBe(true);
  });

  it('lists events with filters, shows the raw payload, and re-applies one', async () => {
    const staff = {
      get billingAdmin() {
        return caller(world.asStaff).billingAdmin;
      },
    };
    const list = await staff.billingAdmin.events({ eventType: 'subscription.', limit: 50, offset: 0 });
    expect(list.total).toBeGreaterThanOrEqual(1);
    expect(list.items.every((item) => item.eventType.startsWith('subscription.'))).toBe(true);
    const bySubscription = await staff.billingAdmin.events({
      search: world.subscriptionId,
      limit: 50,
      offset: 0,
    });
    const first = bySubscription.items.filter((item) => item.entityId === world.subscriptionId).at(-1)!;
    const detail = await staff.billingAdmin.event({ id: first.id });
    expect(JSON.parse(detail.rawBody)).toEqual(detail.payload);
    expect(detail.payload).toMatchObject({ data: { id: world.subscriptionId } });

    const reapplied = await staff.billingAdmin.reapplyEvent({ id: first.id });
    expect(reapplied.attempts).toBe(first.attempts + 1);
    expect(['applied', 'skipped']).toContain(reapplied.status);
  });

  it('resyncs a subscription from the Paddle API', async () => {
    standIn.subscriptions.get(world.subscriptionId)!.status = 'past_due';
    const resynced = await caller(world.asStaff).billingAdmin.resyncSubscription({
      paddleId: world.subscriptionId,
    });
    expect(resynced.status).toBe('past_due');
    expect(resynced.isActive).toBe(true);
    const synced = await hub().orm.em.fork().findOneOrFail(PaddleEvent, { eventType: 'subscription.synced' });
    expect(synced.status).toBe('applied');
    expect(
      await codeOf(caller(world.asStaff).billingAdmin.resyncSubscription({ paddleId: 'sub_unknown' })),
    ).toBe('NOT_FOUND');
  });

  it('manages plans with validation, unique names and prices, and audit', async () => {
    // One context per call, as over HTTP.
    const staff = {
      get billingAdmin() {
        return caller(world.asStaff).billingAdmin;
      },
    };
    const created = await staff.billingAdmin.createPlan({
      name: 'Family',
      description: 'For five.',
      paddlePriceIds: ['pri_family_m'],
      priceAmount: 1500,
      currency: 'eur',
      billingInterval: 'month',
      mailboxQuotaBytes: 100 * 1024 ** 3,
      maxAliases: 100,
      maxAppPasswords: 50,
      maxCustomDomains: 5,
      clientIds: [world.clientId],
      isActive: true,
      sortOrder: 5,
    });
    expect(created).toMatchObject({ currency: 'EUR', clients: [{ id: world.clientId, name: 'Files' }] });
    expect(await codeOf(staff.billingAdmin.createPlan({ ...baseInput(), name: 'Family' }))).toBe('CONFLICT');
    const clash = await staff.billingAdmin
      .createPlan({ ...baseInput(), name: 'Clash', paddlePriceIds: ['pri_family_m'] })
      .catch((e: TRPCError) => e);
    expect((clash as TRPCError).code).toBe('CONFLICT');
    expect((clash as TRPCError & { shape?: unknown }).message).toContain(
      'pri_family_m already buys the plan "Family"',
    );
    expect(
      await codeOf(staff.billingAdmin.createPlan({ ...baseInput(), name: '', paddlePriceIds: ['nope'] })),
    ).toBe('BAD_REQUEST');

    const updated = await staff.billingAdmin.updatePlan({ id: created.id, maxAliases: 80, clientIds: [] });
    // Fields not named stay as they were.
    expect(updated).toMatchObject({
      maxAliases: 80,
      clients: [],
      description: 'For five.',
      sortOrder: 5,
      isActive: true,
    });
    expect(await codeOf(staff.billingAdmin.deletePlan({ id: world.planIds.plus }))).toBe('CONFLICT');
    await staff.billingAdmin.deletePlan({ id: created.id });
    expect((await staff.billingAdmin.plans()).some((plan) => plan.id === created.id)).toBe(false);
    const actions = await query<{ action: string }>(
      hub().orm.em.fork(),
      sql`select action from audit_entries where entity_id = ${created.id} order by created_at`,
    );
    expect(actions.map((row) => row.action)).toEqual(['plan.created', 'plan.updated', 'plan.deleted']);
  });
});

function baseInput() {
  return {
    name: 'Base',
    description: null,
    paddlePriceIds: [] as string[],
    priceAmount: 0,
    currency: 'EUR',
    billingInterval: 'month' as const,
    mailboxQuotaBytes: 0,
    maxAliases: 0,
    maxAppPasswords: 0,
    maxCustomDomains: 0,
    clientIds: [] as string[],
    isActive: true,
    sortOrder: 0,
  };
}
