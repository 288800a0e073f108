// Calls procedures the way the API does (one context per call, the session cookie, the Origin
// header), so authorization tests go through the real procedure builders and middlewares.
import { randomBytes } from 'node:crypto';
import { User, type UserEntity } from '../identity/entities.ts';
import { createSession, sessionCookieName } from '../identity/sessions.ts';
import { type BaseContext, createContext, type Hub } from '../kernel/context.ts';
import { createCallerFactory } from '../kernel/trpc.ts';
import { appRouter } from '../orchestration/app-router.ts';

const createCaller = createCallerFactory(appRouter);

export interface TestPerson {
  user: UserEntity;
  /** The session cookie's value. */
  token: string;
  sessionId: string;
}

export async function createPerson(
  hub: Hub,
  fields: Partial<Pick<UserEntity, 'email' | 'displayName' | 'isStaff' | 'isSuperuser' | 'isActive'>> = {},
): Promise<TestPerson> {
  const em = hub.orm.em.fork();
  const name = `person-${randomBytes(4).toString('hex')}`;
  const user = em.create(User, { email: `${name}@example.test`, username: name, ...fields });
  await em.flush();
  const { token, session } = await createSession(em, hub.config, user, {
    ip: '192.0.2.1',
    userAgent: 'test',
    method: 'password',
  });
  return { user, token, sessionId: session.id };
}

export interface CallerOptions {
  /** Defaults to the hub's own origin, as a browser on the dashboard sends it. */
  origin?: string | null;
  /** The browser's User-Agent header; 'vitest' unless given. */
  userAgent?: string;
}

export interface TestCaller {
  call: ReturnType<typeof createCaller>;
  /** Set-Cookie values the calls asked for, by cookie name ('' when deleted). */
  cookies: Map<string, string>;
}

/** A caller for a signed-in person (their token) or for anyone (null). */
export function callerFor(hub: Hub, token: string | null, options: CallerOptions = {}): TestCaller {
  const cookies = new Map<string, string>();
  const cookieName = sessionCookieName(hub.config);
  const context = (): BaseContext =>
    createContext(
      hub,
      {
        requestId: randomBytes(6).toString('hex'),
        ip: '192.0.2.10',
        userAgent: options.userAgent ?? 'vitest',
        origin: options.origin === undefined ? new URL(hub.config.publicUrl).origin : options.origin,
        authorization: null,
        cookie: (name) => (name === cookieName && token ? token : undefined),
      },
      {
        setCookie: (name, value) => cookies.set(name, value),
        deleteCookie: (name) => cookies.set(name, ''),
      },
    );
  // A new context (and EntityManager fork) for every call, like one HTTP request each.
  const call = new Proxy({} as ReturnType<typeof createCaller>, {
    get: (_target, namespace) => createCaller(context())[namespace as keyof ReturnType<typeof createCaller>],
  });
  return { call, cookies };
}
