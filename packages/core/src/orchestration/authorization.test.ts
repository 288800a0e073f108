import { describe, expect, it } from 'vitest';
import { Session, User } from '../identity/entities.ts';
import {
  callerFor,
  createTestClientApp,
  createTestUser,
  type FakeRequest,
  sessionCookieFor,
} from '../identity/test-support.ts';
import { AuditEntry } from '../kernel/audit/entities.ts';
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

/** Every identity procedure (and the staff pages' user procedures), called with harmless input. */
const procedures: Record<
  string,
  (caller: Caller, ids: { sessionId: string; userId: string }) => Promise<unknown>
> = {
  'auth.options': (c) => c.auth.options(),
  'auth.refusedSignUp': (c) => c.auth.refusedSignUp(),
  'auth.signInWithPassword': (c) =>
    c.auth.signInWithPassword({ identifier: 'nobody', password: 'wrong password' }),
  'auth.signUp': (c) => c.auth.signUp({ email: 'new@example.test', password: 'long enough password' }),
  'auth.setPassword': (c) =>
    c.auth.setPassword({ token: 'acc_ut_unknown', password: 'long enough password' }),
  'auth.changePassword': (c) =>
    c.auth.changePassword({ currentPassword: 'the first password', newPassword: 'the first password' }),
  'auth.credentials': (c) => c.auth.credentials(),
  'auth.requestPasswordReset': (c) =>
    c.auth.requestPasswordReset({ email: `nobody-${crypto.randomUUID()}@example.test` }),
  'auth.verifyEmail': (c) => c.auth.verifyEmail({ token: 'acc_ev_unknown' }),
  'auth.resendVerification': (c) => c.auth.resendVerification(),
  'auth.requestEmailChange': (c) =>
    c.auth.requestEmailChange({
      newEmail: `new-${crypto.randomUUID()}@example.test`,
      currentPassword: 'the first password',
    }),
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
  'staffUsers.search': (c) => c.staffUsers.search({ query: 'person' }),
  'staffUsers.get': (c, ids) => c.staffUsers.get({ userId: ids.userId }),
  'staffUsers.setStaff': (c, ids) => c.staffUsers.setStaff({ userId: ids.userId, isStaff: true }),
  'staffUsers.setActive': (c, ids) => c.staffUsers.setActive({ userId: ids.userId, isActive: true }),
  'staffUsers.endSessions': (c, ids) => c.staffUsers.endSessions({ userId: ids.userId }),
};

/**
 * What each role gets: OK, or the tRPC error code. `staff` is staff but not a superuser. Client-app
 * procedures fail on their bad input once authorized.
 */
const expected: Record<
  string,
  Record<'anonymous' | 'user' | 'staff' | 'superuser' | 'clientServer', string>
> = {
  // Public by design; the sign-in mutations still refuse requests without our Origin (a server has none).
  'auth.options': { anonymous: 'OK', user: 'OK', staff: 'OK', superuser: 'OK', clientServer: 'OK' },
  // Public: answers only with what the caller's own cookie held (null without one).
  'auth.refusedSignUp': { anonymous: 'OK', user: 'OK', staff: 'OK', superuser: 'OK', clientServer: 'OK' },
  'auth.signInWithPassword': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    superuser: 'UNAUTHORIZED',
    clientServer: 'FORBIDDEN',
  },
  'auth.signUp': {
    anonymous: 'FORBIDDEN',
    user: 'FORBIDDEN',
    staff: 'FORBIDDEN',
    superuser: 'FORBIDDEN',
    clientServer: 'FORBIDDEN',
  },
  'auth.setPassword': {
    anonymous: 'BAD_REQUEST',
    user: 'BAD_REQUEST',
    staff: 'BAD_REQUEST',
    superuser: 'BAD_REQUEST',
    clientServer: 'FORBIDDEN',
  },
  'auth.changePassword': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'auth.credentials': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  // Public: the same answer whether or not the address has an account; our pages only.
  'auth.requestPasswordReset': {
    anonymous: 'OK',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'FORBIDDEN',
  },
  // Public (the link may be opened on another device); an unknown token is bad input.
  'auth.verifyEmail': {
    anonymous: 'BAD_REQUEST',
    user: 'BAD_REQUEST',
    staff: 'BAD_REQUEST',
    superuser: 'BAD_REQUEST',
    clientServer: 'FORBIDDEN',
  },
  'auth.resendVerification': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'auth.requestEmailChange': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'auth.signOut': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'sessions.list': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'sessions.connectedApps': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'sessions.revoke': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'sessions.revokeOthers': {
    anonymous: 'UNAUTHORIZED',
    user: 'OK',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'clientAuth.createLoginUrl': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    superuser: 'UNAUTHORIZED',
    clientServer: 'OK',
  },
  'clientAuth.exchange': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    superuser: 'UNAUTHORIZED',
    clientServer: 'BAD_REQUEST',
  },
  'clientAuth.refresh': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    superuser: 'UNAUTHORIZED',
    clientServer: 'UNAUTHORIZED',
  },
  'clientAuth.verify': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    superuser: 'UNAUTHORIZED',
    clientServer: 'OK',
  },
  'clientAuth.revoke': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    superuser: 'UNAUTHORIZED',
    clientServer: 'OK',
  },
  'clientAuth.profile': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    superuser: 'UNAUTHORIZED',
    clientServer: 'UNAUTHORIZED',
  },
  'clientAuth.logout': {
    anonymous: 'UNAUTHORIZED',
    user: 'UNAUTHORIZED',
    staff: 'UNAUTHORIZED',
    superuser: 'UNAUTHORIZED',
    clientServer: 'UNAUTHORIZED',
  },
  'staffAccounts.createUser': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffAccounts.createResetLink': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffAccounts.endSessions': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffUsers.search': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffUsers.get': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffUsers.setStaff': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'FORBIDDEN',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffUsers.setActive': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
  'staffUsers.endSessions': {
    anonymous: 'UNAUTHORIZED',
    user: 'FORBIDDEN',
    staff: 'OK',
    superuser: 'OK',
    clientServer: 'UNAUTHORIZED',
  },
};

