import {
  heldPlanOf,
  PaddleEvent,
  Plan,
  paddleId,
  settledPaddleKicks,
  signCustomData,
  signPaddleBody,
  subscriptionNotification,
} from '@accounts/core/billing';
import { User } from '@accounts/core/identity';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';

describe('POST /webhooks/paddle', () => {
  const hub = useTestHub(() => testConfig());
  const app = () => testApp({ hub: hub() });
  const secret = () => hub().config.paddle.webhookSecret;

  const notification = () =>
    JSON.stringify(
      subscriptionNotification({
        eventType: 'subscription.created',
        subscriptionId: paddleId('sub'),
        customerId: paddleId('ctm'),
        status: 'active',
        priceIds: ['pri_unsold'],
        customData: null,
      }),
    );
  const post = (body: string, signature: string | null) =>
    app().request('/webhooks/paddle', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'paddle-signature': signature }),
      },
      body,
    });
  const stored = () => hub().orm.em.fork().count(PaddleEvent, {});

  it('stores a correctly signed event once, answers 200, and applies it right after', async () => {
    const em = hub().orm.em.fork();
    const user = em.create(User, { email: 'webhook@example.test', username: 'webhook' });
    const plan = em.create(Plan, { name: 'Hook plan', paddlePriceIds: ['pri_hook'] });
    await em.flush();
    const event = subscriptionNotification({
      eventType: 'subscription.activated',
      subscriptionId: paddleId('sub'),
      customerId: paddleId('ctm'),
      status: 'active',
      priceIds: ['pri_hook'],
      customData: signCustomData(hub().config, user.id),
    });
    const body = JSON.stringify(event);
    const before = await stored();
    const response = await post(body, signPaddleBody(body, secret()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    await settledPaddleKicks(hub());
    const row = await hub()
      .orm.em.fork()
      .findOneOrFail(PaddleEvent, { eventId: event.event_id }, { populate: ['rawBody'] });
    expect(row.rawBody).toBe(body);
    expect(row.status).toBe('applied');
    const person = { plan: await heldPlanOf(hub().orm.em.fork(), user.id) };
    expect(person.plan?.id).toBe(plan.id);

    const again = await post(body, signPaddleBody(body, secret()));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(await stored()).toBe(before + 1);
  });

  it('answers every one of many notifications arriving at once only after storing it, each once, with its own request id', async () => {
    // More arrive together than the acknowledgement has INSERTs in flight: they share statements.
    const bodies = Array.from({ length: 40 }, () => notification());
    const redelivered = bodies[7]!;
    const deliveries = [...bodies, ...Array.from({ length: 10 }, () => redelivered)].map((body, index) => ({
      body,
      requestId: `concurrent-${index}`,
    }));
    const before = await stored();
    const answers = await Promise.all(
      deliveries.map(async ({ body, requestId }) => {
        const response = await app().request('/webhooks/paddle', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'paddle-signature': signPaddleBody(body, secret()),
            'x-request-id': requestId,
          },
          body,
        });
        return { status: response.status, json: (await response.json()) as { duplicate: boolean } };
      }),
    );
    await settledPaddleKicks(hub());
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(await stored()).toBe(before + 40);
    const redeliveryAnswers = answers.filter((_, index) => deliveries[index]!.body === redelivered);
    expect(redeliveryAnswers.filter((answer) => !answer.json.duplicate)).toHaveLength(1);
    const rows = await hub()
      .orm.em.fork()
      .find(PaddleEvent, {
        eventId: { $in: bodies.map((body) => (JSON.parse(body) as { event_id: string }).event_id) },
      });
    for (const row of rows) {
      const delivery = deliveries.find(
        ({ body }) =>
          (JSON.parse(body) as { event_id: string }).event_id === row.eventId && body !== redelivered,
      );
      if (delivery) expect(row.requestId).toBe(delivery.requestId);
      else expect(row.requestId).toMatch(/^concurrent-(7|4\d)$/);
    }
  });

  it('accepts several h1 values when one of them is right', async () => {
    const body = notification();
    const response = await post(body, signPaddleBody(body, ['pdl_ntfset_old', secret()]));
    expect(response.status).toBe(200);
    await settledPaddleKicks(hub());
  });

  it('refuses bad signatures with 401 and stores nothing', async () => {
    const body = notification();
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, string | null> = {
      'tampered body': signPaddleBody(body.replace('"active"', '"paused"'), secret()),
      'wrong secret': signPaddleBody(body, 'pdl_ntfset_someone_else'),
      'stale timestamp': signPaddleBody(body, secret(), now - 30),
      'malformed header': 'ts=now;h1=zzz',
      'only a timestamp': `ts=${now}`,
      'no header': null,
    };
    const before = await stored();
    for (const [name, signature] of Object.entries(cases)) {
      const response = await post(body, signature);
      expect(response.status, name).toBe(401);
      const json = (await response.json()) as { error: { code: string; message: string } };
      expect(json.error.code, name).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(json)).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(await stored()).toBe(before);
  });

  it('refuses a signed body that is not a Paddle notification with 400, storing nothing', async () => {
    const before = await stored();
    for (const body of ['not json', '{"hello":"world"}']) {
      const response = await post(body, signPaddleBody(body, secret()));
      expect(response.status, body).toBe(400);
    }
    expect(await stored()).toBe(before);
  });
});
