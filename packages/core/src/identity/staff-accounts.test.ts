import { type SmtpStandIn, startSmtpStandIn } from '@accounts/devkit/smtp-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutgoingMail } from '../kernel/outgoing-mail/entity.ts';
import { outgoingMailJob } from '../kernel/outgoing-mail/send-job.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { UserToken } from './entities.ts';
import { callerFor, createTestUser, sessionCookieFor } from './test-support.ts';

/**
 * Under Mozilla sign-in there is no invitation link: a person whose account staff created is told
 * by mail that it exists and to sign in with the Mozilla account of the address.
 */
describe('an account staff create under Mozilla sign-in', () => {
  let smtp: SmtpStandIn;
  beforeAll(async () => {
    smtp = await startSmtpStandIn();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  const hub = useTestHub(() => testConfig({ authScheme: 'fxa', outgoingMail: { smtpUrl: smtp.smtpUrl } }));
  const job = outgoingMailJob();

  async function superuser() {
    const boss = await createTestUser(hub().orm.em.fork(), { isStaff: true, isSuperuser: true });
    return callerFor(hub(), { cookies: (await sessionCookieFor(hub(), boss)).cookies }).caller;
  }
  async function mailTo(to: string, subject: RegExp) {
    while ((await job.runOnce(hub())) > 0) {}
    return smtp.waitFor((mail) => mail.to.includes(to) && subject.test(mail.subject), 5000);
  }

  it('mails the person a note to sign in with Mozilla, in the language staff chose, with no secret in it', async () => {
    const staff = await superuser();
    const created = await staff.staffAccounts.createUser({
      email: 'neu@example.test',
      language: 'de',
      isStaff: true,
    });
    expect(created.invitation).toBeNull();
    expect(created.mailedTo).toBe('neu@example.test');
    const mail = await mailTo('neu@example.test', /Sie haben ein Konto bei Test Hub/);
    expect(mail.text).toContain('mit Mitarbeiterzugang');
    expect(mail.text).toContain('Mozilla-Konto dieser E-Mail-Adresse');
    expect(mail.links).toEqual([`${hub().config.publicUrl}/sign-in`]);
    const em = hub().orm.em.fork();
    // Nothing to redeem: no token was made for the person.
    expect(await em.count(UserToken, { user: created.user.id })).toBe(0);
    expect(await em.count(OutgoingMail, { userId: created.user.id, kind: 'identity.account-created' })).toBe(
      1,
    );
  });

  it('writes in English by default', async () => {
    const staff = await superuser();
    const created = await staff.staffAccounts.createUser({ email: 'new@example.test' });
    const mail = await mailTo('new@example.test', /You have an account at Test Hub/);
    expect(mail.text).toContain('Sign in with the Mozilla account of this email address');
    expect(mail.text).not.toContain('staff access');
    expect(created.mailedTo).toBe('new@example.test');
  });
});

describe('an account staff create under Mozilla sign-in, on a hub that sends no mail', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'fxa', outgoingMail: { smtpUrl: null } }));

  it('queues nothing and says so', async () => {
    const boss = await createTestUser(hub().orm.em.fork(), { isStaff: true, isSuperuser: true });
    const staff = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), boss)).cookies }).caller;
    const created = await staff.staffAccounts.createUser({ email: 'quiet@example.test' });
    expect(created.mailedTo).toBeNull();
    expect(await hub().orm.em.fork().count(OutgoingMail, { userId: created.user.id })).toBe(0);
  });
});
