// What the fuzz tests (fuzz-procedures.test.ts, fuzz-routes.test.ts) found, one plain test each:
// every one of these was a 500 with a stack in the log, or an event that failed three times in
// the background with an error logged each time. Each is now a clear 4xx that writes nothing, a
// skipped event, or (a signed password change at an impossible time) handled as "now".
import {
  kickPaddleEvents,
  PaddleEvent,
  paddleEventsJob,
  paddleId,
  signPaddleBody,
  stopPaddleKicks,
  subscriptionNotification,
} from '@accounts/core/billing';
import { SecurityEventReceipt, Session, User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { createPerson, sessionCookieFor, testConfig, useTestHub } from '@accounts/core/testing';
import { EVENT_PREFIX, type SecurityEventClaims } from '@accounts/devkit/fxa-stand-in';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMozillaHub } from './fuzz-support.ts';
import { signedIn, trpcCall, watchWrites, writeMark, writesSince } from './input-test-support.ts';
import { capturingLogger } from './routes/test-browser.ts';
import { testApp } from './test-support.ts';

const errorsIn = (log: ReturnType<typeof capturingLogger>) =>
  log.lines.filter((line) => line.level === 'error').map((line) => line.msg);

describe('fuzz findings: procedures and the Paddle webhook', () => {
  const base = useTestHub(() => testConfig());
  const log = capturingLogger();
  let live: Hub | undefined;
  const hub = (): Hub => (live ??= { ...base(), log });
  const app = () => testApp({ hub: hub() });

  beforeAll(async () => {
    await watchWrites(hub());
    // Stored events are applied below by the worker's job, when the test says so.
    kickPaddleEvents(hub());
    await stopPaddleKicks(hub());
  });

  it('audit.list refuses dates PostgreSQL cannot hold (year -39992) with a field error', async () => {
    const staff = await signedIn(hub(), (await createPerson(hub().orm.em.fork(), { isStaff: true })).id);
    const far = new Date(Date.UTC(-39992, 9, 25));
    // superjson's encoding of a Date, as the dashboard's client sends it.
    const input = JSON.stringify({ json: { from: far.toISOString() }, meta: { values: { from: ['Date'] } } });
    const answer = await trpcCall(app(), staff, 'query', 'audit.list', undefined, input);
    expect([answer.status, answer.error?.code]).toEqual([400, 'BAD_REQUEST']);
    expect(answer.error?.fieldErrors?.from).toEqual(['Choose a date between the years 1 and 9999.']);
    expect(errorsIn(log)).toEqual([]);
  });

  const post = (body: string) =>
    app().request('/webhooks/paddle', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'paddle-signature': signPaddleBody(body, hub().config.paddle.webhookSecret),
      },
      body,
    });
  const subscription = () =>
    subscriptionNotification({
      eventType: 'subscription.updated',
      subscriptionId: paddleId('sub'),
      customerId: paddleId('ctm'),
      status: 'active',
      priceIds: [],
      customData: null,
    }) as unknown as Record<string, unknown> & { data: Record<string, unknown> };

  it('/webhooks/paddle refuses a signed notification with NUL in an id or an unreadable time: 400, nothing stored', async () => {
    const cases: Record<string, (body: ReturnType<typeof subscription>) => void> = {
      'NUL in notification_id': (body) => {
        body.notification_id = '\u0000';
      },
      'NUL in event_id': (body) => {
        body.event_id = 'evt_\u0000';
      },
      'lone surrogate in event_type': (body) => {
        body.event_type = 'subscription.\ud800';
      },
      'NUL in data.id': (body) => {
        body.data.id = 'sub_\u0000';
      },
      'NUL in data.status': (body) => {
        body.data.status = 'active\u0000';
      },
      'occurred_at "1" (Date.parse takes it, PostgreSQL does not)': (body) => {
        body.occurred_at = '1';
      },
      'occurred_at on 30 February': (body) => {
        body.occurred_at = '2026-02-30T10:00:00.000000Z';
      },
      'occurred_at in the year 0': (body) => {
        body.occurred_at = '0000-01-01T00:00:00Z';
      },
    };
    for (const [name, spoil] of Object.entries(cases)) {
      const body = subscription();
      spoil(body);
      const mark = await writeMark(hub());
      const response = await post(JSON.stringify(body));
      expect([name, response.status]).toEqual([name, 400]);
      expect(await writesSince(hub(), mark), name).toEqual([]);
    }
    expect(errorsIn(log)).toEqual([]);
  });

  it('skips a stored Paddle event whose data cannot be kept (over 255 characters, NUL in custom_data), logging no error', async () => {
    const longCustomer = subscription();
    longCustomer.data.customer_id = 'x'.repeat(300);
    const nulInCustomData = subscription();
    nulInCustomData.data.custom_data = { note: 'a\u0000b' };
    const bodies = [longCustomer, nulInCustomData];
    for (const body of bodies) expect((await post(JSON.stringify(body))).status).toBe(200);
    while ((await paddleEventsJob.runOnce(hub())) > 0) {}
    const events = await hub()
      .orm.em.fork()
      .find(PaddleEvent, { eventId: { $in: bodies.map((body) => body.event_id as string) } });
    expect(events.map((event) => event.status)).toEqual(bodies.map(() => 'skipped'));
    expect(errorsIn(log)).toEqual([]);
  });
});

describe('fuzz findings: Mozilla account events', () => {
  const { fxa, hub, log } = useMozillaHub();

  it('refuses a signed event with NUL in its jti or an event name with a lone surrogate: 401, nothing recorded', async () => {
    await watchWrites(hub());
    const em = hub().orm.em.fork();
    const { uid } = fxa().account('finding@example.test');
    em.create(User, { email: 'finding@example.test', username: 'finding', fxaId: uid });
    await em.flush();
    const app = testApp({ hub: hub() });
    const events: SecurityEventClaims[] = [
      { sub: uid, aud: 'hub', jti: 'a\u0000b', events: { [`${EVENT_PREFIX}password-change`]: {} } },
      { sub: uid, aud: 'hub', events: { [`${EVENT_PREFIX}\ud800`]: {} } },
    ];
    for (const claims of events) {
      const mark = await writeMark(hub());
      const token = await fxa().signSecurityEvent(claims);
      const response = await app.request('/webhooks/mozilla-accounts', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
      expect(await writesSince(hub(), mark)).toEqual([]);
    }
    expect(await hub().orm.em.fork().count(SecurityEventReceipt, {})).toBe(0);
    expect(errorsIn(log)).toEqual([]);
  });

  it('reads a password change at a time no Date can hold (1e300) as now: 200, older sessions ended', async () => {
    const em = hub().orm.em.fork();
    const { uid } = fxa().account('far-future@example.test');
    const user = em.create(User, { email: 'far-future@example.test', username: 'farfuture', fxaId: uid });
    await em.flush();
    const app = testApp({ hub: hub() });
    for (const claims of [
      { sub: uid, aud: 'hub', events: { [`${EVENT_PREFIX}password-change`]: { changeTime: 1e300 } } },
      { sub: uid, aud: 'hub', iat: 4.6e300, events: { [`${EVENT_PREFIX}password-change`]: {} } },
    ]) {
      await sessionCookieFor(hub(), user, 'fxa');
      const response = await app.request('/webhooks/mozilla-accounts', {
        method: 'POST',
        headers: { authorization: `Bearer ${await fxa().signSecurityEvent(claims)}` },
      });
      expect(response.status).toBe(200);
      expect(await hub().orm.em.fork().count(Session, { user: user.id })).toBe(0);
    }
    expect(errorsIn(log)).toEqual([]);
  });
});
