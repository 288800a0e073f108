// Property-based fuzzing of the three HTTP routes that take input from outside the hub:
// /webhooks/paddle (signed notifications, some spoiled in one place), /webhooks/mozilla-accounts
// (Security Event Tokens, signed or not) and the sign-in redirects under /auth/*. Against the real
// app and a real database: no 5xx, no unexpected error in the log, and a refusal writes nothing.
// Seeded (fuzz-support.ts), so a failure replays; prints its counts. No request goes to /trpc.
import {
  customerNotification,
  kickPaddleEvents,
  Plan,
  paddleEventsJob,
  signCustomData,
  signPaddleBody,
  stopPaddleKicks,
  subscriptionNotification,
  transactionNotification,
} from '@accounts/core/billing';
import { User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { createPerson, testConfig, useTestHub } from '@accounts/core/testing';
import { EVENT_PREFIX } from '@accounts/devkit/fxa-stand-in';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  anyValue,
  checked,
  GROUP_MINIMUM,
  GROUP_TIME_LIMIT_MS,
  hostileString,
  reportCounts,
  runSettings,
  safeUri,
  tallies,
  useMozillaHub,
} from './fuzz-support.ts';
import { watchWrites } from './input-test-support.ts';
import { capturingLogger } from './routes/test-browser.ts';
import { testApp } from './test-support.ts';

afterAll(reportCounts);

