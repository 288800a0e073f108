import { describe, expect, it } from 'vitest';
import { Session, User } from '../identity/entities.ts';
import {
  callerFor,
  createTestClientApp,
  createTestUser,
  type FakeRequest,
  sessionCookieFor,
} from '../identity/test-support.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { appRouter } from './app-router.ts';

type Caller = ReturnType<typeof callerFor>['caller'];

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? 'THREW';
  }
}

/** Every identity procedure, called with harmless input. */
const procedures: Record<
  string,
  (caller: Caller, ids: { sessionId: string; userId: string }) => Promise<unknown>
> = {
  'auth.options': (c) => c.auth.options(),
  'auth.signInWithPassword': (c) =>
    c.auth.signInWithPassword({ identifier: 'nobody', password: 'wrong password' }),
  'auth.signUp': (c) => c.auth.signUp({ email: 'new@example.test', password: 'long enough password' }),
  'auth.setPassword': (c) =>
    c.auth.setPassword({ token: 'acc_ut_unknown', password: 'long enough password' }),
  'auth.changePassword': (c) =>
    c.auth.changePassword({ currentPassword: 'the first password', newPassword: 'the first password' }),
  'auth.credentials': (c) => c.auth.credentials(),
  'auth.signOut': (c) => c.auth.signOut(),
  'sessions.list': (c) => c.sessions.list(),
  'sessions.connectedApps': (c) => c.sessions.connectedApps(),
  'sessions.revoke': (c, ids) => c.sessions.revoke({ id: ids.sessionId }),
  'sessions.revokeOthers': (c) => c.sessions.revokeOthers(),
  'clientAuth.createLoginUrl': (c) => c.clientAuth.createLoginUrl({ state: 'state-abcdefgh' }),
  'clientAuth.exchange': (c) => c.clientAuth.exchange({ code: 'acc_code_nothing' }),
  'clientAuth.refresh': (c) => c.clientAuth.refresh({ refreshToken: 'acc_rt_nothing' }),
  'clientAuth.verify': (c) => c.clientAuth.verify({ accessToken: 'x.y.z' }),
  'clientAuth.revoke': (c) => c.clientAuth.revoke({ refreshToken: 'acc_rt_nothing' }),
  'clientAuth.profile': (c) => c.clientAuth.profile({ accessToken: 'x.y.z' }),
  'clientAuth.logout': (c) => c.clientAuth.logout({ accessToken: 'x.y.z' }),
  'staffAccounts.createUser': (c) =>
    c.staffAccounts.createUser({ email: `made-${crypto.randomUUID()}@example.test` }),
  'staffAccounts.createResetLink': (c, ids) => c.staffAccounts.createResetLink({ userId: ids.userId }),
  'staffAccounts.endSessions': (c, ids) => c.staffAccounts.endSessions({ userId: ids.userId }),
};

/** What each role gets: OK, or the tRPC error code. Client-app procedures fail on their bad input once authorized. */
const expected: Record<string, Record<'anonymous' | 'user' | 'staff' | 'clientServer', string>> = {
  // Public by design; the sign-in mutations still refuse requests without our Origin (a server has none).
  'auth.options': { anonymous: 'OK', user: 'OK', staff: 'OK', clientServer: 'OK' },
  'auth.signInWithPassword': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    clientServer: 'FORBIDDEN',
  },
  'auth.signUp': { anonymous: 'FORBIDDEN', user: 'FORBIDDEN', staff: 'FORBIDDEN', clientServer: 'FORBIDDEN' },
  'auth.setPassword': {
    anonymous: 'BAD_REQUEST',
    user: 'BAD_REQUEST',
    staff: 'BAD_REQUEST',
    clientServer: 'FORBIDDEN',
  },
  'auth.changePassword': { anonymous: 'UNAUTHORIZED', user: 'OK', staff: 'OK', clientServer: 'UNAUTHORIZED' },
  'auth.credentials': { anonymous: 'UNAUTHORIZED', user: 'OK', staff: 'OK', clientServer: 'UNAUTHORIZED' },
  'auth.signOut': { anonymous: 'UNAUTHORIZED', user: 'OK', staff: 'OK', clientServer: 'UNAUTHORIZED' },
  'sessions.list': { anonymous: 'UNAUTHORIZED', user: 'OK', staff: 'OK', clientServer: 'UNAUTHORIZED' },
  'sessions.connectedApps': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'sessions.revoke': { anonymous: 'UNAUTHORIZED', user: 'OK', staff: 'OK', clientServer: 'UNAUTHORIZED' },
  'sessions.revokeOthers': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'clientAuth.createLoginUrl': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    clientServer: 'OK',
  },
  'clientAuth.exchange': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    clientServer: 'BAD_REQUEST',
  },
  'clientAuth.refresh': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    clientServer: 'UNAUTHORIZED',
  },
  'clientAuth.verify': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    clientServer: 'OK',
  },
  'clientAuth.revoke': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    clientServer: 'OK',
  },
  'clientAuth.profile': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    clientServer: 'UNAUTHORIZED',
  },
  'clientAuth.logout': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    clientServer: 'UNAUTHORIZED',
  },
  'staffAccounts.createUser': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffAccounts.createResetLink': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffAccounts.endSessions': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
};

