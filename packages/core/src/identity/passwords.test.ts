import type { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { OutgoingMail } from '../kernel/outgoing-mail/entity.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { Session, User, UserToken } from './entities.ts';
import { CHANGE_PASSWORD_RULE, SIGN_IN_REFUSED } from './passwords.ts';
import { sessionCookieName } from './sessions.ts';
import { callerFor, createTestUser, sessionCookieFor } from './test-support.ts';

const PASSWORD = 'correct horse battery';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as TRPCError & { cause?: { retryAfterSeconds?: number } };
  }
  throw new Error('expected the call to fail');
}

describe('password sign-in', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password', signupMode: 'open' }));

  it('signs in with email or username, setting an HttpOnly session cookie and going on to /auth/continue', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: PASSWORD });
    for (const identifier of [user.email.toUpperCase(), user.username]) {
      const { caller, cookies } = callerFor(hub(), { ip: '198.51.100.10' });
      expect(await caller.auth.signInWithPassword({ identifier, password: PASSWORD })).toEqual({
        redirectTo: '/auth/continue',
      });
      const token = cookies.get(sessionCookieName(hub().config));
      expect(token).toBeDefined();
      const me = await callerFor(hub(), {
        cookies: { [sessionCookieName(hub().config)]: token! },
      }).caller.me.get();
      expect(me.email).toBe(user.email);
    }
  });

  it('gives the same message for an unknown account and a wrong password', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: PASSWORD });
    const unknown = await failure(
      callerFor(hub(), { ip: '198.51.100.11' }).caller.auth.signInWithPassword({
        identifier: 'nobody@example.test',
        password: PASSWORD,
      }),
    );
    const wrong = await failure(
      callerFor(hub(), { ip: '198.51.100.11' }).caller.auth.signInWithPassword({
        identifier: user.email,
        password: 'wrong password here',
      }),
    );
    expect(unknown.message).toBe(SIGN_IN_REFUSED);
    expect(wrong.message).toBe(SIGN_IN_REFUSED);
    expect(unknown.code).toBe(wrong.code);
  });

  it('throttles the current-password check of a password change', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: PASSWORD });
    const { caller } = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), user)).cookies });
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        failure(
          caller.auth.changePassword({
            currentPassword: `wrong current ${index}`,
            newPassword: 'a brand new password',
          }),
        ),
      ),
    );
    expect(attempts.filter((error) => error.code === 'BAD_REQUEST')).toHaveLength(CHANGE_PASSWORD_RULE.limit);
    expect(attempts.filter((error) => error.code === 'TOO_MANY_REQUESTS')).toHaveLength(
      12 - CHANGE_PASSWORD_RULE.limit,
    );
    const right = await failure(
      caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'a brand new password' }),
    );
    expect(right.code).toBe('TOO_MANY_REQUESTS');
    const reloaded = await em.fork().findOneOrFail(User, { id: user.id }, { populate: ['password'] });
    expect(reloaded.password).toBe(user.password);
  }, 60_000);

  it('refuses a sign-in whose Origin is not ours (login CSRF) and changes nothing', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: PASSWORD });
    for (const origin of [null, 'https://evil.example']) {
      const { caller, cookies } = callerFor(hub(), { origin });
      const error = await failure(
        caller.auth.signInWithPassword({ identifier: user.email, password: PASSWORD }),
      );
      expect(error.code).toBe('FORBIDDEN');
      expect(cookies.size).toBe(0);
    }
    expect(await em.count(Session, { user: user.id })).toBe(0);
  });

  it('changes the password, ending every other session but the current one', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: PASSWORD });
    const other = await sessionCookieFor(hub(), user);
    const current = await sessionCookieFor(hub(), user);
    const { caller } = callerFor(hub(), { cookies: current.cookies });
    const wrong = await failure(
      caller.auth.changePassword({
        currentPassword: 'not the password',
        newPassword: 'a brand new password',
      }),
    );
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(
      await caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'a brand new password' }),
    ).toEqual({
      endedSessions: 1,
    });
    expect(await em.fork().findOne(Session, { id: other.sessionId })).toBeNull();
    expect(await em.fork().findOne(Session, { id: current.sessionId })).not.toBeNull();
    const revoked = await em.fork().find(OutboxEvent, { type: 'session.revoked', userId: user.id });
    expect(revoked.map((event) => (event.payload.data as { sessionId: string }).sessionId)).toEqual([
      other.sessionId,
    ]);
    await expect(callerFor(hub(), { cookies: other.cookies }).caller.me.get()).rejects.toThrow(
      'Please sign in.',
    );
    await callerFor(hub()).caller.auth.signInWithPassword({
      identifier: user.email,
      password: 'a brand new password',
    });
  });

  it('tells the signed-in person whether they have a password; one without sets it without a current one', async () => {
    const em = hub().orm.em.fork();
    const withPassword = await createTestUser(em, { password: PASSWORD });
    const without = await createTestUser(em);
    const mine = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), withPassword)).cookies }).caller;
    const theirs = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), without)).cookies }).caller;
    expect(await mine.auth.credentials()).toEqual({
      authScheme: 'password',
      hasPassword: true,
      mozillaAccountUrl: null,
    });
    expect((await theirs.auth.credentials()).hasPassword).toBe(false);

    const missing = await failure(
      mine.auth.changePassword({ currentPassword: null, newPassword: 'a brand new password' }),
    );
    expect(missing.code).toBe('BAD_REQUEST');
    expect((missing.cause as { fieldErrors?: unknown }).fieldErrors).toEqual({
      currentPassword: ['The current password is not right.'],
    });
    const short = await failure(
      mine.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'short' }),
    );
    expect(short.code).toBe('BAD_REQUEST');
    await callerFor(hub()).caller.auth.signInWithPassword({
      identifier: withPassword.email,
      password: PASSWORD,
    });

    expect(
      await theirs.auth.changePassword({ currentPassword: null, newPassword: 'a first password here' }),
    ).toEqual({ endedSessions: 0 });
    expect((await theirs.auth.credentials()).hasPassword).toBe(true);
  });

  it('signs up when allowed, signing nobody in while the confirmation mail is on its way, and refuses short passwords', async () => {
    const { caller, cookies } = callerFor(hub(), { ip: '198.51.100.40' });
    expect(
      await caller.auth.signUp({ email: 'New.Person@Example.test', password: 'long enough password' }),
    ).toEqual({ redirectTo: '/check-email' });
    expect([...cookies.keys()]).toEqual([]);
    const user = await hub().orm.em.fork().findOneOrFail(User, { email: 'new.person@example.test' });
    expect(user.username).toBe('new.person');
    const created = await hub().orm.em.fork().find(OutboxEvent, { type: 'user.created', userId: user.id });
    expect(created).toHaveLength(1);
    // The person signs in with the password they chose, confirmed or not.
    expect(
      await callerFor(hub(), { ip: '198.51.100.40' }).caller.auth.signInWithPassword({
        identifier: 'new.person@example.test',
        password: 'long enough password',
      }),
    ).toEqual({ redirectTo: '/auth/continue' });
    expect(
      (await failure(callerFor(hub()).caller.auth.signUp({ email: 'x@example.test', password: 'short' })))
        .code,
    ).toBe('BAD_REQUEST');
  });

  it('sets a password from a one-time link once, ending older sessions', async () => {
    const em = hub().orm.em.fork();
    const staff = await createTestUser(em, { isStaff: true, isSuperuser: true });
    const { caller: staffCaller } = callerFor(hub(), {
      cookies: (await sessionCookieFor(hub(), staff)).cookies,
    });
    const created = await staffCaller.staffAccounts.createUser({
      email: 'invited@example.test',
      displayName: 'Invited',
    });
    expect(created.invitation?.link).toMatch(/^http:\/\/localhost:3000\/sign-in#set-password=acc_ut_/);
    expect(created.invitation?.mailedTo).toBe('invited@example.test');
    const token = created.invitation!.link.split('#set-password=')[1]!;
    expect(await em.fork().count(UserToken, { user: created.user.id })).toBe(1);

    const { caller, cookies } = callerFor(hub());
    await caller.auth.setPassword({ token, password: 'my own new password' });
    expect([...cookies.keys()].sort()).toEqual(['accounts_device', 'accounts_session']);
    const again = await failure(
      callerFor(hub()).caller.auth.setPassword({ token, password: 'my own new password' }),
    );
    expect(again.code).toBe('BAD_REQUEST');
    await callerFor(hub()).caller.auth.signInWithPassword({
      identifier: 'invited@example.test',
      password: 'my own new password',
    });

    const reset = await staffCaller.staffAccounts.createResetLink({ userId: created.user.id });
    const session = await sessionCookieFor(
      hub(),
      await em.fork().findOneOrFail(User, { id: created.user.id }),
    );
    await callerFor(hub()).caller.auth.setPassword({
      token: reset.link.split('#set-password=')[1]!,
      password: 'another new password',
    });
    expect(await em.fork().findOne(Session, { id: session.sessionId })).toBeNull();
  });
});