describe('fuzz: the Paddle webhook', () => {
  const base = useTestHub(() => testConfig());
  const log = capturingLogger();
  let live: Hub | undefined;
  const hub = (): Hub => (live ??= { ...base(), log });

  it(
    'answers every generated Paddle notification without a 5xx, and stores none it refuses',
    async () => {
      const app = testApp({ hub: hub() });
      const context = { hub: hub(), log };
      await watchWrites(hub());
      // Each stored event is applied at once by the worker's job, as a worker would, rather than by
      // the in-process runner, which waits for an idle moment (most of the fuzz's time otherwise).
      kickPaddleEvents(hub());
      await stopPaddleKicks(hub());
      const applyStored = async () => {
        while ((await paddleEventsJob.runOnce(hub())) > 0) {}
      };
      const secret = hub().config.paddle.webhookSecret;
      // Someone the hub knows and a plan it sells: events bound to them (signed custom_data, a
      // known email) get past binding to entitlements and the mailbox.
      const em = hub().orm.em.fork();
      const person = await createPerson(em);
      em.create(Plan, { name: 'Fuzz plan', paddlePriceIds: ['pri_01fuzz'] });
      await em.flush();
      const bound = signCustomData(hub().config, person.id);
      const paddleId = (prefix: string) =>
        fc.stringMatching(/^[a-z0-9]{26}$/).map((id) => `${prefix}_01${id}`);
      const time = fc.oneof(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.constant(new Date()),
      );
      const notification = fc.oneof(
        fc
          .record({
            eventType: fc.constantFrom(
              'subscription.created',
              'subscription.activated',
              'subscription.updated',
              'subscription.canceled',
              'subscription.past_due',
              'subscription.paused',
            ),
            subscriptionId: paddleId('sub'),
            customerId: paddleId('ctm'),
            eventId: paddleId('evt'),
            status: fc.constantFrom('active', 'canceled', 'past_due', 'paused', 'trialing' as const),
            priceIds: fc.array(fc.constantFrom('pri_unsold', 'pri_01fuzz'), { maxLength: 2 }),
            customData: fc.oneof(
              fc.constant(null),
              fc.constant(bound),
              fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 }),
            ),
            occurredAt: time,
          })
          .map((options) => subscriptionNotification(options) as unknown as Record<string, unknown>),
        fc
          .record({
            eventType: fc.constantFrom('transaction.completed', 'transaction.paid', 'transaction.created'),
            transactionId: paddleId('txn'),
            status: fc.constantFrom('completed', 'paid', 'ready'),
            customerId: fc.oneof(fc.constant(null), paddleId('ctm')),
            subscriptionId: fc.oneof(fc.constant(null), paddleId('sub')),
            customData: fc.constantFrom(null, bound),
            eventId: paddleId('evt'),
            occurredAt: time,
          })
          .map((options) => transactionNotification(options) as unknown as Record<string, unknown>),
        fc
          .record({
            eventType: fc.constantFrom('customer.created', 'customer.updated'),
            customerId: paddleId('ctm'),
            email: fc.oneof(fc.emailAddress(), fc.constant(person.email)),
            eventId: paddleId('evt'),
            occurredAt: time,
          })
          .map((options) => customerNotification(options) as unknown as Record<string, unknown>),
      );
      // One field anywhere in the notification replaced by something hostile.
      const mutated = fc
        .tuple(notification, fc.nat(), fc.oneof(hostileString, anyValue))
        .map(([body, pick, value]) => {
          const paths: string[][] = [];
          const walk = (node: unknown, at: string[]) => {
            if (at.length) paths.push(at);
            if (node && typeof node === 'object')
              for (const [key, child] of Object.entries(node)) walk(child, [...at, key]);
          };
          walk(body, []);
          const path = paths[pick % paths.length]!;
          let node = body as Record<string, unknown>;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
          node[path.at(-1)!] = value;
          return body;
        });
      const request = fc.oneof(
        { weight: 3, arbitrary: notification.map((body) => ({ body: JSON.stringify(body), signed: true })) },
        { weight: 6, arbitrary: mutated.map((body) => ({ body: JSON.stringify(body), signed: true })) },
        {
          weight: 1,
          arbitrary: anyValue.map((body) => ({ body: JSON.stringify(body) ?? '', signed: true })),
        },
        {
          weight: 1,
          arbitrary: fc
            .oneof(
              hostileString,
              mutated.map((body) => JSON.stringify(body)),
            )
            .map((body) => ({ body, signed: false })),
        },
      );
      const signature = fc.oneof(
        { weight: 8, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: hostileString.filter((value) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value)) },
        {
          weight: 1,
          arbitrary: fc.integer({ min: 0, max: 2 ** 33 }).map((ts) => `ts=${ts};h1=${'0'.repeat(64)}`),
        },
      );
      await fc.assert(
        fc.asyncProperty(request, signature, async ({ body, signed }, forged) => {
          const header = forged ?? (signed ? signPaddleBody(body, secret) : null);
          await checked(
            context,
            'POST /webhooks/paddle',
            `paddle ${header === null ? 'unsigned' : 'signed'} ${body.slice(0, 300)}`,
            () =>
              app.request('/webhooks/paddle', {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  ...(header === null ? {} : { 'paddle-signature': header }),
                },
                body,
              }),
            (status) => status === 200,
            applyStored,
          );
        }),
        runSettings(GROUP_MINIMUM),
      );
      expect(tallies.get('POST /webhooks/paddle')!.tried).toBeGreaterThanOrEqual(GROUP_MINIMUM);
    },
    GROUP_TIME_LIMIT_MS + 60_000,
  );
});

