// Helpers for the clients domain's tests: people with sessions, callers per role, and a real
// webhook receiver on loopback that verifies what it gets with the reference implementation.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { User, type UserEntity } from '../identity/entities.ts';
import { createSession, sessionCookieName } from '../identity/sessions.ts';
import type { Hub } from '../kernel/context.ts';
import { createContext } from '../kernel/context.ts';
import { hashSecret } from '../kernel/crypto/argon2.ts';
import { createCallerFactory } from '../kernel/trpc.ts';
import { appRouter } from '../orchestration/app-router.ts';

let counter = 0;

export async function createPerson(
  hub: Hub,
  options: { email?: string; isStaff?: boolean } = {},
): Promise<{ user: UserEntity; sessionToken: string }> {
  const em = hub.orm.em.fork();
  counter += 1;
  const email = options.email ?? `person${counter}-${Date.now()}@example.test`;
  const user = em.create(User, {
    email,
    username: email.split('@')[0]!.replace(/[^a-z0-9]/g, '') + counter,
    password: await hashSecret('correct horse battery staple'),
    isStaff: options.isStaff ?? false,
  });
  await em.flush();
  const { token } = await createSession(em, hub.config, user, {
    ip: null,
    userAgent: null,
    method: 'password',
  });
  return { user, sessionToken: token };
}

export interface CallerOptions {
  sessionToken?: string;
  bearer?: string;
  /** The Origin header; defaults to the hub's own (what the dashboard sends). */
  origin?: string | null;
  ip?: string;
}

const createCaller = createCallerFactory(appRouter);

/** The app router as requests with these credentials would reach it (a fresh context per call). */
export function callerFor(hub: Hub, options: CallerOptions = {}) {
  const cookies: Record<string, string> = options.sessionToken
    ? { [sessionCookieName(hub.config)]: options.sessionToken }
    : {};
  const context = () =>
    createContext(
      hub,
      {
        requestId: crypto.randomUUID(),
        ip: options.ip ?? '203.0.113.7',
        userAgent: 'vitest',
        origin: options.origin === undefined ? new URL(hub.config.publicUrl).origin : options.origin,
        authorization: options.bearer ? `Bearer ${options.bearer}` : null,
        cookie: (name) => cookies[name],
      },
      { setCookie() {}, deleteCookie() {} },
    );
  return createCaller(context);
}

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Whether `standardwebhooks` accepted the request with the receiver's secret. */
  verified: boolean;
  headers: IncomingHttpHeaders;
  /** The request path and query, e.g. to tell which client's webhook was called. */
  path: string;
}

export type ReceiverMode = 'ok' | 'error' | 'hang' | 'redirect';

export interface Receiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Requests that arrived, whatever the answer (including ones left hanging). */
  arrivals: string[];
  secrets: string[];
  mode: ReceiverMode;
  /** Answers this much later (to widen the window in which workers could collide). */
  delayMs: number;
  /** Stops listening: connections are refused until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  onArrival?: (id: string) => void;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that verifies with the reference `standardwebhooks` package. */
export async function startReceiver(options: { port?: number } = {}): Promise<Receiver> {
  let server: Server | null = null;
  const hanging = new Set<import('node:http').ServerResponse>();
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    arrivals: [],
    secrets: [],
    mode: 'ok',
    delayMs: 0,
    async down() {
      if (!server) return;
      const closing = server;
      server = null;
      for (const response of hanging) response.destroy();
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async up() {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const id = String(request.headers['webhook-id'] ?? '');
          receiver.arrivals.push(id);
          receiver.onArrival?.(id);
          if (receiver.mode === 'hang') {
            hanging.add(response);
            return;
          }
          if (receiver.mode === 'redirect') {
            response.writeHead(307, { location: `${receiver.url}/elsewhere` }).end();
            return;
          }
          if (receiver.mode === 'error') {
            response.writeHead(503).end('receiver unavailable');
            return;
          }
          const headers = {
            'webhook-id': id,
            'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
            'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
          };
          const verified = receiver.secrets.some((secret) => {
            try {
              new Webhook(secret).verify(body, headers);
              return true;
            } catch {
              return false;
            }
          });
          receiver.received.push({
            id,
            timestamp: headers['webhook-timestamp'],
            signature: headers['webhook-signature'],
            body,
            payload: JSON.parse(body),
            verified,
            headers: request.headers,
            path: request.url ?? '',
          });
          setTimeout(() => response.writeHead(verified ? 204 : 401).end(), receiver.delayMs);
        });
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(receiver.port, '127.0.0.1', () => resolve()));
      receiver.port = (listening.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
    },
    async close() {
      await receiver.down();
    },
  };
  receiver.port = options.port ?? 0;
  await receiver.up();
  return receiver;
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}
