import { createHash } from 'node:crypto';
import { type SmtpStandIn, startSmtpStandIn } from '@accounts/devkit/smtp-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../kernel/audit/entities.ts';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { OutgoingMail } from '../kernel/outgoing-mail/entity.ts';
import { outgoingMailJob } from '../kernel/outgoing-mail/send-job.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { Session, User, UserToken } from './entities.ts';
import { sessionCookieName } from './sessions.ts';
import { callerFor, createTestUser, sessionCookieFor } from './test-support.ts';

const PASSWORD = 'correct horse battery';

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? 'THREW';
  }
}

describe('mail that carries a link: address confirmation and password reset', () => {
  let smtp: SmtpStandIn;
  beforeAll(async () => {
    smtp = await startSmtpStandIn();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  const hub = useTestHub(() =>
    testConfig({ authScheme: 'password', signupMode: 'open', outgoingMail: { smtpUrl: smtp.smtpUrl } }),
  );
  const job = outgoingMailJob();

  /** Sends what is queued and waits for the message to `to` whose subject matches. */
  async function mailTo(to: string, subject: RegExp) {
    while ((await job.runOnce(hub())) > 0) {}
    return smtp.waitFor((mail) => mail.to.includes(to) && subject.test(mail.subject), 5000);
  }
  const tokenOf = (link: string, name: string) => new URL(link).hash.replace(`#${name}=`, '');

  it('sign-up mails a single-use confirmation link; until it is opened, apps hear emailVerified: false', async () => {
    const email = 'new.person@example.test';
    const { caller } = callerFor(hub(), { ip: '198.51.100.20' });
    expect(await caller.auth.signUp({ email, password: PASSWORD })).toEqual({ redirectTo: '/check-email' });
    const em = hub().orm.em.fork();
    const user = await em.findOneOrFail(User, { email });
    expect(user.emailVerified).toBe(false);
    // The message committed with the account.
    expect(await em.count(OutgoingMail, { userId: user.id, kind: 'identity.email-verification' })).toBe(1);
    const created = await em.findOneOrFail(OutboxEvent, { userId: user.id, type: 'user.created' });
    expect(created.payload).toMatchObject({ data: { user: { emailVerified: false } } });

    const mail = await mailTo(email, /Confirm your email address/);
    const link = mail.links[0]!;
    expect(link.startsWith(`${hub().config.publicUrl}/verify-email#token=`)).toBe(true);
    const token = tokenOf(link, 'token');
    expect(await caller.auth.verifyEmail({ token })).toEqual({ email });
    expect((await em.fork().findOneOrFail(User, { email })).emailVerified).toBe(true);
    const updated = await em.fork().find(OutboxEvent, { userId: user.id, type: 'user.updated' });
    expect(updated.at(-1)?.payload).toMatchObject({ data: { user: { emailVerified: true } } });
    // Single use.
    expect(await codeOf(caller.auth.verifyEmail({ token }))).toBe('BAD_REQUEST');
  });

  it('answers a sign-up with a taken address exactly like a new one, and mails the owner a notice instead', async () => {
    const em = hub().orm.em.fork();
    const owner = await createTestUser(em, { password: PASSWORD });
    const usersBefore = await em.fork().count(User, {});
    const taken = callerFor(hub(), { ip: '198.51.100.50' });
    const fresh = callerFor(hub(), { ip: '198.51.100.50' });
    const takenAnswer = await taken.caller.auth.signUp({
      email: owner.email.toUpperCase(),
      password: 'someone elses pass',
    });
    const freshAnswer = await fresh.caller.auth.signUp({
      email: 'brand.new@example.test',
      password: PASSWORD,
    });
    expect(takenAnswer).toEqual({ redirectTo: '/check-email' });
    expect(freshAnswer).toEqual(takenAnswer);
    // No session either way: a cookie would tell the two apart.
    expect([...taken.cookies.keys()]).toEqual([]);
    expect([...fresh.cookies.keys()]).toEqual([]);
    expect(await em.fork().count(User, {})).toBe(usersBefore + 1);
    // The owner's account is untouched: the old password still works, the one typed does not.
    await expect(
      callerFor(hub(), { ip: '198.51.100.51' }).caller.auth.signInWithPassword({
        identifier: owner.email,
        password: 'someone elses pass',
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const notice = await mailTo(owner.email, /Someone tried to sign up for Test Hub with your address/);
    expect(notice.text).toContain('Forgot password?');
    expect(notice.links).toContain(`${hub().config.publicUrl}/sign-in`);
    expect(
      await em.fork().count(OutgoingMail, { userId: owner.id, kind: 'identity.email-verification' }),
    ).toBe(0);
  });

  it('answers a taken username the same whether or not the address has an account', async () => {
    const em = hub().orm.em.fork();
    const owner = await createTestUser(em, { password: PASSWORD });
    for (const email of [owner.email, 'username.prober@example.test']) {
      await expect(
        callerFor(hub(), { ip: '198.51.100.52' }).caller.auth.signUp({
          email,
          username: owner.username,
          password: PASSWORD,
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT', message: 'This username is taken.' });
    }
    expect(await em.fork().count(OutgoingMail, { userId: owner.id })).toBe(0);
  });

  it('two sign-ups racing for one new address make one account, and every one gets the same answer', async () => {
    const email = 'racing.twins@example.test';
    const outcomes = await Promise.all(
      [70, 71, 72].map((n) =>
        codeOf(callerFor(hub(), { ip: `198.51.100.${n}` }).caller.auth.signUp({ email, password: PASSWORD })),
      ),
    );
    // A refusal for the later ones would tell whoever raced them that the address was new.
    expect(outcomes).toEqual(['OK', 'OK', 'OK']);
    expect(await hub().orm.em.fork().count(User, { email })).toBe(1);
  });

  it('throttles sign-up per network address and per address typed, so nobody can make the hub mail at will', async () => {
    const em = hub().orm.em.fork();
    const owner = await createTestUser(em, { password: PASSWORD });
    // Per address typed: three an hour, from anywhere; the owner gets at most three notices.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const call = callerFor(hub(), { ip: `198.51.100.${60 + attempt}` }).caller.auth.signUp({
        email: owner.email,
        password: PASSWORD,
      });
      if (attempt < 3) expect(await call).toEqual({ redirectTo: '/check-email' });
      else await expect(call).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    }
    expect(
      await em.fork().count(OutgoingMail, { userId: owner.id, kind: 'identity.sign-up-attempted' }),
    ).toBe(3);
    // Per network address: ten a quarter hour, whatever addresses are typed (IPv6 per /64).
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const call = callerFor(hub(), { ip: `2001:db8:5:7::${attempt + 1}` }).caller.auth.signUp({
        email: `many-${attempt}@example.test`,
        password: PASSWORD,
      });
      if (attempt < 10) expect(await call).toEqual({ redirectTo: '/check-email' });
      else await expect(call).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    }
    expect(await em.fork().count(User, { email: 'many-10@example.test' })).toBe(0);
  });

  it('writes to a person who signed up on the German page in German', async () => {
    const email = 'neu.hier@example.test';
    await callerFor(hub(), { ip: '198.51.100.21' }).caller.auth.signUp({
      email,
      password: PASSWORD,
      language: 'de',
    });
    const mail = await mailTo(email, /Bestätigen Sie Ihre E-Mail-Adresse für Test Hub/);
    expect(mail.text).toContain('Adresse bestätigen');
    expect(mail.html).toContain('lang="de"');
  });

  it('resends only to an unverified person, and only a few times', async () => {
    const em = hub().orm.em.fork();
    const person = await createTestUser(em, { password: PASSWORD });
    const { caller } = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), person)).cookies });
    expect(await caller.auth.resendVerification()).toEqual({ sentTo: person.email });
    expect(await caller.auth.resendVerification()).toEqual({ sentTo: person.email });
    expect(await caller.auth.resendVerification()).toEqual({ sentTo: person.email });
    expect(await codeOf(caller.auth.resendVerification())).toBe('TOO_MANY_REQUESTS');
    // Each resend replaces the last link: only the newest works.
    const links = (await em.fork().find(OutgoingMail, { userId: person.id })).length;
    expect(links).toBe(3);
  });

  it('changes the address only once the new one is confirmed, and tells the old one', async () => {
    const em = hub().orm.em.fork();
    const person = await createTestUser(em, { password: PASSWORD });
    const oldEmail = person.email;
    const newEmail = `moved-${person.username}@example.test`;
    const { caller } = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), person)).cookies });
    expect(await codeOf(caller.auth.requestEmailChange({ newEmail, currentPassword: 'not it at all' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await caller.auth.requestEmailChange({ newEmail, currentPassword: PASSWORD })).toEqual({
      sentTo: newEmail,
    });
    expect((await em.fork().findOneOrFail(User, { id: person.id })).email).toBe(oldEmail);
    // A reset link mailed to the old address before the change stops working once it is confirmed.
    await callerFor(hub(), { ip: '198.51.100.31' }).caller.auth.requestPasswordReset({ email: oldEmail });
    const resetLinks = () =>
      em.fork().count(UserToken, { user: person.id, purpose: 'password-reset', usedAt: null });
    expect(await resetLinks()).toBe(1);
    const mail = await mailTo(newEmail, /Confirm your email address/);
    expect(
      await callerFor(hub()).caller.auth.verifyEmail({ token: tokenOf(mail.links[0]!, 'token') }),
    ).toEqual({
      email: newEmail,
    });
    const after = await em.fork().findOneOrFail(User, { id: person.id });
    expect(after).toMatchObject({ email: newEmail, emailVerified: true, lastUsedEmail: oldEmail });
    expect(await resetLinks()).toBe(0);
    await mailTo(oldEmail, /email address was changed/);
  });

  it('answers "Forgot password?" the same for unknown addresses, and the link ends every session', async () => {
    const em = hub().orm.em.fork();
    const person = await createTestUser(em, { password: PASSWORD });
    const first = await sessionCookieFor(hub(), person);
    const second = await sessionCookieFor(hub(), person);
    const anonymous = callerFor(hub(), { ip: '198.51.100.30' }).caller;
    const unknown = await anonymous.auth.requestPasswordReset({ email: 'nobody.here@example.test' });
    const known = await anonymous.auth.requestPasswordReset({ email: person.email.toUpperCase() });
    expect(unknown).toEqual(known);
    expect(await em.fork().count(OutgoingMail, { recipient: 'nobody.here@example.test' })).toBe(0);

    const mail = await mailTo(person.email, /Reset your .* password/);
    const token = tokenOf(mail.links[0]!, 'set-password');
    const { caller, cookies } = callerFor(hub(), { ip: '198.51.100.30' });
    expect(await caller.auth.setPassword({ token, password: 'a brand new password' })).toEqual({
      redirectTo: '/',
    });
    expect(cookies.get(sessionCookieName(hub().config))).toBeTruthy();
    const sessions = await em.fork().find(Session, { user: person.id });
    expect(sessions.map((session) => session.id)).not.toContain(first.sessionId);
    expect(sessions.map((session) => session.id)).not.toContain(second.sessionId);
    expect(sessions).toHaveLength(1);
    // The link worked once; the person hears that the password changed; the address is proven.
    expect(await codeOf(caller.auth.setPassword({ token, password: 'another new password' }))).toBe(
      'BAD_REQUEST',
    );
    await mailTo(person.email, /password was changed/);
    expect((await em.fork().findOneOrFail(User, { id: person.id })).emailVerified).toBe(true);
    // A confirmation link cannot set a password, nor a reset link confirm an address.
    expect(await codeOf(caller.auth.verifyEmail({ token }))).toBe('BAD_REQUEST');
  });

  it('throttles reset requests per address asked for', async () => {
    const email = 'often.forgotten@example.test';
    const codes: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      codes.push(
        await codeOf(
          callerFor(hub(), { ip: `198.51.100.${40 + index}` }).caller.auth.requestPasswordReset({ email }),
        ),
      );
    }
    expect(codes).toEqual(['OK', 'OK', 'OK', 'TOO_MANY_REQUESTS']);
  });

  it('mails a staff invitation to the invitee: its link sets the password once, and only its hash is stored', async () => {
    const em = hub().orm.em.fork();
    const superuser = await createTestUser(em, { isStaff: true, isSuperuser: true });
    const boss = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), superuser)).cookies }).caller;
    const created = await boss.staffAccounts.createUser({
      email: 'Invited.By.Staff@example.test',
      displayName: 'Ina Invited',
      isStaff: true,
    });
    const email = 'invited.by.staff@example.test';
    // Staff still see the link once (to hand over if the mail does not arrive), and are told it was mailed.
    expect(created.invitation).toMatchObject({
      mailedTo: email,
      link: expect.stringMatching(/#set-password=acc_ut_/),
    });
    const token = tokenOf(created.invitation!.link, 'set-password');
    // The secret exists only in the link: the token row holds its SHA-256, the queued message is sealed.
    const check = hub().orm.em.fork();
    const stored = await check.findOneOrFail(UserToken, { user: created.user.id, purpose: 'invite' });
    expect(Buffer.from(stored.tokenHash).toString('hex')).toBe(
      createHash('sha256').update(token).digest('hex'),
    );
    const queued = await check.findOneOrFail(OutgoingMail, { kind: 'identity.invitation', recipient: email });
    expect(queued.body).not.toBeNull();
    expect(Buffer.from(queued.body!).includes(token)).toBe(false);
    expect(queued.subject).not.toContain(token);

    const mail = await mailTo(email, /You have an account at Test Hub: choose your password/);
    expect(mail.text).toContain('Hello Ina Invited,');
    expect(mail.text).toContain('with staff access');
    expect(mail.text).toContain('The link works once, for 7 days.');
    expect(mail.links).toEqual([created.invitation!.link]);
    // A new account learns of its staff access from the invitation, not a second message.
    expect(smtp.messages().filter((m) => m.to.includes(email))).toHaveLength(1);

    const { caller } = callerFor(hub());
    await caller.auth.setPassword({ token, password: 'chosen from the mail' });
    expect(
      await callerFor(hub(), { ip: '198.51.100.77' }).caller.auth.signInWithPassword({
        identifier: email,
        password: 'chosen from the mail',
      }),
    ).toEqual({ redirectTo: '/auth/continue' });
    expect(
      await codeOf(callerFor(hub()).caller.auth.setPassword({ token, password: 'a second try at it' })),
    ).toBe('BAD_REQUEST');
  });

  it('writes the invitation in the language staff chose for the person', async () => {
    const superuser = await createTestUser(hub().orm.em.fork(), { isStaff: true, isSuperuser: true });
    const boss = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), superuser)).cookies }).caller;
    const created = await boss.staffAccounts.createUser({ email: 'eingeladen@example.test', language: 'de' });
    const mail = await mailTo('eingeladen@example.test', /Sie haben ein Konto bei Test Hub/);
    expect(mail.text).toContain('Passwort wählen');
    expect(mail.links).toEqual([created.invitation!.link]);
    expect((await hub().orm.em.fork().findOneOrFail(User, { id: created.user.id })).language).toBe('de');
  });

  /** A person with a password whose address is confirmed, in the given language. */
  async function confirmedPerson(language = 'en') {
    const em = hub().orm.em.fork();
    const person = await createTestUser(em, { password: PASSWORD });
    Object.assign(person, { emailVerified: true, language });
    await em.flush();
    return person;
  }
  async function staffCaller() {
    const staff = await createTestUser(hub().orm.em.fork(), { isStaff: true });
    return callerFor(hub(), { cookies: (await sessionCookieFor(hub(), staff)).cookies }).caller;
  }

  it('mails a staff-made reset link to a confirmed address: it sets the password once, the earlier link stops working, only its hash is stored', async () => {
    const person = await confirmedPerson();
    const staff = await staffCaller();
    const earlier = await staff.staffAccounts.createResetLink({ userId: person.id });
    const reset = await staff.staffAccounts.createResetLink({ userId: person.id });
    // Staff still see the link once, and are told where it was mailed.
    expect(reset).toMatchObject({
      mailedTo: person.email,
      link: expect.stringMatching(/#set-password=acc_ut_/),
    });
    // The audit log says where each link went besides the staff member's screen.
    const audited = await hub()
      .orm.em.fork()
      .find(AuditEntry, { subjectUserId: person.id, action: 'user.password-reset-link' });
    expect(audited.map((entry) => entry.after)).toEqual([
      { mailedTo: person.email },
      { mailedTo: person.email },
    ]);
    const token = tokenOf(reset.link, 'set-password');
    const check = hub().orm.em.fork();
    const stored = await check.findOneOrFail(UserToken, {
      user: person.id,
      purpose: 'password-reset',
      usedAt: null,
    });
    expect(Buffer.from(stored.tokenHash).toString('hex')).toBe(
      createHash('sha256').update(token).digest('hex'),
    );
    const queued = await check.find(OutgoingMail, {
      userId: person.id,
      kind: 'identity.staff-password-reset',
    });
    expect(queued).toHaveLength(2);
    for (const row of queued) {
      expect(Buffer.from(row.body!).includes(token)).toBe(false);
      expect(row.subject).not.toContain(token);
    }

    while ((await job.runOnce(hub())) > 0) {}
    const mail = await smtp.waitFor((m) => m.to.includes(person.email) && m.links.includes(reset.link), 5000);
    expect(mail.subject).toBe('Reset your Test Hub password');
    expect(mail.text).toContain('Our staff made a link for you to choose a new password');
    expect(mail.text).toContain('The link works once, for 24 hours.');

    const anonymous = callerFor(hub(), { ip: '198.51.100.80' }).caller;
    expect(
      await codeOf(
        anonymous.auth.setPassword({
          token: tokenOf(earlier.link, 'set-password'),
          password: 'from the old link',
        }),
      ),
    ).toBe('BAD_REQUEST');
    await anonymous.auth.setPassword({ token, password: 'chosen from staff mail' });
    expect(
      await anonymous.auth.signInWithPassword({
        identifier: person.email,
        password: 'chosen from staff mail',
      }),
    ).toEqual({ redirectTo: '/auth/continue' });
    expect(await codeOf(anonymous.auth.setPassword({ token, password: 'a second try at it' }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('writes a staff-made reset link in the person’s own language', async () => {
    const person = await confirmedPerson('de');
    const reset = await (await staffCaller()).staffAccounts.createResetLink({ userId: person.id });
    const mail = await mailTo(person.email, /Ihr Passwort für Test Hub zurücksetzen/);
    expect(mail.text).toContain('Unsere Mitarbeiter:innen haben für Sie einen Link erstellt');
    expect(mail.html).toContain('lang="de"');
    expect(mail.links).toEqual([reset.link]);
  });

  it('mails no staff-made reset link to an unconfirmed address, and opening it confirms nothing', async () => {
    const person = await createTestUser(hub().orm.em.fork(), { password: PASSWORD });
    const reset = await (await staffCaller()).staffAccounts.createResetLink({ userId: person.id });
    expect(reset.mailedTo).toBeNull();
    expect(await hub().orm.em.fork().count(OutgoingMail, { userId: person.id })).toBe(0);
    const [audited] = await hub()
      .orm.em.fork()
      .find(AuditEntry, { subjectUserId: person.id, action: 'user.password-reset-link' });
    expect(audited?.after).toEqual({ mailedTo: null });
    // Staff handed it over themselves: it says nothing about who reads mail at the address.
    await callerFor(hub()).caller.auth.setPassword({
      token: tokenOf(reset.link, 'set-password'),
      password: 'handed over by staff',
    });
    expect((await hub().orm.em.fork().findOneOrFail(User, { id: person.id })).emailVerified).toBe(false);
  });

  it('mails no staff-made reset link to a deactivated account, whose link would be refused', async () => {
    const person = await confirmedPerson();
    const em = hub().orm.em.fork();
    Object.assign(await em.findOneOrFail(User, { id: person.id }), { isActive: false });
    await em.flush();
    const reset = await (await staffCaller()).staffAccounts.createResetLink({ userId: person.id });
    expect(reset.mailedTo).toBeNull();
    expect(await hub().orm.em.fork().count(OutgoingMail, { userId: person.id })).toBe(0);
  });

  it('tells a person their password changed, and whether they gained or lost staff access', async () => {
    const em = hub().orm.em.fork();
    const person = await createTestUser(em, { password: PASSWORD });
    const superuser = await createTestUser(em, { isStaff: true, isSuperuser: true });
    const own = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), person)).cookies }).caller;
    await own.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'the next password' });
    await mailTo(person.email, /password was changed/);
    const boss = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), superuser)).cookies }).caller;
    await boss.staffUsers.setStaff({ userId: person.id, isStaff: true });
    await mailTo(person.email, /You are now staff/);
    await boss.staffUsers.setStaff({ userId: person.id, isStaff: false });
    await mailTo(person.email, /staff access .* was removed/);
  });
});