describe('fuzz: Mozilla account events and the sign-in routes', () => {
  const { fxa, hub, log } = useMozillaHub();

  it(
    'answers every generated account event without a 5xx, and records none it refuses',
    async () => {
      const app = testApp({ hub: hub() });
      const context = { hub: hub(), log };
      await watchWrites(hub());
      const em = hub().orm.em.fork();
      const uids = ['fuzz-one@example.test', 'fuzz-two@example.test'].map((email) => {
        const { uid } = fxa().account(email);
        em.create(User, { email, username: email.split('@')[0]!.replace('-', ''), fxaId: uid });
        return uid;
      });
      await em.flush();
      const eventName = fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .constantFrom('password-change', 'profile-change', 'subscription-state-change', 'delete-user')
            .map((name) => `${EVENT_PREFIX}${name}`),
        },
        { weight: 1, arbitrary: hostileString },
      );
      const claims = fc.record({
        sub: fc.oneof(fc.constantFrom(...uids), hostileString, anyValue),
        aud: fc.oneof({ weight: 8, arbitrary: fc.constant('hub') }, { weight: 1, arbitrary: anyValue }),
        jti: fc.oneof(
          { weight: 4, arbitrary: fc.uuid() },
          { weight: 1, arbitrary: hostileString },
          { weight: 1, arbitrary: anyValue },
        ),
        iat: fc.oneof(
          fc.constant(undefined),
          fc.double({ noDefaultInfinity: true, noNaN: true }),
          fc.integer(),
        ),
        events: fc.oneof(
          {
            weight: 6,
            arbitrary: fc.dictionary(
              eventName,
              fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 3 }),
              { maxKeys: 2 },
            ),
          },
          { weight: 1, arbitrary: anyValue },
        ),
      });
      const token = fc.oneof(
        { weight: 5, arbitrary: claims.map((value) => ({ claims: value, foreign: false })) },
        { weight: 1, arbitrary: claims.map((value) => ({ claims: value, foreign: true })) },
        { weight: 1, arbitrary: hostileString.map((raw) => ({ raw })) },
      );
      await fc.assert(
        fc.asyncProperty(token, async (choice) => {
          const header =
            'raw' in choice
              ? choice.raw
              : `Bearer ${await fxa().signSecurityEvent(choice.claims as never, { foreignKey: choice.foreign })}`;
          await checked(
            context,
            'POST /webhooks/mozilla-accounts',
            `account event ${header.slice(0, 300)}`,
            () =>
              app.request('/webhooks/mozilla-accounts', {
                method: 'POST',
                headers: /^[\t\x20-\x7e\x80-\xff]*$/.test(header) ? { authorization: header } : {},
              }),
            (status) => status === 200,
          );
        }),
        runSettings(GROUP_MINIMUM),
      );
      expect(tallies.get('POST /webhooks/mozilla-accounts')!.tried).toBeGreaterThanOrEqual(GROUP_MINIMUM);
    },
    GROUP_TIME_LIMIT_MS + 60_000,
  );

  it(
    'answers every generated sign-in request with a redirect, never an unexpected failure, and writes nothing',
    async () => {
      const app = testApp({ hub: hub() });
      const context = { hub: hub(), log };
      await watchWrites(hub());
      // A sign-in in progress, so /auth/callback gets as far as its state check and the code exchange.
      const started = await app.request('/auth/sign-in');
      const pending = started.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0]!)
        .join('; ');
      const state = new URL(started.headers.get('location')!).searchParams.get('state')!;
      const param = fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            state,
            '/mail',
            '/',
            '//evil.example',
            'https://evil.example',
            'access_denied',
          ),
        },
        { weight: 4, arbitrary: hostileString },
        { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
      );
      const path = fc.oneof(
        fc.record({
          route: fc.constant('/auth/sign-in'),
          query: fc.record({ return_to: param }, { requiredKeys: [] }),
        }),
        fc.record({
          route: fc.constant('/auth/continue'),
          query: fc.record({ return_to: param }, { requiredKeys: [] }),
        }),
        fc.record({
          route: fc.constant('/auth/callback'),
          query: fc.record({ code: param, state: param, error: param }, { requiredKeys: [] }),
        }),
        fc.record({ route: param.map((code) => `/auth/login/${safeUri(code)}`), query: fc.constant({}) }),
      );
      await fc.assert(
        fc.asyncProperty(path, fc.boolean(), async ({ route, query }, withPending) => {
          const search = Object.entries(query)
            .map(([key, value]) => `${key}=${safeUri(value as string)}`)
            .join('&');
          const target = `${route}${search ? `?${search}` : ''}`;
          const response = await checked(
            context,
            'GET /auth/*',
            `GET ${target.slice(0, 300)}`,
            () => app.request(target, { headers: withPending ? { cookie: pending } : {} }),
            () => false,
          );
          // A login path whose code is empty, "." or ".." is no login path once the URL is read.
          const isRoute = !/^\/auth\/login\/?$/.test(new URL(target, 'http://hub.test').pathname);
          expect([target, response.status]).toEqual([target, isRoute ? 302 : 404]);
          expect(response.headers.get('location') ?? '', target).not.toMatch(/reason=unknown/);
        }),
        runSettings(GROUP_MINIMUM),
      );
      expect(tallies.get('GET /auth/*')!.tried).toBeGreaterThanOrEqual(GROUP_MINIMUM);
    },
    GROUP_TIME_LIMIT_MS + 60_000,
  );
});
