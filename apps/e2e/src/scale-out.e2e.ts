// Two API processes and two workers against one PostgreSQL database, as behind a load balancer:
// everything a person or a client app relies on is shared through the database, never held in
// one process. Everything on loopback; every wait is bounded.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSimulatedDelivery, heldPlanOf, PaddleEvent, Plan } from '@accounts/core/billing';
import { ClientConnection, WebhookDelivery } from '@accounts/core/clients';
import { User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { hashSecret, OutboxEvent } from '@accounts/core/kernel';
import { type Receiver, startReceiver } from '@accounts/core/testing';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubClient } from './client-app.ts';
import { openStackHub, registerClientApp } from './hub-data.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import {
  type ApiProcess,
  type ObservedWorker,
  type Stack,
  startApi,
  startObservedWorker,
  startStack,
  waitForIdleRun,
} from './stack.ts';

const CLI = fileURLToPath(new URL('../../api/src/cli.ts', import.meta.url));
const PASSWORD = 'a long enough password for the cluster';
const PADDLE_SECRET = 'pdl_ntfset_scale_out_e2e_secret';

/** A tRPC call the way the dashboard makes it: superjson body, our Origin, the session cookie. */
async function trpc(
  api: ApiProcess,
  stack: Stack,
  procedure: string,
  options: { input?: unknown; cookie?: string; requestId?: string; mutation?: boolean } = {},
) {
  const headers: Record<string, string> = { origin: stack.env.PUBLIC_URL! };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.requestId) headers['x-request-id'] = options.requestId;
  const url = `${api.url}/trpc/${procedure}`;
  const response = options.mutation
    ? await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ json: options.input ?? null }),
      })
    : await fetch(url, { headers });
  const body = (await response.json()) as {
    result?: { data: { json: Record<string, unknown> } };
    error?: { json: { message: string; data: { code: string } } };
  };
  return { response, data: body.result?.data.json, error: body.error?.json };
}

const signIn = (api: ApiProcess, stack: Stack, identifier: string, password: string) =>
  trpc(api, stack, 'auth.signInWithPassword', { input: { identifier, password }, mutation: true });