describe('who may call which identity procedure', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password', signupMode: 'closed' }));

  it('covers every identity procedure in the table', () => {
    const identityNamespaces = ['auth', 'sessions', 'clientAuth', 'staffAccounts', 'staffUsers'];
    const routed = Object.keys(appRouter._def.procedures).filter((path) =>
      identityNamespaces.includes(path.split('.')[0]!),
    );
    expect(Object.keys(procedures).sort()).toEqual(routed.sort());
    expect(Object.keys(expected).sort()).toEqual(routed.sort());
  });

  for (const [name, call] of Object.entries(procedures)) {
    it(`${name}: anonymous, person, staff, superuser, client server`, async () => {
      const em = hub().orm.em.fork();
      const person = await createTestUser(em, { password: 'the first password' });
      const staff = await createTestUser(em, { isStaff: true, password: 'the first password' });
      const superuser = await createTestUser(em, {
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
        ['superuser', superuser],
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

  it('grants and removes staff only by a superuser, never on their own account, and audits each change', async () => {
    const em = hub().orm.em.fork();
    const person = await createTestUser(em);
    const plainStaff = await createTestUser(em, { isStaff: true });
    const peer = await createTestUser(em, { isStaff: true });
    const superuser = await createTestUser(em, { isStaff: true, isSuperuser: true });
    const otherSuperuser = await createTestUser(em, { isStaff: true, isSuperuser: true });
    const as = async (user: typeof person) =>
      callerFor(hub(), { cookies: (await sessionCookieFor(hub(), user)).cookies }).caller;
    const roleOf = async (user: typeof person) => {
      const found = await em.fork().findOneOrFail(User, { id: user.id });
      return { isStaff: found.isStaff, isSuperuser: found.isSuperuser };
    };
    const roleActions = [
      'user.staff-granted',
      'user.staff-removed',
      'user.superuser-granted',
      'user.superuser-removed',
    ];
    const roleAudit = async () =>
      (
        await em
          .fork()
          .find(
            AuditEntry,
            { action: { $in: roleActions }, actorId: { $in: [plainStaff.id, superuser.id] } },
            { orderBy: { createdAt: 'asc' } },
          )
      ).map((entry) => [entry.action, entry.actorId, entry.subjectUserId]);

    // Staff who are not superusers: no grant, no removal of a peer, not even their own.
    const staffCaller = await as(plainStaff);
    const refusals = {
      grant: await codeOf(staffCaller.staffUsers.setStaff({ userId: person.id, isStaff: true })),
      removePeer: await codeOf(staffCaller.staffUsers.setStaff({ userId: peer.id, isStaff: false })),
      removeSelf: await codeOf(staffCaller.staffUsers.setStaff({ userId: plainStaff.id, isStaff: false })),
      removeSuperuser: await codeOf(
        staffCaller.staffUsers.setStaff({ userId: superuser.id, isStaff: false }),
      ),
      createStaff: await codeOf(
        staffCaller.staffAccounts.createUser({ email: 'made.by.staff@example.test', isStaff: true }),
      ),
    };
    expect(refusals).toEqual({
      grant: 'FORBIDDEN',
      removePeer: 'FORBIDDEN',
      removeSelf: 'FORBIDDEN',
      removeSuperuser: 'FORBIDDEN',
      createStaff: 'FORBIDDEN',
    });
    expect(await roleOf(person)).toEqual({ isStaff: false, isSuperuser: false });
    expect(await roleOf(peer)).toEqual({ isStaff: true, isSuperuser: false });

    // A superuser: never on their own account; a superuser stays staff.
    const superCaller = await as(superuser);
    expect(await codeOf(superCaller.staffUsers.setStaff({ userId: superuser.id, isStaff: false }))).toBe(
      'PRECONDITION_FAILED',
    );
    expect(await codeOf(superCaller.staffUsers.setStaff({ userId: superuser.id, isStaff: true }))).toBe(
      'PRECONDITION_FAILED',
    );
    expect(await codeOf(superCaller.staffUsers.setStaff({ userId: otherSuperuser.id, isStaff: false }))).toBe(
      'PRECONDITION_FAILED',
    );
    expect(await roleOf(otherSuperuser)).toEqual({ isStaff: true, isSuperuser: true });
    expect(await roleAudit()).toEqual([]);

    // …and everyone else, each change audited with the superuser as actor.
    expect(await codeOf(superCaller.staffUsers.setStaff({ userId: person.id, isStaff: true }))).toBe('OK');
    expect(await codeOf(superCaller.staffUsers.setStaff({ userId: peer.id, isStaff: false }))).toBe('OK');
    const created = await superCaller.staffAccounts.createUser({
      email: 'made.staff@example.test',
      isStaff: true,
    });
    expect(await roleOf(person)).toEqual({ isStaff: true, isSuperuser: false });
    expect(await roleOf(peer)).toEqual({ isStaff: false, isSuperuser: false });
    expect(created.user).toMatchObject({ isStaff: true, isSuperuser: false });
    expect(await roleAudit()).toEqual([
      ['user.staff-granted', superuser.id, person.id],
      ['user.staff-removed', superuser.id, peer.id],
      ['user.staff-granted', superuser.id, created.user.id],
    ]);
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
