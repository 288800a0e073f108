import { randomBytes } from 'node:crypto';
import { buildSimulatedDelivery, Plan } from '@accounts/core/billing';
import {
  Client,
  ClientConnection,
  ClientEnvironment,
  generateEnvironmentToken,
} from '@accounts/core/clients';
import { User } from '@accounts/core/identity';
import type { HubConfig } from '@accounts/core/kernel';
import { OutboxEvent } from '@accounts/core/kernel';
import { type MikroORM, openDatabase } from '@accounts/core/orchestration';
import { testConfig } from '@accounts/core/testing';
import { type PaddleStandIn, startPaddleStandIn } from '@accounts/devkit/paddle-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecretsLogged } from './log-scan.ts';
import { type Stack, startStack } from './stack.ts';

/**
 * The whole Paddle path through the real API process: a signed webhook in, the subscription
 * applied in the background, the plan visible to a client app's server over tRPC, and the
 * subscription.* events in the outbox for client webhooks; then cancellation reverses it.
 */
describe('Paddle billing end to end', () => {
  let stack: Stack;
  let standIn: PaddleStandIn;
  let orm: MikroORM;
  let config: HubConfig;
  let userId: string;
  let clientToken: string;
  const webhookSecret = `pdl_ntfset_${randomBytes(12).toString('hex')}`;
  const encryptionKey = randomBytes(32);

  beforeAll(async () => {
    standIn = await startPaddleStandIn({ apiKey: 'pdl_e2e_key' });
    stack = await startStack({
      ENCRYPTION_KEY: encryptionKey.toString('base64'),
      PADDLE_WEBHOOK_SECRET: webhookSecret,
      PADDLE_API_KEY: 'pdl_e2e_key',
      PADDLE_API_URL: standIn.url,
      MAIL_LAPSED_MAILBOX: 'receive-only',
    });
    // The same settings the API runs with, for signing the way it verifies.
    config = testConfig({
      encryptionKeys: [{ id: 'k1', key: encryptionKey }],
      paddle: { webhookSecret, apiKey: 'pdl_e2e_key', apiBaseUrl: standIn.url },
    });
    orm = await openDatabase({ url: stack.database.url, poolMax: 2 });
    const em = orm.em.fork();
    const client = em.create(Client, { name: 'Calendar' });
    const plan = em.create(Plan, {
      name: 'Mail Plus',
      paddlePriceIds: ['pri_e2e_plus'],
      priceAmount: 900,
      mailboxQuotaBytes: 50 * 1024 ** 3,
      maxAliases: 50,
    });
    plan.clients.add(client);
    const token = generateEnvironmentToken();
    em.create(ClientEnvironment, {
      client,
      environment: 'prod',
      redirectUrl: 'https://calendar.example.test/callback',
      authToken: token.hash,
      tokenHint: token.hint,
    });
    const user = em.create(User, { email: 'subscriber@example.test', username: 'subscriber' });
    // The person has signed in to the app, so its server may ask about them.
    em.create(ClientConnection, { user, client });
    await em.flush();
    userId = user.id;
    clientToken = token.token;
  });

  afterAll(async () => {
    await orm?.close(true);
    await stack?.stop();
    await standIn?.stop();
  });

  const send = async (eventType: string) => {
    const delivery = await buildSimulatedDelivery(orm.em.fork(), config, {
      eventType,
      email: 'subscriber@example.test',
      planName: 'Mail Plus',
    });
    const response = await fetch(`${stack.url}/webhooks/paddle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'paddle-signature': delivery.signature },
      body: delivery.body,
    });
    return response;
  };

  const entitlements = async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { userId } }));
    const response = await fetch(`${stack.url}/trpc/entitlements.forUser?input=${input}`, {
      headers: { authorization: `Bearer ${clientToken}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      result: {
        data: {
          json: {
            clientAllowed: boolean;
            entitlements: { active: boolean; planName: string | null; mailbox: string };
          };
        };
      };
    };
    return body.result.data.json;
  };

  const outboxTypes = async () =>
    (await orm.em.fork().find(OutboxEvent, { userId }, { orderBy: { sequence: 'asc' } })).map(
      (event) => event.type,
    );

  it('refuses an unsigned webhook and changes nothing', async () => {
    const response = await fetch(`${stack.url}/webhooks/paddle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"event_id":"evt_1"}',
    });
    expect(response.status).toBe(401);
    expect((await entitlements()).entitlements.active).toBe(false);
  });

  it('a signed subscription.created turns the plan on for client apps and queues subscription.activated', async () => {
    const response = await send('subscription.created');
    expect(response.status).toBe(200);
    await expect.poll(async () => (await entitlements()).entitlements.active, { timeout: 10_000 }).toBe(true);
    const answer = await entitlements();
    expect(answer).toMatchObject({
      clientAllowed: true,
      entitlements: { planName: 'Mail Plus', mailbox: 'active' },
    });
    expect(await outboxTypes()).toEqual(['subscription.activated']);
    const [event] = await orm.em.fork().find(OutboxEvent, { userId, type: 'subscription.activated' });
    expect(event?.payload).toMatchObject({
      type: 'subscription.activated',
      data: {
        user: { id: userId },
        subscription: { status: 'active', planName: 'Mail Plus' },
        entitlements: { active: true, mailboxQuotaBytes: 50 * 1024 ** 3 },
      },
    });
  });

  it('cancellation reverses it: features off, mailbox receive-only, subscription.deactivated queued', async () => {
    expect((await send('subscription.canceled')).status).toBe(200);
    await expect
      .poll(async () => (await entitlements()).entitlements.active, { timeout: 10_000 })
      .toBe(false);
    expect((await entitlements()).entitlements).toMatchObject({ planName: null, mailbox: 'receive-only' });
    expect(await outboxTypes()).toEqual(['subscription.activated', 'subscription.deactivated']);
  });

  it('writes no Paddle signature, secret, token or key into any log line', () => {
    expectNoSecretsLogged(stack);
  });
});
