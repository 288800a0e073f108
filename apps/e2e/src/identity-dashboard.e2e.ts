// The dashboard's side of signing in: the security page (sessions, connected apps, password or
// Mozilla account), the sign-out button, staff handing over invitation and reset links, and the
// sign-in pages in German — against the real API process, with axe on every page and dialog.
import { Client, ClientConnection } from '@accounts/core/clients';
import { Session, User } from '@accounts/core/identity';
import { OutboxEvent } from '@accounts/core/kernel';
import { createTestUser } from '@accounts/core/testing';
import { type FxaStandIn, startFxaStandIn } from '@accounts/devkit/fxa-stand-in';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { launchBrowser, openStackContext, type StackContextOptions, screenshot } from './browser.ts';
import { expectNoSecretsLogged, type SecretTracker } from './log-scan.ts';
import { createUser, openStackDatabase, type StackDatabase, signIn } from './people.ts';
import { signInAtStandIn, startMozillaStack, whoAmI } from './sign-in-helpers.ts';
import { type Stack, startStack } from './stack.ts';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 360, height: 740 };
const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const headerSignOut = (page: Page) => page.getByRole('banner').getByRole('button', { name: 'Sign out' });

describe('security page and sign-out with Mozilla accounts (the stand-in)', () => {
  let fxa: FxaStandIn;
  let stack: Stack;
  let browser: Browser;
  // The stack's tracker (log-scan.ts): every cookie, token, password and link token seen here.
  let tracked: SecretTracker;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [fxa, browser] = await Promise.all([startFxaStandIn(), launchBrowser()]);
    stack = await startMozillaStack(fxa);
    tracked = stack.secrets;
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await stack?.stop();
    await fxa?.stop();
  });

  const open = (options: StackContextOptions = {}) =>
    openStackContext(browser, tracked, contexts, { viewport: DESKTOP, ...options });

  /** Through the real sign-in: the hub's page, the stand-in, back to the dashboard. */
  async function signInThroughMozilla(page: Page, email: string, name: string) {
    await page.goto(`${stack.url}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).click();
    await signInAtStandIn(page, email, name);
    await page.waitForURL(`${stack.url}/`);
    await expect.poll(() => heading(page).textContent()).toBe('Overview');
  }

  it('lists the person’s sessions, signs another one out, and signs out with the header button', async () => {
    const here = await open();
    await signInThroughMozilla(here.page, 'ada@example.test', 'Ada Lovelace');
    const elsewhere = await open({ userAgent: FIREFOX_ON_WINDOWS });
    await signInThroughMozilla(elsewhere.page, 'ada@example.test', 'Ada Lovelace');
    await tracked.rememberCookies(here.context);
    await tracked.rememberCookies(elsewhere.context);

    // Times show in the person's own time zone, not the browser's (London).
    const db = await openStackDatabase(stack);
    let otherLastSeen: Date;
    try {
      const ada = await db.em().findOneOrFail(User, { email: 'ada@example.test' });
      await db.em().nativeUpdate(User, { id: ada.id }, { timezone: 'America/New_York' });
      const em = db.em();
      const calendar = em.create(Client, { name: 'Calendar', description: 'Shared calendars' });
      em.create(ClientConnection, { user: em.getReference(User, ada.id), client: calendar });
      await em.flush();
      otherLastSeen = (await db.em().findOneOrFail(Session, { user: ada.id, userAgent: FIREFOX_ON_WINDOWS }))
        .lastSeenAt;
    } finally {
      await db.close();
    }

    const { page } = here;
    await page.goto(`${stack.url}/security`);
    await expect.poll(() => heading(page).textContent()).toBe('Security');
    const sessions = page.getByRole('list', { name: 'Your sessions' });
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    const current = sessions.getByRole('listitem').filter({ hasText: 'This device' });
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toContain('on Linux');
    expect(await current.getByRole('button').count()).toBe(0);
    const other = sessions.getByRole('listitem').filter({ hasText: 'Firefox 140 on Windows' });
    expect(await other.textContent()).toContain('127.0.0.1');
    expect(await other.textContent()).toContain('with a Mozilla account');
    const inNewYork = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'America/New_York',
    }).format(otherLastSeen);
    expect(await other.textContent()).toContain(inNewYork);
    const mozilla = page.getByRole('link', { name: /Manage your Mozilla account/ });
    expect(await mozilla.getAttribute('href')).toBe(`${fxa.url}/settings`);
    expect(await mozilla.getAttribute('target')).toBe('_blank');
    expect(await page.getByRole('heading', { name: 'Password' }).count()).toBe(0);
    const apps = page.getByRole('list', { name: 'Apps you have signed in to with this account' });
    expect(await apps.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Shared calendars'),
    ]);
    await expectNoAxeViolations(page, 'the security page');
    await screenshot(page, 'identity-ui-security-fxa');

    await other.getByRole('button', { name: /^Sign out Firefox 140 on Windows/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out this session?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Firefox 140 on Windows (127.0.0.1)');
    await expectNoAxeViolations(page, 'the sign-out-session dialog');
    await screenshot(page, 'identity-ui-security-confirm-one');
    await dialog.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('status').getByText('That session has been signed out.').waitFor();
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(1);
    await page.getByText('You are signed in on this device only.').waitFor();

    // The other browser is refused on its very next request, and its page goes to sign-in.
    expect((await whoAmI(elsewhere.page)).status).toBe(401);
    await elsewhere.page.goto(`${stack.url}/security`);
    await elsewhere.page.waitForURL(`${stack.url}/sign-in?return_to=%2Fsecurity`);

    // At phone width, with the keyboard alone: Tab to the header's sign-out button, press Enter.
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page, 'the security page at phone width');
    await screenshot(page, 'identity-ui-security-phone');
    expect(await headerSignOut(page).isVisible()).toBe(true);
    let reached = false;
    for (let press = 0; press < 8 && !reached; press += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent === 'Sign out');
    }
    expect(reached).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe(
      'none',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.url}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).waitFor();
    expect((await whoAmI(page)).status).toBe(401);
    await expectNoAxeViolations(page, 'the sign-in page after signing out');
    for (const token of fxa.store.tokens.keys()) tracked.remember(token);
  });

  it('signs out every other session at once, and the sign-out button works at desktop width', async () => {
    const first = await open();
    await signInThroughMozilla(first.page, 'grace@example.test', 'Grace Hopper');
    const second = await open({ userAgent: FIREFOX_ON_WINDOWS });
    await signInThroughMozilla(second.page, 'grace@example.test', 'Grace Hopper');
    const third = await open();
    await signInThroughMozilla(third.page, 'grace@example.test', 'Grace Hopper');
    for (const { context } of [first, second, third]) await tracked.rememberCookies(context);

    const { page } = first;
    await page.goto(`${stack.url}/security`);
    const sessions = page.getByRole('list', { name: 'Your sessions' });
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(3);
    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out everywhere else?' });
    await dialog.getByText('Your 2 other sessions will be signed out at once.').waitFor();
    await expectNoAxeViolations(page, 'the sign-out-others dialog');
    await dialog.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await page.getByRole('status').getByText('2 other sessions have been signed out.').waitFor();
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(1);
    expect((await whoAmI(second.page)).status).toBe(401);
    expect((await whoAmI(third.page)).status).toBe(401);
    expect((await whoAmI(page)).status).toBe(200);

    const user = await openStackDatabase(stack);
    try {
      const grace = await user.em().findOneOrFail(User, { email: 'grace@example.test' });
      expect(await user.em().count(Session, { user: grace.id })).toBe(1);
      expect(await user.em().count(OutboxEvent, { userId: grace.id, type: 'session.revoked' })).toBe(2);
    } finally {
      await user.close();
    }

    await headerSignOut(page).click();
    await page.waitForURL(`${stack.url}/sign-in`);
    expect((await whoAmI(page)).status).toBe(401);
    for (const token of fxa.store.tokens.keys()) tracked.remember(token);
  });

  it('brings a person who opened a page signed out back to it after signing in', async () => {
    const { page } = await open();
    await page.goto(`${stack.url}/mail/app-passwords`);
    await page.waitForURL(`${stack.url}/sign-in?return_to=%2Fmail%2Fapp-passwords`);
    await page.getByText('You will come back here after signing in.').waitFor();
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).click();
    await signInAtStandIn(page, 'returning@example.test', 'Returning Person');
    await page.waitForURL(`${stack.url}/mail/app-passwords`);
    await page.getByRole('heading', { level: 1 }).waitFor();

    // A hostile return path in a link someone was sent: the overview, never another site.
    const other = await open();
    await other.page.goto(`${stack.url}/sign-in?return_to=${encodeURIComponent('//evil.example/x')}`);
    await other.page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).click();
    await signInAtStandIn(other.page, 'returning@example.test', 'Returning Person');
    await other.page.waitForURL(`${stack.url}/`);
  });

  it('shows the sign-in pages in the browser’s language when nobody is signed in', async () => {
    const { page } = await open({ locale: 'de-DE', viewport: PHONE });
    await page.goto(`${stack.url}/sign-in`);
    await page.getByRole('link', { name: 'Mit Mozilla-Konto anmelden' }).waitFor();
    expect(await heading(page).textContent()).toBe('Anmelden');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await expectNoAxeViolations(page, 'the Mozilla sign-in page in German');
    await screenshot(page, 'identity-ui-sign-in-mozilla-german-phone');

    await page.goto(`${stack.url}/sign-in/error?reason=cancelled&flow=client`);
    await page.getByRole('alert').getByText('Sie haben die Anmeldung').waitFor();
    expect(await heading(page).textContent()).toBe('Die Anmeldung hat nicht geklappt');
    await page.getByText('gehen Sie zu dieser App zurück').waitFor();
    await expectNoAxeViolations(page, 'the sign-in error page in German');
    await screenshot(page, 'identity-ui-sign-in-error-german');
    await page.getByRole('link', { name: 'Erneut versuchen' }).click();
    await page.getByRole('link', { name: 'Mit Mozilla-Konto anmelden' }).waitFor();
  });

  it('writes no token, cookie or secret into any log line or URL of these journeys', () => {
    for (const token of fxa.store.tokens.keys()) tracked.remember(token);
    expect(tracked.secrets.size).toBeGreaterThan(8);
    expectNoSecretsLogged(stack);
  });
});

describe('passwords and staff invitations (AUTH_SCHEME=password)', () => {
  let stack: Stack;
  let browser: Browser;
  let db: StackDatabase;
  // The stack's tracker (log-scan.ts): every cookie, token, password and link token seen here.
  let tracked: SecretTracker;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ AUTH_SCHEME: 'password', SIGNUP_MODE: 'open' }),
      launchBrowser(),
    ]);
    db = await openStackDatabase(stack);
    tracked = stack.secrets;
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await db?.close();
    await browser?.close();
    await stack?.stop();
  });

  const open = (options: StackContextOptions = {}) =>
    openStackContext(browser, tracked, contexts, { viewport: DESKTOP, ...options });

  async function signInWithPassword(page: Page, identifier: string, password: string) {
    await page.goto(`${stack.url}/sign-in`);
    await page.getByLabel('Email or username').fill(identifier);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('staff create a user and get an invitation link once; the person sets a password, changes it, and signs in with the new one', async () => {
    const staffUser = await createUser(db, { displayName: 'Staff Boss', isStaff: true, isSuperuser: true });
    const staff = await open();
    await staff.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    const staffSession = await signIn(db, stack, staff.context, staffUser);
    tracked.remember(staffSession.token);

    await staff.page.goto(`${stack.url}/staff/users`);
    await staff.page.getByRole('button', { name: 'Create user' }).click();
    const create = staff.page.getByRole('dialog', { name: 'Create a user' });
    await create.waitFor();
    expect(await create.textContent()).toContain('emailed to them when this hub sends mail');
    const email = create.getByLabel('Email');
    expect(await email.evaluate((element) => element === document.activeElement)).toBe(true);
    await email.fill('not an email');
    await create.getByRole('button', { name: 'Create user' }).click();
    await create.getByText('Enter an email address, like name@example.com.').waitFor();
    await expectNoAxeViolations(staff.page, 'the create-user dialog with an error');
    await email.fill('Invited.Person@Example.test');
    await create.getByLabel('Name (optional)').fill('Invited Person');
    await screenshot(staff.page, 'identity-ui-staff-create-user');
    await create.getByRole('button', { name: 'Create user' }).click();

    const shown = staff.page.getByRole('dialog', { name: 'Invitation link for invited.person@example.test' });
    await shown.waitFor();
    expect(await shown.textContent()).toContain('shown only once');
    // This stack sends no mail (no SMTP_URL): staff are told to hand the link over.
    expect(await shown.textContent()).toContain('it is not sent by email');
    expect(await shown.textContent()).toMatch(/It works once and expires on/);
    const linkField = shown.getByLabel('One-time link');
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${stack.url}/sign-in#set-password=acc_ut_`));
    tracked.remember(link.split('#set-password=')[1]);
    await shown.getByRole('button', { name: 'Copy link' }).click();
    await staff.page.getByRole('status').getByText('Link copied.').waitFor();
    expect(await staff.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await expectNoAxeViolations(staff.page, 'the invitation link dialog');
    await screenshot(staff.page, 'identity-ui-staff-invitation-link');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'hidden' });
    // Shown once: gone from the page, and the list shows the new person.
    expect(await staff.page.content()).not.toContain(link.split('#set-password=')[1]);
    await staff.page.getByRole('link', { name: 'invited.person@example.test' }).waitFor();

    // The invited person opens the link in their own browser and chooses a password.
    const invited = await open({ viewport: PHONE });
    await invited.page.goto(link);
    await invited.page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(invited.page.url()).toBe(`${stack.url}/sign-in`);
    await invited.page.getByLabel('New password').fill('short');
    await invited.page.getByRole('button', { name: 'Save password and sign in' }).click();
    await invited.page.getByText('Please use at least 10 characters.').waitFor();
    await expectNoAxeViolations(invited.page, 'the set-password page showing an error');
    await screenshot(invited.page, 'identity-ui-set-password-phone');
    const firstPassword = 'first chosen password';
    const newPassword = 'a better new password';
    tracked.remember(firstPassword, newPassword);
    await invited.page.getByLabel('New password').fill(firstPassword);
    await invited.page.getByRole('button', { name: 'Save password and sign in' }).click();
    await invited.page.waitForURL(`${stack.url}/`);
    expect(await whoAmI(invited.page)).toEqual({ status: 200, email: 'invited.person@example.test' });
    await tracked.rememberCookies(invited.context);

    // A second session of the same person, which the password change will end.
    const laptop = await open();
    await signInWithPassword(laptop.page, 'invited.person@example.test', firstPassword);
    await laptop.page.waitForURL(`${stack.url}/`);
    await tracked.rememberCookies(laptop.context);

    const { page } = invited;
    await page.goto(`${stack.url}/security`);
    const card = page.getByRole('region', { name: 'Password' });
    await card.getByText('Changing your password signs you out on every other device').waitFor();
    await card.getByLabel('Current password').fill('not my password');
    await card.getByLabel('New password').fill(newPassword);
    await card.getByRole('button', { name: 'Change password' }).click();
    await card.getByText('The current password is not right.').waitFor();
    expect(await card.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'the security page showing a password error');
    await screenshot(page, 'identity-ui-security-password-error-phone');
    await card.getByLabel('Current password').fill(firstPassword);
    await card.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByRole('status')
      .getByText('Your password has been changed, and one other session was signed out.')
      .waitFor();
    expect(await card.getByLabel('Current password').inputValue()).toBe('');
    expect((await whoAmI(laptop.page)).status).toBe(401);
    await expect
      .poll(() => page.getByRole('list', { name: 'Your sessions' }).getByRole('listitem').count())
      .toBe(1);
    await page.setViewportSize(DESKTOP);
    await expectNoAxeViolations(page, 'the security page under passwords');
    await screenshot(page, 'identity-ui-security-password');

    await headerSignOut(page).click();
    await page.waitForURL(`${stack.url}/sign-in`);
    await signInWithPassword(page, 'invited.person@example.test', firstPassword);
    expect(await page.getByRole('alert').textContent()).toContain('do not match an account');
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    expect(await whoAmI(page)).toEqual({ status: 200, email: 'invited.person@example.test' });
    await tracked.rememberCookies(page.context());

    // Staff hand over a password reset link from the person's page; it too is shown once.
    await staff.page.getByRole('link', { name: 'invited.person@example.test' }).click();
    await expect.poll(() => heading(staff.page).textContent()).toBe('Invited Person');
    await staff.page.getByRole('button', { name: 'Create password reset link' }).click();
    const confirm = staff.page.getByRole('dialog', { name: 'Create a password reset link?' });
    await confirm.waitFor();
    await expectNoAxeViolations(staff.page, 'the reset-link confirmation');
    await confirm.getByRole('button', { name: 'Create link' }).click();
    const reset = staff.page.getByRole('dialog', {
      name: 'Password reset link for invited.person@example.test',
    });
    await reset.waitFor();
    // No mail here either: staff are told plainly to hand it over.
    expect(await reset.textContent()).toContain('it is not sent by email');
    const resetLink = await reset.getByLabel('One-time link').inputValue();
    tracked.remember(resetLink.split('#set-password=')[1]);
    expect(resetLink).not.toBe(link);
    expect(
      await reset
        .getByRole('button', { name: 'Copy link' })
        .evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await expectNoAxeViolations(staff.page, 'the reset link dialog');
    await screenshot(staff.page, 'identity-ui-staff-reset-link');
    await staff.page.keyboard.press('Escape');
    await reset.waitFor({ state: 'hidden' });
    await staff.page.getByText('Link to set a password created').first().waitFor();
    // Ending the person's sessions still works from the same page.
    await staff.page.getByRole('button', { name: 'End all sessions' }).click();
    await staff.page
      .getByRole('dialog', { name: 'End all sessions?' })
      .getByRole('button', { name: 'End all sessions' })
      .click();
    await staff.page.getByText('Not signed in anywhere.').waitFor();
    expect((await whoAmI(page)).status).toBe(401);
  });

  it('brings a person who opened a page signed out back to it after a password sign-in', async () => {
    const user = await createTestUser(db.em(), { password: 'returning password 1' });
    tracked.remember('returning password 1');
    const { page, context } = await open();
    await page.goto(`${stack.url}/profile?from=mail`);
    await page.waitForURL(`${stack.url}/sign-in?return_to=%2Fprofile%3Ffrom%3Dmail`);
    await page.getByLabel('Email or username').fill(user.username);
    await page.getByLabel('Password').fill('returning password 1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/profile?from=mail`);
    await tracked.rememberCookies(context);

    // Signed out again, with a hostile return path: the overview. The profile page is left first:
    // open, it would notice the lost session and send the browser to sign in for itself.
    await page.goto('about:blank');
    await context.clearCookies();
    await page.goto(`${stack.url}/sign-in?return_to=${encodeURIComponent('/\\evil.example')}`);
    await page.getByLabel('Email or username').fill(user.username);
    await page.getByLabel('Password').fill('returning password 1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    await tracked.rememberCookies(context);
  });

  it('shows the password sign-in page and its refusals in German', async () => {
    const { page } = await open({ locale: 'de-DE' });
    await page.goto(`${stack.url}/sign-in`);
    const identifier = page.getByLabel('E-Mail-Adresse oder Benutzername');
    await identifier.waitFor();
    expect(await heading(page).textContent()).toBe('Anmelden');
    expect(await page.title()).toBe('Anmelden · Konten');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Bitte füllen Sie dieses Feld aus.').first().waitFor();
    await identifier.fill('nobody@example.test');
    await page.getByLabel('Passwort').fill('not a password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page
      .getByRole('alert')
      .getByText('Diese E-Mail-Adresse bzw. dieser Benutzername passt nicht zu diesem Passwort.')
      .waitFor();
    await expectNoAxeViolations(page, 'the password sign-in page in German');
    await screenshot(page, 'identity-ui-sign-in-password-german');

    await page.goto(`${stack.url}/sign-in#set-password=acc_ut_not-a-real-token`);
    await page.getByRole('heading', { name: 'Passwort festlegen' }).waitFor();
    await page.getByLabel('Neues Passwort').fill('a long enough password');
    await page.getByRole('button', { name: 'Passwort speichern und anmelden' }).click();
    await page.getByRole('alert').getByText('Dieser Link ist nicht mehr gültig.').waitFor();
    await expectNoAxeViolations(page, 'the set-password page with an invalid link, in German');
  });

  it('signs a new person up with the same rules as the API, showing its refusals on the fields', async () => {
    await createUser(db, { email: 'taken@example.test' });
    const { page, context } = await open({ viewport: PHONE });
    await page.goto(`${stack.url}/sign-in`);
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Email').fill('taken@example.test');
    await page.getByLabel('Username (optional)').fill('x');
    await page.getByLabel('Password').fill('a fine long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Use 2–40 letters, digits, dots, dashes or underscores.').waitFor();
    expect(
      await page.getByLabel('Username (optional)').evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await page.getByLabel('Username (optional)').fill('');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('An account with this email already exists. Sign in instead.').waitFor();
    await expectNoAxeViolations(page, 'the sign-up page showing the server’s field error');
    await screenshot(page, 'identity-ui-sign-up-phone');
    tracked.remember('a fine long password');
    await page.getByLabel('Email').fill('newcomer@example.test');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${stack.url}/`);
    expect(await whoAmI(page)).toEqual({ status: 200, email: 'newcomer@example.test' });
    await tracked.rememberCookies(context);
  });

  it('writes no password, link token or cookie into any log line or URL', () => {
    expect(tracked.secrets.size).toBeGreaterThan(6);
    expectNoSecretsLogged(stack);
  });
});