/** The `name=value` of the session cookie an answer set, remembered as a secret of the stack. */
function sessionCookieOf(stack: Stack, response: Response): string {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('accounts_session='));
  if (!cookie) throw new Error('no session cookie was set');
  const pair = cookie.split(';')[0]!;
  stack.secrets.remember(pair.slice(pair.indexOf('=') + 1));
  return pair;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('two API processes and two workers on one database', () => {
  let stack: Stack;
  let a: ApiProcess;
  let b: ApiProcess;
  let hub: Hub;
  let receiver: Receiver;
  let app: Awaited<ReturnType<typeof registerClientApp>>;
  let workers: ObservedWorker[];

  const createPerson = async (email: string) => {
    const em = hub.orm.em.fork();
    const user = em.create(User, {
      email,
      username: email.split('@')[0]!.replace(/[^a-z0-9]/g, ''),
      password: await hashSecret(PASSWORD),
    });
    em.create(ClientConnection, { user, client: app.client.id });
    await em.flush();
    return user;
  };

  beforeAll(async () => {
    stack = await startStack({ PADDLE_WEBHOOK_SECRET: PADDLE_SECRET, WEBHOOKS_TIMEOUT_MS: '2000' });
    a = stack;
    stack.secrets.remember(PASSWORD, 'not the password at all');
    b = await startApi(stack);
    hub = await openStackHub(stack);
    receiver = await startReceiver();
    receiver.delayMs = 20;
    app = await registerClientApp(hub, { name: 'Scale Out', webhookUrl: receiver.url });
    receiver.secrets.push(app.webhook!.secret);
    workers = await Promise.all([startObservedWorker(stack), startObservedWorker(stack)]);
  });
  afterAll(async () => {
    await receiver?.close();
    await hub?.orm.close(true);
    await stack?.stop();
  });

  it('runs as four separate processes that all answer for the same public address', () => {
    expect(a.url).not.toBe(b.url);
    expect(stack.processes.map((entry) => entry.role).sort()).toEqual(['api', 'api', 'worker', 'worker']);
    expect(new Set(stack.processes.map((entry) => entry.child.pid)).size).toBe(4);
  });

  it('shares sessions: signed in on A, recognised on B; signed out on B, refused on A at once', async () => {
    await createPerson('roaming@example.test');
    const signedIn = await signIn(a, stack, 'roaming@example.test', PASSWORD);
    expect(signedIn.response.status).toBe(200);
    const cookie = sessionCookieOf(stack, signedIn.response);

    const onB = await trpc(b, stack, 'me.get', { cookie });
    expect(onB.response.status).toBe(200);
    expect(onB.data).toMatchObject({ email: 'roaming@example.test' });
    expect((await trpc(a, stack, 'me.get', { cookie })).response.status).toBe(200);

    const signedOut = await trpc(b, stack, 'auth.signOut', { cookie, mutation: true });
    expect(signedOut.response.status).toBe(200);
    // No cache anywhere keeps the ended session alive: the very next request on A is refused.
    const afterwards = await trpc(a, stack, 'me.get', { cookie });
    expect(afterwards.response.status).toBe(401);
    expect(afterwards.error?.data.code).toBe('UNAUTHORIZED');
  });

  it('shares password throttling: failures spread over A and B count against one limit', async () => {
    await createPerson('guessed@example.test');
    // Five failures in all, but never more than three on one process.
    for (const api of [a, b, a, b, a]) {
      const attempt = await signIn(api, stack, 'guessed@example.test', 'not the password at all');
      expect(attempt.error?.data.code).toBe('UNAUTHORIZED');
    }
    // B saw only two failures itself; the shared count refuses even the right password.
    const throttled = await signIn(b, stack, 'guessed@example.test', PASSWORD);
    expect(throttled.response.status).toBe(429);
    expect(throttled.error?.message).toMatch(/Try again in \d+ s/);
    expect((await signIn(a, stack, 'guessed@example.test', PASSWORD)).response.status).toBe(429);
  });

  it('shares signing keys: a rotated key is published by both at once, and tokens signed by A verify with B’s JWKS', async () => {
    const person = await createPerson('token-holder@example.test');
    const cookie = sessionCookieOf(stack, (await signIn(a, stack, person.email, PASSWORD)).response);
    const jwksOf = async (api: ApiProcess) =>
      (await (await fetch(`${api.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const kids = (jwks: JSONWebKeySet) => jwks.keys.map((key) => key.kid).sort();

    /** The whole client-app login on one process: login link, code, exchange. */
    const tokenFrom = async (api: ApiProcess) => {
      const client = hubClient(api.url, app.token);
      const { url } = await client.clientAuth.createLoginUrl.mutate({ state: 'scale-out-state' });
      const onThisProcess = new URL(new URL(url).pathname, api.url);
      const redirect = await fetch(onThisProcess, { headers: { cookie }, redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
      stack.secrets.rememberOneTime(code);
      const tokens = await client.clientAuth.exchange.mutate({ code });
      stack.secrets.remember(tokens.accessToken, tokens.refreshToken);
      return tokens.accessToken;
    };
    const verifyWith = async (api: ApiProcess, token: string) =>
      (
        await jwtVerify(token, createLocalJWKSet(await jwksOf(api)), {
          issuer: stack.env.PUBLIC_URL,
          audience: app.environment.id,
        })
      ).payload;

    const before = await tokenFrom(a);
    expect((await verifyWith(b, before)).sub).toBe(person.id);
    expect(kids(await jwksOf(a))).toEqual(kids(await jwksOf(b)));

    const rotation = spawnSync(process.execPath, [CLI, 'keys:rotate', '--lead-seconds', '0'], {
      env: { PATH: process.env.PATH ?? '', ...stack.env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(rotation.status).toBe(0);
    const newKid = /new signing key (\S+):/.exec(rotation.stdout)?.[1];
    expect(newKid).toBeDefined();
    // Published by both processes at once, and the retired key stays for its tokens.
    for (const api of [a, b]) {
      expect(kids(await jwksOf(api))).toContain(newKid);
      expect(kids(await jwksOf(api))).toContain(decodeProtectedHeader(before).kid);
    }
    expect(kids(await jwksOf(a))).toEqual(kids(await jwksOf(b)));

    // Each process may sign with the old key for up to a minute (its key cache); both keys are
    // published everywhere, so whichever signed, the other process's JWKS verifies it.
    const fromB = await tokenFrom(b);
    expect((await verifyWith(a, fromB)).sub).toBe(person.id);
    const fromA = await tokenFrom(a);
    expect((await verifyWith(b, fromA)).sub).toBe(person.id);
    // The token signed before the rotation still verifies on both.
    expect((await verifyWith(a, before)).sub).toBe(person.id);
  });

  it('delivers events emitted through both APIs exactly once, each person’s in order, signed per Standard Webhooks', async () => {
    const people = await Promise.all(
      Array.from({ length: 6 }, (_, n) => createPerson(`spread${n}@example.test`)),
    );
    const cookies = new Map<string, string>();
    for (const [n, person] of people.entries()) {
      const api = n % 2 === 0 ? a : b;
      cookies.set(
        person.id,
        sessionCookieOf(stack, (await signIn(api, stack, person.email, PASSWORD)).response),
      );
    }
    const received = receiver.received.length;
    const requestIds = new Map<string, string[]>();
    for (let round = 0; round < 4; round += 1) {
      await Promise.all(
        people.map(async (person, n) => {
          // Alternate processes per round and per person, so each person's events come from both.
          const api = (round + n) % 2 === 0 ? a : b;
          const requestId = `scale-${n}-${round}`;
          const update = await trpc(api, stack, 'profile.update', {
            input: { displayName: `Round ${round}`, language: 'en', timezone: 'UTC' },
            cookie: cookies.get(person.id),
            requestId,
            mutation: true,
          });
          expect(update.response.status).toBe(200);
          requestIds.set(person.id, [...(requestIds.get(person.id) ?? []), requestId]);
        }),
      );
    }
    const total = people.length * 4;
    const em = hub.orm.em.fork();
    const emitted = await em.find(
      OutboxEvent,
      { type: 'user.updated', userId: { $in: people.map((person) => person.id) } },
      { orderBy: { sequence: 'asc' } },
    );
    expect(emitted).toHaveLength(total);
    const succeeded = () =>
      em.count(WebhookDelivery, {
        status: 'succeeded',
        event: { $in: emitted.map((event) => event.id) },
      });
    await waitFor('every delivery to succeed', async () => (await succeeded()) === total);
    // Nothing is left to send, and each worker has since finished a delivery run that found
    // nothing: any duplicate it sent has arrived by now, so counting arrivals is final.
    await waitForIdleRun(workers, 'webhooks.deliver');

    const mine = receiver.received.slice(received);
    expect(mine).toHaveLength(total);
    expect(new Set(mine.map((webhook) => webhook.id)).size).toBe(total);
    expect(mine.every((webhook) => webhook.verified)).toBe(true);
    for (const person of people) {
      const arrived = mine
        .filter((webhook) => (webhook.payload.data.user as { id: string }).id === person.id)
        .map((webhook) => webhook.id);
      expect(arrived).toEqual(emitted.filter((event) => event.userId === person.id).map((event) => event.id));
      // The event names the request that caused it: stored with the event, logged by the worker.
      const byRequest = emitted.filter((event) => event.userId === person.id).map((event) => event.requestId);
      expect(byRequest).toEqual(requestIds.get(person.id));
    }
    expect(await succeeded()).toBe(total);
    const workerLogs = stack.processes
      .filter((entry) => entry.role === 'worker')
      .flatMap((entry) => entry.logs);
    const deliveredLines = workerLogs
      .filter((line) => line.includes('"webhook delivered"'))
      .map((line) => JSON.parse(line) as { eventId: string; requestId?: string })
      .filter((line) => emitted.some((event) => event.id === line.eventId));
    expect(deliveredLines).toHaveLength(total);
    for (const line of deliveredLines) {
      expect(line.requestId).toBe(emitted.find((event) => event.id === line.eventId)?.requestId);
    }
  });

  it('applies a signed Paddle event sent to both APIs once', async () => {
    const person = await createPerson('payer@example.test');
    const em = hub.orm.em.fork();
    em.create(Plan, {
      name: 'Scale Plus',
      paddlePriceIds: ['pri_scale_plus'],
      priceAmount: 900,
      mailboxQuotaBytes: 10 * 1024 ** 3,
    });
    await em.flush();
    const config = { ...hub.config, paddle: { ...hub.config.paddle, webhookSecret: PADDLE_SECRET } };
    const delivery = await buildSimulatedDelivery(hub.orm.em.fork(), config, {
      eventType: 'subscription.created',
      email: person.email,
      planName: 'Scale Plus',
    });
    // Paddle redelivers at least once: the same notification reaches both instances at once.
    const post = (api: ApiProcess) =>
      fetch(`${api.url}/webhooks/paddle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'paddle-signature': delivery.signature },
        body: delivery.body,
      });
    const answers = await Promise.all([post(a), post(b), post(a), post(b)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    // Stored once: the other three answers say duplicate, so only one process was asked to apply it.
    const receipts = (await Promise.all(answers.map((answer) => answer.json()))) as { duplicate: boolean }[];
    expect(receipts.filter((receipt) => !receipt.duplicate)).toHaveLength(1);

    const eventId = delivery.notification.event_id;
    const applied = await waitFor('the event to be applied', async () => {
      const rows = await hub.orm.em.fork().find(PaddleEvent, { eventId });
      return rows.length === 1 && rows[0]!.status === 'applied' ? rows : null;
    });
    expect(applied).toHaveLength(1);
    // Applying claims only pending events. Each worker has since finished a paddle-events run that
    // found nothing, so none of them is applying it a second time: what was announced is final.
    await waitForIdleRun(workers, 'paddle-events');
    const announced = await hub.orm.em
      .fork()
      .find(OutboxEvent, { userId: person.id, type: { $like: 'subscription.%' } });
    expect(announced.map((event) => event.type)).toEqual(['subscription.activated']);
    expect(await hub.orm.em.fork().count(PaddleEvent, { eventId })).toBe(1);
    expect((await heldPlanOf(hub.orm.em.fork(), person.id))?.name).toBe('Scale Plus');
  });

  it('writes no cookie, password, token or secret into any log line of the four processes', () => {
    expectNoSecretsLogged(stack);
  });
});