describe('who may call which identity procedure', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password' }));

  it('covers every identity procedure in the table', () => {
    const identityNamespaces = ['auth', 'sessions', 'clientAuth', 'staffAccounts'];
    const routed = Object.keys(appRouter._def.procedures).filter((path) =>
      identityNamespaces.includes(path.split('.')[0]!),
    );
    expect(Object.keys(procedures).sort()).toEqual(routed.sort());
    expect(Object.keys(expected).sort()).toEqual(routed.sort());
  });

  for (const [name, call] of Object.entries(procedures)) {
    it(`${name}: anonymous, person, staff, client server`, async () => {
      const em = hub().orm.em.fork();
      const person = await createTestUser(em, { password: 'the first password' });
      const staff = await createTestUser(em, {
        isStaff: true,
        isSuperuser: true,
        password: 'the first password',
      });
      const target = await createTestUser(em, { password: 'the first password' });
      const app = await createTestClientApp(em);
      const roles: Record<string, { request: FakeRequest; own: { sessionId: string; userId: string } }> = {};
      for (const [role, user] of [
        ['user', person],
        ['staff', staff],
      ] as const) {
        const session = await sessionCookieFor(hub(), user);
        roles[role] = {
          request: { cookies: session.cookies },
          own: { sessionId: session.sessionId, userId: target.id },
        };
      }
      const targetSession = await sessionCookieFor(hub(), target);
      roles.anonymous = { request: {}, own: { sessionId: targetSession.sessionId, userId: target.id } };
      roles.clientServer = {
        request: { authorization: `Bearer ${app.token}`, origin: null },
        own: { sessionId: targetSession.sessionId, userId: target.id },
      };
      const results: Record<string, string> = {};
      for (const [role, { request, own }] of Object.entries(roles)) {
        results[role] = await codeOf(call(callerFor(hub(), request).caller, own));
      }
      expect(results).toEqual(expected[name]);
    });
  }

  it('never lets a person end someone else’s session', async () => {
    const em = hub().orm.em.fork();
    const mine = await sessionCookieFor(hub(), await createTestUser(em));
    const theirs = await sessionCookieFor(hub(), await createTestUser(em));
    const { caller } = callerFor(hub(), { cookies: mine.cookies });
    expect(await codeOf(caller.sessions.revoke({ id: theirs.sessionId }))).toBe('NOT_FOUND');
    expect(await em.fork().findOne(Session, { id: theirs.sessionId })).not.toBeNull();
  });

  it('lets only superusers create staff or reset another staff member’s password', async () => {
    const em = hub().orm.em.fork();
    const plainStaff = await createTestUser(em, { isStaff: true });
    const otherStaff = await createTestUser(em, { isStaff: true });
    const { caller } = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), plainStaff)).cookies });
    expect(await codeOf(caller.staffAccounts.createUser({ email: 'boss@example.test', isStaff: true }))).toBe(
      'FORBIDDEN',
    );
    expect(await em.fork().count(User, { email: 'boss@example.test' })).toBe(0);
    expect(await codeOf(caller.staffAccounts.createResetLink({ userId: otherStaff.id }))).toBe('FORBIDDEN');
  });

  it('refuses cookie-authenticated identity mutations without our Origin (CSRF)', async () => {
    const em = hub().orm.em.fork();
    const session = await sessionCookieFor(hub(), await createTestUser(em));
    for (const origin of [null, 'https://evil.example']) {
      const { caller } = callerFor(hub(), { cookies: session.cookies, origin });
      expect(await codeOf(caller.sessions.revokeOthers())).toBe('FORBIDDEN');
      expect(await codeOf(caller.auth.signOut())).toBe('FORBIDDEN');
    }
    expect(await em.fork().findOne(Session, { id: session.sessionId })).not.toBeNull();
  });
});
