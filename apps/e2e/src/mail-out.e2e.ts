// The hub's own mail, end to end: a real API process (jobs in process) sends through SMTP to the
// devkit's SMTP stand-in, and a real browser follows the links it carries — address confirmation
// after password sign-up, "Forgot password?" ending every other session, and staff invitations and
// reset links.
import { Session, User } from '@accounts/core/identity';
import { hashSecret, OutgoingMail } from '@accounts/core/kernel';
import { type SmtpStandIn, startSmtpStandIn } from '@accounts/devkit/smtp-stand-in';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { launchBrowser, openStackContext, screenshot } from './browser.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import { createUser, openStackDatabase, type StackDatabase, signIn } from './people.ts';
import { whoAmI } from './sign-in-helpers.ts';
import { type Stack, startStack } from './stack.ts';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

describe('mail the hub sends: confirmation and password reset (AUTH_SCHEME=password)', () => {
  let smtp: SmtpStandIn;
  let stack: Stack;
  let browser: Browser;
  let db: StackDatabase;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    smtp = await startSmtpStandIn();
    [stack, browser] = await Promise.all([
      startStack({
        AUTH_SCHEME: 'password',
        SIGNUP_MODE: 'open',
        SMTP_URL: smtp.smtpUrl,
        MAIL_FROM: '"E2E Hub" <no-reply@mail.test>',
        JOBS_IN_PROCESS: 'true',
      }),
      launchBrowser(),
    ]);
    db = await openStackDatabase(stack);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await db?.close();
    await browser?.close();
    await stack?.stop();
    await smtp?.stop();
  });

  const open = (viewport = DESKTOP) => openStackContext(browser, stack.secrets, contexts, { viewport });

  /** The link of the newest message to `to` whose subject matches, its token remembered as a secret. */
  async function linkFrom(to: string, subject: RegExp, tokenName: string) {
    const mail = await smtp.waitFor((m) => m.to.includes(to) && subject.test(m.subject), 20_000);
    expect(mail.from).toContain('E2E Hub');
    const link = mail.links[0]!;
    stack.secrets.remember(new URL(link).hash.replace(`#${tokenName}=`, ''));
    return link;
  }

  it('password sign-up → the confirmation mail → its link → the address is confirmed → sign in', async () => {
    const email = 'confirm.me@example.test';
    const password = 'a fine long password';
    stack.secrets.remember(password);
    const { page, context } = await open(PHONE);
    await page.goto(`${stack.url}/sign-in?mode=sign-up`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((url) => url.pathname === '/check-email');
    await page.getByRole('heading', { name: 'Check your mail' }).waitFor();
    await page.getByText(`We sent a message to ${email}.`).waitFor();
    // The address typed reached the page without the URL (history, access logs): nothing but the path.
    expect(page.url()).toBe(`${stack.url}/check-email`);
    await expectNoAxeViolations(page, 'the check-your-mail page');
    await screenshot(page, 'mail-check-email-phone');
    // Shown once: a reload (or anyone else later in this tab) gets the words without an address.
    await page.reload();
    await page.getByText('If you just signed up, we sent a message to the address you gave.').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(email);
    await stack.secrets.rememberCookies(context);
    // Nobody is signed in yet: a session here would tell a new address from a taken one.
    expect(await whoAmI(page)).toMatchObject({ status: 401 });
    expect((await db.em().findOneOrFail(User, { email })).emailVerified).toBe(false);

    const link = await linkFrom(email, /Confirm your email address for E2E Hub/, 'token');
    expect(link.startsWith(`${stack.url}/verify-email#token=`)).toBe(true);
    // Opened where the person reads mail: another browser, not signed in.
    const phone = await open(PHONE);
    await phone.page.goto(link);
    await phone.page.getByText(`Thank you: ${email} is confirmed.`).waitFor();
    expect(phone.page.url()).toBe(`${stack.url}/verify-email`);
    await expectNoAxeViolations(phone.page, 'the address-confirmed page');
    await screenshot(phone.page, 'mail-verify-email-phone');
    expect((await db.em().findOneOrFail(User, { email })).emailVerified).toBe(true);

    // The link works once.
    const again = await open();
    await again.page.goto(link);
    await again.page.getByRole('alert').getByText('This link is not valid any more').waitFor();

    // The first browser goes on: sign in with the password chosen at sign-up.
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email or username').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    expect(await whoAmI(page)).toEqual({ status: 200, email });
  });

  it('a crafted link cannot make the check-your-mail page name an address', async () => {
    const { page } = await open(PHONE);
    const crafted = 'support@evil.example — call +1 555 0100 to unlock your account';
    await page.goto(`${stack.url}/check-email?${new URLSearchParams({ email: crafted })}`);
    await page.getByText('If you just signed up, we sent a message to the address you gave.').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('evil.example');
  });

  it('sign-up with an address that has an account: the same page, and a note to its owner instead', async () => {
    const owner = await createUser(db, { displayName: 'Existing Owner' });
    const { page } = await open();
    await page.goto(`${stack.url}/sign-in?mode=sign-up`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill('an attempt at a password');
    stack.secrets.remember('an attempt at a password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((url) => url.pathname === '/check-email');
    await page.getByText(`We sent a message to ${owner.email}.`).waitFor();
    expect(await whoAmI(page)).toMatchObject({ status: 401 });
    const notice = await smtp.waitFor(
      (m) =>
        m.to.includes(owner.email) &&
        /Someone tried to sign up for E2E Hub with your address/.test(m.subject),
      20_000,
    );
    expect(notice.text).toContain('Hello Existing Owner,');
    expect(notice.links[0]).toBe(`${stack.url}/sign-in`);
  });

  it('forgot password → the mail → a new password → every earlier session is gone', async () => {
    const oldPassword = 'the old password here';
    const newPassword = 'a completely new password';
    stack.secrets.remember(oldPassword);
    stack.secrets.remember(newPassword);
    const person = await createUser(db, { displayName: 'Forgetful Person' });
    await db.em().nativeUpdate(User, { id: person.id }, { password: await hashSecret(oldPassword) });
    const laptop = await open();
    const tablet = await open();
    await signIn(db, stack, laptop.context, person);
    await signIn(db, stack, tablet.context, person);
    for (const device of [laptop, tablet]) {
      await device.page.goto(`${stack.url}/`);
      expect(await whoAmI(device.page)).toEqual({ status: 200, email: person.email });
    }

    const { page, context } = await open(PHONE);
    await page.goto(`${stack.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await expectNoAxeViolations(page, 'the forgot-password page');
    await page.getByLabel('Email').fill(person.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(`If an account uses ${person.email}, a link to choose a new password`).waitFor();
    await expectNoAxeViolations(page, 'the forgot-password page after sending');
    await screenshot(page, 'mail-forgot-password-phone');

    // An address without an account gets the very same answer.
    const stranger = await open();
    await stranger.page.goto(`${stack.url}/sign-in?mode=forgot`);
    await stranger.page.getByLabel('Email').fill('nobody.at.all@example.test');
    await stranger.page.getByRole('button', { name: 'Send the link' }).click();
    await stranger.page.getByText('If an account uses nobody.at.all@example.test, a link').waitFor();

    const link = await linkFrom(person.email, /Reset your E2E Hub password/, 'set-password');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    expect(await whoAmI(page)).toEqual({ status: 200, email: person.email });
    await stack.secrets.rememberCookies(context);

    // The sessions from before the reset are over.
    expect((await whoAmI(laptop.page)).status).toBe(401);
    expect((await whoAmI(tablet.page)).status).toBe(401);
    expect(await db.em().count(Session, { user: person.id })).toBe(1);
    // And the person is told, at the same address.
    await smtp.waitFor((m) => m.to.includes(person.email) && /password was changed/.test(m.subject), 20_000);
    expect(smtp.messages().some((m) => m.to.includes('nobody.at.all@example.test'))).toBe(false);
  });

  it('shows staff a message the mail server refused, and sends it once asked again', async () => {
    const person = await createUser(db, { displayName: 'Unlucky Person' });
    smtp.setRefusing(true);
    const asker = await open();
    await asker.page.goto(`${stack.url}/sign-in?mode=forgot`);
    await asker.page.getByLabel('Email').fill(person.email);
    await asker.page.getByRole('button', { name: 'Send the link' }).click();
    await asker.page.getByText(`If an account uses ${person.email}`).waitFor();
    // The worker tried and the server refused: the message waits, nothing is lost.
    await expect
      .poll(async () => (await db.em().findOne(OutgoingMail, { recipient: person.email }))?.lastError ?? null)
      .toMatch(/421/);
    // Its last attempt: failed (the seven hours of retries are the job's test's business).
    await db.em().nativeUpdate(OutgoingMail, { recipient: person.email }, { status: 'failed', attempts: 8 });

    const staffUser = await createUser(db, { displayName: 'Mail Staff', isStaff: true });
    for (const viewport of [DESKTOP, PHONE]) {
      const staff = await open(viewport);
      await signIn(db, stack, staff.context, staffUser);
      await staff.page.goto(`${stack.url}/staff/outgoing-mail`);
      await staff.page.getByRole('heading', { name: 'Outgoing mail' }).waitFor();
      const row = staff.page.getByRole('row').filter({ hasText: person.email });
      await row.getByText('Password reset link').waitFor();
      await row.getByText('Could not be sent').waitFor();
      await expectNoAxeViolations(staff.page, `the staff outgoing-mail page at ${viewport.width} px`);
      await screenshot(staff.page, `mail-staff-outgoing-${viewport.width}`);
      if (viewport === PHONE) {
        smtp.setRefusing(false);
        await row.getByRole('button', { name: `Send again: the message to ${person.email}` }).click();
        await staff.page.getByText(`The message to ${person.email} will be sent again.`).waitFor();
      }
    }
    await linkFrom(person.email, /Reset your E2E Hub password/, 'set-password');
    // The server has it; the job records that right after.
    await expect
      .poll(async () => (await db.em().findOneOrFail(OutgoingMail, { recipient: person.email })).status)
      .toBe('sent');
  });

  it('shows a person with a password whether their address is confirmed, on the security page', async () => {
    const person = await createUser(db, { displayName: 'Security Person' });
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, context } = await open(viewport);
      await signIn(db, stack, context, person);
      await page.goto(`${stack.url}/security`);
      const card = page.getByRole('region', { name: 'Email address' });
      await card.getByText('Not confirmed', { exact: true }).waitFor();
      await expectNoAxeViolations(page, `the security page's address card at ${viewport.width} px`);
    }
  });

  it('staff create a user on a phone: the invitation is mailed to them, its link lets them choose a password, a reset link is mailed too, and a German invitation is written in German', async () => {
    const boss = await createUser(db, {
      displayName: 'Inviting Superuser',
      isStaff: true,
      isSuperuser: true,
    });
    const staff = await open(PHONE);
    await signIn(db, stack, staff.context, boss);
    await staff.page.goto(`${stack.url}/staff/users`);
    await staff.page.getByRole('button', { name: 'Create user' }).click();
    const create = staff.page.getByRole('dialog', { name: 'Create a user' });
    await create.getByLabel('Email').fill('Mailed.Invitee@example.test');
    await create.getByLabel('Name (optional)').fill('Mailed Invitee');
    await create.getByRole('button', { name: 'Create user' }).click();
    const shown = staff.page.getByRole('dialog', { name: 'Invitation link for mailed.invitee@example.test' });
    await shown.getByText('We emailed this link to mailed.invitee@example.test.').waitFor();
    const shownLink = await shown.getByLabel('One-time link').inputValue();
    stack.secrets.remember(new URL(shownLink).hash.replace('#set-password=', ''));
    await expectNoAxeViolations(staff.page, 'the invitation dialog saying the link was mailed');
    // The long address in the title wraps: the dialog keeps to the phone's width, its close button on screen.
    const box = await shown.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await shown.evaluate((dialog) => dialog.scrollWidth <= dialog.clientWidth)).toBe(true);
    const close = await shown.getByRole('button', { name: 'Close' }).boundingBox();
    expect(close!.x + close!.width).toBeLessThanOrEqual(box!.x + box!.width);
    await screenshot(staff.page, 'mail-staff-invitation-mailed-phone');
    await shown.getByRole('button', { name: 'Done' }).click();

    const link = await linkFrom(
      'mailed.invitee@example.test',
      /You have an account at E2E Hub: choose your password/,
      'set-password',
    );
    expect(link).toBe(shownLink);
    const invitee = await open(PHONE);
    await invitee.page.goto(link);
    await invitee.page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    const password = 'invited and chosen';
    stack.secrets.remember(password);
    await invitee.page.getByLabel('New password').fill(password);
    await invitee.page.getByRole('button', { name: 'Save password and sign in' }).click();
    await invitee.page.waitForURL(`${stack.url}/`);
    expect(await whoAmI(invitee.page)).toEqual({ status: 200, email: 'mailed.invitee@example.test' });
    await stack.secrets.rememberCookies(invitee.context);

    // Staff make a password reset link from the person's page: mailed to the confirmed address, and shown once.
    const { id } = await db.em().findOneOrFail(User, { email: 'mailed.invitee@example.test' });
    await staff.page.goto(`${stack.url}/staff/users/${id}`);
    await staff.page.getByRole('button', { name: 'Create password reset link' }).click();
    const confirm = staff.page.getByRole('dialog', { name: 'Create a password reset link?' });
    await confirm
      .getByText('emailed to them when this hub sends mail and their address is confirmed')
      .waitFor();
    await confirm.getByRole('button', { name: 'Create link' }).click();
    const reset = staff.page.getByRole('dialog', {
      name: 'Password reset link for mailed.invitee@example.test',
    });
    await reset.getByText('We emailed this link to mailed.invitee@example.test.').waitFor();
    const resetLink = await reset.getByLabel('One-time link').inputValue();
    stack.secrets.remember(new URL(resetLink).hash.replace('#set-password=', ''));
    await expectNoAxeViolations(staff.page, 'the reset link dialog saying the link was mailed');
    const resetBox = await reset.boundingBox();
    expect(resetBox!.x + resetBox!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await reset.evaluate((dialog) => dialog.scrollWidth <= dialog.clientWidth)).toBe(true);
    await screenshot(staff.page, 'mail-staff-reset-link-mailed-phone');
    await reset.getByRole('button', { name: 'Done' }).click();
    const resetMail = await smtp.waitFor(
      (m) => m.to.includes('mailed.invitee@example.test') && m.links.includes(resetLink),
      20_000,
    );
    expect(resetMail.subject).toBe('Reset your E2E Hub password');
    expect(resetMail.text).toContain('Our staff made a link for you to choose a new password');

    // Staff choose German for the next person's messages: the invitation arrives in German.
    await staff.page.goto(`${stack.url}/staff/users`);
    await staff.page.getByRole('button', { name: 'Create user' }).click();
    const german = staff.page.getByRole('dialog', { name: 'Create a user' });
    await german.getByLabel('Email').fill('neu.eingeladen@example.test');
    await german.getByLabel('Language of their messages').selectOption({ label: 'Deutsch' });
    await german.getByRole('button', { name: 'Create user' }).click();
    const germanShown = staff.page.getByRole('dialog', {
      name: 'Invitation link for neu.eingeladen@example.test',
    });
    await germanShown.getByText('We emailed this link to neu.eingeladen@example.test.').waitFor();
    const germanLink = await germanShown.getByLabel('One-time link').inputValue();
    stack.secrets.remember(new URL(germanLink).hash.replace('#set-password=', ''));
    await germanShown.getByRole('button', { name: 'Done' }).click();
    const invitation = await smtp.waitFor(
      (m) => m.to.includes('neu.eingeladen@example.test') && m.links.includes(germanLink),
      20_000,
    );
    expect(invitation.subject).toBe('Sie haben ein Konto bei E2E Hub: Wählen Sie Ihr Passwort');
    expect(invitation.text).toContain('Passwort wählen');
  });

  it('deleting an account mails the confirmed address that it is gone for good; an unconfirmed one gets nothing', async () => {
    for (const emailVerified of [true, false]) {
      const person = await createUser(db, { displayName: 'Leaving Person', emailVerified });
      const { page } = await open(PHONE);
      await signIn(db, stack, page.context(), person);
      await page.goto(`${stack.url}/privacy`);
      await page.getByRole('button', { name: 'Delete my account…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
      await dialog.getByLabel(/To confirm, type your email address/).fill(person.email);
      await dialog.getByRole('button', { name: 'Delete my account' }).click();
      await page.waitForURL(`${stack.url}/account-deleted`);
      if (emailVerified) {
        const notice = await smtp.waitFor(
          (m) => m.to.includes(person.email) && m.subject === 'Your E2E Hub account was deleted',
          20_000,
        );
        expect(notice.text).toContain('Hello Leaving Person,');
        expect(notice.text).toContain('A deleted account cannot be restored.');
      } else {
        expect(await db.em().count(OutgoingMail, { recipient: person.email })).toBe(0);
      }
    }
  });

  it('writes no password, link token or cookie into any log line', () => {
    expectNoSecretsLogged(stack);
  });
});
