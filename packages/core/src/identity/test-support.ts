// Helpers for identity's tests (and other areas' tests that need a signed-in person or a client app).
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client, ClientEnvironment } from '../clients/entities.ts';
import { generateEnvironmentToken } from '../clients/environment-tokens.ts';
import { type BaseContext, createContext, type Hub } from '../kernel/context.ts';
import { hashSecret } from '../kernel/crypto/argon2.ts';
import { createCallerFactory } from '../kernel/trpc.ts';
import { appRouter } from '../orchestration/app-router.ts';
import { User, type UserEntity } from './entities.ts';
import { createSession, sessionCookieName } from './sessions.ts';

export interface FakeRequest {
  cookies?: Record<string, string>;
  /** Defaults to the hub's own origin, as a browser on our pages sends it. */
  origin?: string | null;
  authorization?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export function fakeContext(
  hub: Hub,
  request: FakeRequest = {},
): { ctx: BaseContext; cookies: Map<string, string> } {
  const cookies = new Map(Object.entries(request.cookies ?? {}));
  const ctx = createContext(
    hub,
    {
      requestId: crypto.randomUUID(),
      ip: request.ip === undefined ? '192.0.2.1' : request.ip,
      userAgent:
        request.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
      origin: request.origin === undefined ? new URL(hub.config.publicUrl).origin : request.origin,
      authorization: request.authorization ?? null,
      cookie: (name) => cookies.get(name),
    },
    {
      setCookie: (name, value, options) => {
        if (options?.maxAgeSeconds === 0) cookies.delete(name);
        else cookies.set(name, value);
      },
      deleteCookie: (name) => cookies.delete(name),
    },
  );
  return { ctx, cookies };
}

const createCaller = createCallerFactory(appRouter);

export function callerFor(hub: Hub, request: FakeRequest = {}) {
  const { ctx, cookies } = fakeContext(hub, request);
  return { caller: createCaller(ctx), cookies };
}

let counter = 0;

export async function createTestUser(
  em: EntityManager,
  fields: Partial<
    Pick<UserEntity, 'email' | 'username' | 'isStaff' | 'isSuperuser' | 'isActive' | 'fxaId'>
  > & {
    password?: string;
  } = {},
): Promise<UserEntity> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  const { password, ...rest } = fields;
  const user = em.create(User, {
    email: `person-${tag}@example.test`,
    username: `person-${tag}`,
    ...rest,
    password: password ? await hashSecret(password) : null,
  });
  await em.flush();
  return user;
}

/** A session cookie for the user, as the browser would hold it. */
export async function sessionCookieFor(hub: Hub, user: UserEntity, method: 'fxa' | 'password' = 'password') {
  const em = hub.orm.em.fork();
  const { token, session } = await createSession(
    em,
    hub.config,
    await em.findOneOrFail(User, { id: user.id }),
    {
      ip: '192.0.2.1',
      userAgent: null,
      method,
    },
  );
  return { cookies: { [sessionCookieName(hub.config)]: token }, sessionId: session.id, token };
}

export async function createTestClientApp(
  em: EntityManager,
  options: { redirectUrl?: string; name?: string } = {},
) {
  counter += 1;
  const client = em.create(Client, { name: options.name ?? `App ${Date.now().toString(36)}${counter}` });
  const token = generateEnvironmentToken();
  const environment = em.create(ClientEnvironment, {
    client,
    environment: 'dev',
    redirectUrl: options.redirectUrl ?? 'https://app.example.test/callback',
    authToken: token.hash,
    tokenHint: token.hint,
  });
  await em.flush();
  return { client, environment, token: token.token };
}
