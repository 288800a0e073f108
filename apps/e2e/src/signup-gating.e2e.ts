// SIGNUP_MODE=allow-list in the browser: a person's sign-up is refused with a page that shows their
// address and a link for staff; staff open the link, the allow-list form is filled in, they allow
// the address; the person signs up again and is in. Also a first Mozilla sign-in refused the same
// way. The address is never in the page's URL, and a link that carries one shows nothing of it
// (decision 0075). Real API processes, real Chromium, axe on every page.
import { User } from '@accounts/core/identity';
import { type FxaStandIn, startFxaStandIn } from '@accounts/devkit/fxa-stand-in';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { launchBrowser, openStackContext, type StackContextOptions, screenshot } from './browser.ts';
import { createUser, openStackDatabase, type StackDatabase, signIn } from './people.ts';
import { signInAtStandIn, startMozillaStack, whoAmI } from './sign-in-helpers.ts';
import { type Stack, startStack } from './stack.ts';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'a fine long password';

describe('sign-up under SIGNUP_MODE=allow-list (passwords)', () => {
  let stack: Stack;
  let browser: Browser;
  let db: StackDatabase;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ AUTH_SCHEME: 'password', SIGNUP_MODE: 'allow-list' }),
      launchBrowser(),
    ]);
    db = await openStackDatabase(stack);
    stack.secrets.remember(PASSWORD);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await db?.close();
    await browser?.close();
    await stack?.stop();
  });

  const open = (options: StackContextOptions = {}) =>
    openStackContext(browser, stack.secrets, contexts, { viewport: DESKTOP, ...options });

  it('refuses an unlisted sign-up with a clear page, then lets the person in after staff allow them from its link', async () => {
    const person = await open({ viewport: PHONE });
    await person.page.goto(`${stack.url}/sign-in?mode=sign-up`);
    await person.page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await person.page.getByLabel('Email').fill('Hopeful@Example.test');
    await person.page.getByLabel('Password').fill(PASSWORD);
    await person.page.getByRole('button', { name: 'Create account' }).click();

    await person.page.waitForURL((url) => url.pathname === '/sign-up/not-allowed');
    await person.page.getByRole('heading', { name: 'You cannot create an account here yet' }).waitFor();
    const alert = person.page.getByRole('alert');
    expect(await alert.textContent()).toContain('hopeful@example.test');
    // The address came in this tab's storage, taken once; the URL (history, logs) never had it.
    expect(person.page.url()).toBe(`${stack.url}/sign-up/not-allowed?flow=dashboard`);
    expect(
      await person.page.evaluate(() => sessionStorage.getItem('accounts.refused-sign-up-address')),
    ).toBeNull();
    expect(await db.em().count(User, { email: 'hopeful@example.test' })).toBe(0);
    expect(await whoAmI(person.page)).toMatchObject({ status: 401 });
    const link = await person.page.locator('.copyable code').textContent();
    expect(link).toBe(`${stack.url}/staff/allow-list?add=hopeful%40example.test`);
    await expectNoAxeViolations(person.page, 'the sign-up-not-allowed page on a phone');
    await screenshot(person.page, 'signup-not-allowed-phone');

    // Staff open the link the person sent them: the address is filled in, one click allows it.
    const staffUser = await createUser(db, { isStaff: true, displayName: 'Staff Member' });
    const staff = await open();
    await signIn(db, stack, staff.context, staffUser);
    await staff.page.goto(link!);
    const pattern = staff.page.getByLabel('Email address or @domain');
    await expect.poll(() => pattern.inputValue()).toBe('hopeful@example.test');
    await expectNoAxeViolations(staff.page, 'the allow list filled in from a refused person’s link');
    await screenshot(staff.page, 'signup-allow-list-prefilled');
    await staff.page.getByRole('button', { name: 'Add to the list' }).click();
    await staff.page.getByText('hopeful@example.test may now sign up.').waitFor();
    await staff.page.getByRole('cell', { name: 'hopeful@example.test' }).waitFor();

    // The person tries again and is in.
    await person.page.getByRole('link', { name: 'Sign in again' }).click();
    await person.page.getByRole('link', { name: 'Create one' }).click();
    await person.page.getByLabel('Email').fill('hopeful@example.test');
    await person.page.getByLabel('Password').fill(PASSWORD);
    await person.page.getByRole('button', { name: 'Create account' }).click();
    await person.page.waitForURL(`${stack.url}/`);
    expect(await whoAmI(person.page)).toEqual({ status: 200, email: 'hopeful@example.test' });
    await stack.secrets.rememberCookies(person.context);
  });

  it('shows nothing of an address a link carries (old or crafted), drops it from the URL, and says it in German', async () => {
    const { page } = await open({ locale: 'de-DE' });
    await page.goto(`${stack.url}/sign-up/not-allowed?email=gast%40beispiel.test&flow=dashboard`);
    await page.getByRole('heading', { name: 'Sie können hier noch kein Konto anlegen' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toBe(
      'Für die Adresse, die Sie verwendet haben, gibt es hier kein Konto, und neue Konten entstehen nur für Personen, die das Team freigegeben hat. Es wurde nichts angelegt und nichts über Sie gespeichert.',
    );
    await page.getByText('bitten Sie das Team, die Adresse freizugeben').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('beispiel');
    expect(await page.locator('.copyable').count()).toBe(0);
    await expect.poll(() => page.url()).toBe(`${stack.url}/sign-up/not-allowed?flow=dashboard`);
    await expectNoAxeViolations(page, 'the sign-up-not-allowed page in German, without an address');
    await screenshot(page, 'signup-not-allowed-german-desktop');
  });
});