describe('password routes under AUTH_SCHEME=fxa', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'fxa', signupMode: 'open' }));

  it('refuses password sign-in and sign-up', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: PASSWORD });
    const error = await failure(
      callerFor(hub()).caller.auth.signInWithPassword({ identifier: user.email, password: PASSWORD }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(await callerFor(hub()).caller.auth.options()).toEqual({
      authScheme: 'fxa',
      allowSignup: false,
      signupMode: 'open',
      continuingTo: null,
    });
  });

  it('points the security page at Mozilla’s account settings instead of a password form', async () => {
    const user = await createTestUser(hub().orm.em.fork(), { fxaId: 'fxa-uid-credentials' });
    const { caller } = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), user, 'fxa')).cookies });
    expect(await caller.auth.credentials()).toEqual({
      authScheme: 'fxa',
      hasPassword: false,
      mozillaAccountUrl: 'http://127.0.0.1:9/settings',
    });
    const refused = await failure(
      caller.auth.changePassword({ currentPassword: null, newPassword: 'a brand new password' }),
    );
    expect(refused.code).toBe('PRECONDITION_FAILED');
  });
});

describe('sign-up without mail (no SMTP_URL: nobody could be told, decision 0069)', () => {
  const hub = useTestHub(() =>
    testConfig({ authScheme: 'password', signupMode: 'open', outgoingMail: { smtpUrl: null } }),
  );

  it('signs the new person in at once and refuses a taken email', async () => {
    const { caller, cookies } = callerFor(hub());
    expect(
      await caller.auth.signUp({ email: 'New.Person@Example.test', password: 'long enough password' }),
    ).toEqual({ redirectTo: '/auth/continue' });
    expect([...cookies.keys()].sort()).toEqual(['accounts_device', 'accounts_session']);
    const again = await failure(
      callerFor(hub()).caller.auth.signUp({
        email: 'new.person@example.test',
        password: 'long enough password',
      }),
    );
    expect(again.code).toBe('CONFLICT');
    expect(await hub().orm.em.fork().count(User, { email: 'new.person@example.test' })).toBe(1);
  });

  it('gives staff the invitation link to hand over, saying it was not mailed', async () => {
    const staff = await createTestUser(hub().orm.em.fork(), { isStaff: true });
    const { caller } = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), staff)).cookies });
    const created = await caller.staffAccounts.createUser({ email: 'handed.over@example.test' });
    expect(created.invitation).toMatchObject({
      link: expect.stringContaining('#set-password='),
      mailedTo: null,
    });
    expect(await hub().orm.em.fork().count(OutgoingMail, {})).toBe(0);
  });

  it('gives staff the reset link of a confirmed person to hand over, saying it was not mailed', async () => {
    const staff = await createTestUser(hub().orm.em.fork(), { isStaff: true });
    const { caller } = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), staff)).cookies });
    // Staff vouch for the address of an account they create: it is confirmed.
    const created = await caller.staffAccounts.createUser({ email: 'reset.by.hand@example.test' });
    const reset = await caller.staffAccounts.createResetLink({ userId: created.user.id });
    expect(reset).toMatchObject({ link: expect.stringContaining('#set-password='), mailedTo: null });
    expect(await hub().orm.em.fork().count(OutgoingMail, {})).toBe(0);
  });
});

describe('sign-up switched off (SIGNUP_MODE=closed)', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password', signupMode: 'closed' }));

  it('refuses self sign-up', async () => {
    const error = await failure(
      callerFor(hub()).caller.auth.signUp({ email: 'a@example.test', password: 'long enough password' }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(await hub().orm.em.fork().count(User, { email: 'a@example.test' })).toBe(0);
  });
});
