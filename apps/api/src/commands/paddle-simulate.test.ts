// `pnpm paddle:simulate` as a developer runs it: the root script (scripts/paddle-simulate.ts, which
// loads .env.example like `pnpm dev`) -> the API CLI -> a signed notification over real HTTP to a
// running API, with the Paddle stand-in told about the subscription. The event must land: stored,
// applied, and the person on the plan.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { heldPlanOf, PaddleEvent, Subscription, settledPaddleKicks } from '@accounts/core/billing';
import { User } from '@accounts/core/identity';
import { seedDevData } from '@accounts/core/orchestration';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { type PaddleStandIn, startPaddleStandIn } from '@accounts/devkit/paddle-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeServer } from '../http/node-server.ts';
import { testApp } from '../test-support.ts';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const KEY = randomBytes(32);
const WEBHOOK_SECRET = `pdl_ntfset_${randomBytes(12).toString('hex')}`;
const API_KEY = 'pdl_cli_test_key';

describe('pnpm paddle:simulate', () => {
  let standIn: PaddleStandIn;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    standIn = await startPaddleStandIn({ apiKey: API_KEY, webhook: null });
  });
  const hub = useTestHub(() =>
    testConfig({
      encryptionKeys: [{ id: 'k1', key: KEY }],
      paddle: { webhookSecret: WEBHOOK_SECRET, apiKey: API_KEY, apiBaseUrl: standIn.url },
    }),
  );
  beforeAll(async () => {
    server = createNodeServer(testApp({ hub: hub() }), { headers: [], lifecycle: { draining: false } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    await seedDevData(hub().orm.em.fork(), {
      staffEmail: 'staff@example.test',
      staffPassword: 'dev-password',
      demoRedirectUrl: 'http://localhost:4000/callback',
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await standIn?.stop();
  });

  /**
   * The root script with the dev settings, pointed at this test's database, API and stand-in.
   * Asynchronous: the API and the stand-in answer from this very process.
   */
  function simulate(...args: string[]): Promise<{ status: number | null; out: string; err: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['scripts/paddle-simulate.ts', ...args],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            DATABASE_URL: hub().database.url,
            PORT: String(port),
            ENCRYPTION_KEY: `k1:${KEY.toString('base64')}`,
            PADDLE_WEBHOOK_SECRET: WEBHOOK_SECRET,
            PADDLE_API_KEY: API_KEY,
            PADDLE_API_URL: standIn.url,
            LOG_LEVEL: 'warn',
          },
        },
        (error, stdout, stderr) =>
          resolve({
            status: error ? (typeof error.code === 'number' ? error.code : null) : 0,
            out: stdout,
            err: stderr,
          }),
      );
    });
  }

  it('sends a signed subscription.created that the API stores and applies, and tells the stand-in', async () => {
    const em = hub().orm.em.fork();
    const person = em.create(User, { email: 'buyer@example.test', username: 'buyer' });
    await em.flush();

    const run = await simulate('subscription.created', '--user', 'buyer@example.test', '--plan', 'Mail Plus');
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain(
      `-> http://127.0.0.1:${port}/webhooks/paddle: 200 {"received":true,"duplicate":false}`,
    );
    await settledPaddleKicks(hub());

    const check = hub().orm.em.fork();
    const event = await check.findOneOrFail(PaddleEvent, { eventType: 'subscription.created' });
    expect(event.status).toBe('applied');
    const subscription = await check.findOneOrFail(
      Subscription,
      { paddleId: event.entityId! },
      { populate: ['plan'] },
    );
    expect(subscription).toMatchObject({ status: 'active', isActive: true, bindingProblem: null });
    expect(subscription.user?.id).toBe(person.id);
    expect(subscription.plan?.name).toBe('Mail Plus');
    expect((await heldPlanOf(check, person.id))?.name).toBe('Mail Plus');
    expect(standIn.subscriptions.has(subscription.paddleId)).toBe(true);

    // The next event reuses the person's subscription: cancelling it turns the plan off.
    const cancel = await simulate('subscription.canceled', '--user', 'buyer@example.test');
    expect(cancel.status).toBe(0);
    await settledPaddleKicks(hub());
    const after = hub().orm.em.fork();
    expect(await after.count(Subscription, { user: person.id })).toBe(1);
    expect(await after.findOneOrFail(Subscription, { paddleId: subscription.paddleId })).toMatchObject({
      status: 'canceled',
      isActive: false,
    });
  }, 90_000);

  it('explains itself and refuses what it cannot send', async () => {
    const help = await simulate('--help');
    expect(help.status).toBe(0);
    expect(help.out).toContain('usage: pnpm paddle:simulate <event-type> --user <email>');

    expect((await simulate('subscription.created')).status).toBe(2); // no --user
    const unknown = await simulate('subscription.created', '--user', 'nobody@example.test');
    expect(unknown.status).toBe(2);
    expect(unknown.err).toContain('nobody@example.test');
  }, 90_000);
});