describe('Mozilla accounts under SIGNUP_MODE=allow-list: the gate, and who owns the display name', () => {
  let fxa: FxaStandIn;
  let stack: Stack;
  let browser: Browser;
  let db: StackDatabase;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [fxa, browser] = await Promise.all([startFxaStandIn(), launchBrowser()]);
    stack = await startMozillaStack(fxa, { SIGNUP_MODE: 'allow-list' });
    db = await openStackDatabase(stack);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await db?.close();
    await browser?.close();
    await stack?.stop();
    await fxa?.stop();
  });

  const open = async (viewport = DESKTOP) =>
    (await openStackContext(browser, stack.secrets, contexts, { viewport })).page;

  async function signInThroughMozilla(page: Page, email: string, name: string) {
    await page.goto(`${stack.url}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).click();
    await signInAtStandIn(page, email, name);
  }

  it('ends a first sign-in of an unlisted person on the same page, with the address Mozilla gave and none in the URL', async () => {
    const page = await open();
    const urls: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) urls.push(frame.url());
    });
    await signInThroughMozilla(page, 'stranger@example.test', 'Stranger');
    await page.waitForURL((url) => url.pathname === '/sign-up/not-allowed');
    expect(await page.getByRole('alert').textContent()).toContain('stranger@example.test');
    await page.getByText('This is the address of the Mozilla account you signed in with.').waitFor();
    expect(await page.locator('.copyable code').textContent()).toBe(
      `${stack.url}/staff/allow-list?add=stranger%40example.test`,
    );
    expect(await db.em().count(User, { email: 'stranger@example.test' })).toBe(0);
    // No page of ours had the address in its URL; it came in a sealed cookie, taken once.
    expect(page.url()).toBe(`${stack.url}/sign-up/not-allowed?flow=dashboard`);
    expect(urls.filter((url) => url.startsWith(stack.url) && url.includes('stranger'))).toEqual([]);
    const cookies = await page.context().cookies(`${stack.url}/trpc`);
    expect(cookies.filter((cookie) => cookie.name.includes('refused'))).toEqual([]);
    await expectNoAxeViolations(page, 'the sign-up-not-allowed page after Mozilla');
    await screenshot(page, 'signup-not-allowed-mozilla-desktop');

    // A reload (or anyone later in this tab) gets the general words.
    await page.reload();
    await page.getByText('There is no account here for the address you used').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('stranger');
  });

  it('keeps a name the person set on the profile page when Mozilla’s changes and they sign in again', async () => {
    // Someone staff created (so the allow-list does not matter: existing people always get in).
    await createUser(db, { email: 'ada@example.test' });
    const page = await open(PHONE);
    await signInThroughMozilla(page, 'ada@example.test', 'Ada From Mozilla');
    await page.waitForURL(`${stack.url}/`);
    await page.goto(`${stack.url}/profile`);
    const name = page.getByLabel('Name', { exact: true });
    await expect.poll(() => name.inputValue()).toBe('Ada From Mozilla');
    const details = page.getByRole('region', { name: 'Details' });
    expect(await details.getByText('From your Mozilla account').count()).toBe(2);
    await page.getByRole('link', { name: 'Open your Mozilla account' }).first().waitFor();
    await expectNoAxeViolations(page, 'the profile page of a Mozilla account, name from Mozilla');
    await screenshot(page, 'profile-ownership-mozilla-phone');

    await name.fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').getByText('Your profile has been saved.').waitFor();
    await details.getByText('Set by you').waitFor();

    // Mozilla's name changes (the stand-in's form sets it) and Ada signs in again elsewhere.
    const later = await open();
    await signInThroughMozilla(later, 'ada@example.test', 'Ada Renamed At Mozilla');
    await later.waitForURL(`${stack.url}/`);
    expect(fxa.account('ada@example.test').displayName).toBe('Ada Renamed At Mozilla');
    await later.goto(`${stack.url}/profile`);
    const laterName = later.getByLabel('Name', { exact: true });
    await expect.poll(() => laterName.inputValue()).toBe('Ada Lovelace');
    await later.getByRole('region', { name: 'Details' }).getByText('Set by you').waitFor();
    expect((await db.em().findOneOrFail(User, { email: 'ada@example.test' })).displayName).toBe(
      'Ada Lovelace',
    );
    await expectNoAxeViolations(later, 'the profile page with a name set by the person');
    await screenshot(later, 'profile-ownership-person-desktop');
  });
});
