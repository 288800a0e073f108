import { connect, createServer, type Server, type Socket } from 'node:net';
import {
  paddleId,
  settledPaddleKicks,
  signPaddleBody,
  subscriptionNotification,
} from '@accounts/core/billing';
import type { Hub, Logger } from '@accounts/core/kernel';
import { openDatabase } from '@accounts/core/orchestration';
import {
  createTestDatabase,
  createTestUser,
  sessionCookieFor,
  type TestDatabase,
  testConfig,
} from '@accounts/core/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedApp, serveApp, testApp } from './test-support.ts';

/**
 * A TCP relay between the hub and PostgreSQL that the test can cut (every connection dropped, the
 * port closed: what the hub sees when the database goes away) and restore.
 */
async function databaseRelay(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  let silent = false;
  let unanswered = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        if (silent) {
          // Accepted, then never a byte back: a blackholed host or a stuck proxy.
          unanswered += 1;
          sockets.add(client);
          client.on('error', () => {});
          client.on('close', () => sockets.delete(client));
          return;
        }
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => {});
          socket.on('close', () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await open();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    /** Drops every connection and stops listening; resolves once the port is closed. */
    cut: () =>
      new Promise<void>((resolve) => {
        server!.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    restore: open,
    /** Drops every connection; new ones are accepted but never answered, until `speak`. */
    silence: () => {
      silent = true;
      for (const socket of sockets) socket.destroy();
    },
    /** Connections accepted (and never answered) while silent. */
    unanswered: () => unanswered,
    speak: () => {
      silent = false;
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** A logger that keeps each line's level, message and error text. */
function recordingLogger(lines: string[]): Logger {
  const record =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      const err = typeof obj === 'object' ? (obj as { err?: unknown }).err : undefined;
      lines.push(`${level} ${msg ?? obj} ${err instanceof Error ? err.message : String(err ?? '')}`);
    };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    child: () => logger,
  };
  return logger;
}

const deserialize = async (response: Response) => {
  const body = (await response.json()) as unknown;
  const one = (item: { error?: unknown; result?: { data: unknown } }) =>
    item.error
      ? { error: superjson.deserialize(item.error as never) }
      : { data: superjson.deserialize(item.result!.data as never) };
  return Array.isArray(body) ? body.map(one) : one(body as never);
};

/**
 * With PostgreSQL out of reach, what failed only because of that answers 503 SERVICE_UNAVAILABLE
 * with Retry-After — tRPC calls on either path (both vitest projects) and Paddle's webhook, which
 * Paddle then retries — and nothing else changes; once the database is back, so are the answers.
 */
describe('a database outage', () => {
  let database: TestDatabase;
  let relay: Awaited<ReturnType<typeof databaseRelay>>;
  let hub: Hub;
  let served: ServedApp;
  let cookie: string;
  const logs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    relay = await databaseRelay(new URL(database.url));
    const orm = await openDatabase({ url: relay.url, poolMax: 4, connectTimeoutMs: 500 });
    hub = { orm, config: testConfig(), log: recordingLogger(logs) };
    served = await serveApp(testApp({ hub }));
    const user = await createTestUser(orm.em.fork());
    const { cookies } = await sessionCookieFor(hub, user);
    cookie = Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  });
  afterAll(async () => {
    await served?.close();
    await hub?.orm.close(true);
    await database?.drop();
  });

  const trpc = (path: string, init?: RequestInit) => fetch(`${served.url}/trpc/${path}`, init);
  const paddle = (send: (request: Request) => Promise<Response> = fetch) => {
    const body = JSON.stringify(
      subscriptionNotification({
        eventType: 'subscription.created',
        subscriptionId: paddleId('sub'),
        customerId: paddleId('ctm'),
        status: 'active',
        priceIds: ['pri_outage'],
        customData: null,
      }),
    );
    return send(
      new Request(`${served.url}/webhooks/paddle`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'paddle-signature': signPaddleBody(body, hub.config.paddle.webhookSecret),
        },
        body,
      }),
    );
  };

  it('answers as usual while the database is there', async () => {
    expect((await trpc('plans.list')).status).toBe(200);
    expect((await trpc('me.get', { headers: { cookie } })).status).toBe(200);
    expect((await paddle()).status).toBe(200);
    // The notification is applied right after the answer; let that finish before the outage.
    await settledPaddleKicks(hub);
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After for what needed the database, once it is gone', async () => {
    await relay.cut();
    logs.length = 0;

    // A query through the ORM, and the session check of a signed-in call (lean SQL on the pool).
    for (const [path, init] of [['plans.list'], ['me.get', { headers: { cookie } }]] as const) {
      const response = await trpc(path, init);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('retry-after'), path).toBe('5');
      expect(await deserialize(response)).toEqual({
        error: {
          message: 'The service is briefly unavailable. Please try again shortly.',
          code: -32603,
          data: {
            code: 'SERVICE_UNAVAILABLE',
            httpStatus: 503,
            path,
            fieldErrors: null,
            retryAfterSeconds: 5,
            reason: null,
            reasonParams: null,
          },
        },
      });
    }

    // In a batch only the call that needed the database fails; the rest is answered.
    const batch = await trpc('plans.list,system.ping?batch=1');
    expect(batch.status).toBe(207);
    const [plans, ping] = (await deserialize(batch)) as {
      error?: { data: { code: string } };
      data?: unknown;
    }[];
    expect(plans?.error?.data.code).toBe('SERVICE_UNAVAILABLE');
    expect(ping?.data).toBe('pong');

    // What needs no database is untouched, and a refusal for the caller's own input stays a 400.
    expect((await trpc('system.ping')).status).toBe(200);
    expect(
      (
        await trpc('auth.signInWithPassword', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: new URL(hub.config.publicUrl).origin },
          body: '{"json":{}}',
        })
      ).status,
    ).toBe(400);

    // Paddle retries a notification that was not acknowledged with 2xx.
    const webhook = await paddle();
    expect(webhook.status).toBe(503);
    expect(webhook.headers.get('retry-after')).toBe('5');
    expect(await webhook.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });

    expect((await fetch(`${served.url}/readyz`)).status).toBe(503);

    // The log says what happened, once per failed request, with no stack of an unexpected error.
    const unreachable = logs.filter((line) => line.startsWith('warn database unreachable'));
    expect(unreachable.length).toBeGreaterThanOrEqual(4);
    expect(logs.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('answers as usual again once the database is back', async () => {
    await relay.restore();
    expect((await trpc('plans.list')).status).toBe(200);
  });

  it('answers 503 instead of hanging when the database accepts connections but never answers', async () => {
    relay.silence();
    logs.length = 0;
    // Without a connection timeout these would wait for as long as the kernel keeps the socket.
    for (const [path, init] of [['plans.list'], ['me.get', { headers: { cookie } }]] as const) {
      const response = await trpc(path, init);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('retry-after'), path).toBe('5');
    }
    expect(logs.filter((line) => line.startsWith('error'))).toEqual([]);
    relay.speak();
    expect((await trpc('plans.list')).status).toBe(200);
    expect((await trpc('me.get', { headers: { cookie } })).status).toBe(200);
    expect((await paddle()).status).toBe(200);
    await settledPaddleKicks(hub);
  });

  it("answers Paddle notifications arriving together 503 together when the database hangs, not one by one after each other's timeout", async () => {
    relay.silence();
    const before = relay.unanswered();
    // Most of these wait and then share one INSERT; when it fails because the database does not
    // answer, every one of them is answered at once (each retried alone would wait its own 0.5 s
    // connection timeout behind the others', past Paddle's patience).
    const answers = await Promise.all(Array.from({ length: 30 }, () => paddle()));
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(503));
    // One connection attempt per shared statement, not one per notification.
    expect(relay.unanswered() - before).toBeLessThan(15);
    relay.speak();
    expect((await paddle()).status).toBe(200);
    await settledPaddleKicks(hub);
  });

  it('refuses Paddle notifications beyond the ones waiting to be stored at once (503: Paddle delivers them again)', async () => {
    relay.silence();
    const app = testApp({ hub });
    const answers = await Promise.all(
      Array.from({ length: 2_100 }, () => paddle((request) => Promise.resolve(app.fetch(request)))),
    );
    const refusedAtOnce = [];
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      const { error } = (await answer.json()) as { error: { message: string } };
      if (error.message.startsWith('Too many notifications are waiting')) refusedAtOnce.push(answer);
    }
    expect(refusedAtOnce.length).toBeGreaterThan(0);
    relay.speak();
    expect((await paddle()).status).toBe(200);
    await settledPaddleKicks(hub);
  });
});
