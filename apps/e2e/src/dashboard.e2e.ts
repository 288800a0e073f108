import { readFileSync } from 'node:fs';
import { Plan, UserPlan } from '@accounts/core/billing';
import { Client, ClientConnection } from '@accounts/core/clients';
import { Session, User } from '@accounts/core/identity';
import { AuditEntry, OutboxEvent } from '@accounts/core/kernel';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, installAxe } from './axe.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import { createUser, openStackDatabase, type PersonFields, type StackDatabase, signIn } from './people.ts';
import { type Stack, startStack } from './stack.ts';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 360, height: 740 };

describe('the dashboard, end to end against the real API and database', () => {
  let stack: Stack;
  let browser: Browser;
  let db: StackDatabase;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    db = await openStackDatabase(stack);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await db?.close();
    await browser?.close();
    await stack?.stop();
  });

  /** A fresh browser profile with axe-core installed, signed in as a new user when asked. */
  async function openAs(fields: PersonFields | null, viewport = DESKTOP) {
    const context = await browser.newContext({
      viewport,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      acceptDownloads: true,
    });
    contexts.push(context);
    await installAxe(context);
    const user = fields ? await createUser(db, fields) : null;
    const session = user ? await signIn(db, stack, context, user) : null;
    const page = await context.newPage();
    return { context, page, user: user!, session: session! };
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });

  it('sends a visitor without a session to the sign-in page', async () => {
    const { page } = await openAs(null);
    await page.goto(`${stack.url}/profile`);
    await page.waitForURL(`${stack.url}/sign-in?return_to=%2Fprofile`);
  });

  it('loads the overview in one batched request, and shows who is signed in, at desktop and phone widths', async () => {
    const em = db.em();
    const plan = em.create(Plan, { name: 'Mail Plus', description: '50 GB and your own domains.' });
    const calendar = em.create(Client, {
      name: 'Calendar',
      description: 'Shared calendars',
      launchUrl: 'https://calendar.example.test/start',
    });
    const notes = em.create(Client, { name: 'Notes to self' });
    plan.clients.add(calendar, notes);
    await em.flush();
    const { page, user } = await openAs({ displayName: 'Ada Lovelace', timezone: 'Europe/London' });
    const setup = db.em();
    const row = await setup.findOneOrFail(User, { id: user.id });
    setup.create(UserPlan, { user: row, plan: setup.getReference(Plan, plan.id) });
    setup.create(ClientConnection, { user: row, client: setup.getReference(Client, calendar.id) });
    await setup.flush();

    const trpcRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/trpc/'))
        trpcRequests.push(new URL(request.url()).pathname);
    });
    await page.goto(stack.url);
    await expect.poll(() => heading(page).textContent()).toBe('Overview');
    await page.getByText('Hello, Ada Lovelace.').waitFor();
    await page.getByText('Mail Plus', { exact: true }).waitFor();
    const services = page.getByRole('region', { name: 'Services' });
    expect(await services.textContent()).toContain('Calendar');
    // A service they can open is a link to its launch URL; one without a URL is its name alone.
    expect(await services.getByRole('link', { name: 'Calendar' }).getAttribute('href')).toBe(
      'https://calendar.example.test/start',
    );
    expect(await services.textContent()).toContain('Notes to self');
    expect(await services.getByRole('link', { name: 'Notes to self' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Needs your attention' }).textContent()).toContain(
      'Nothing needs your attention',
    );
    // The person and the page's data arrive together: one round trip, no waterfall.
    expect(trpcRequests).toEqual(['/trpc/me.get,profile.overview']);
    // People see no staff area.
    expect(await page.getByRole('list', { name: 'Staff' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'the overview');
    await screenshot(page, 'dashboard-overview-desktop');

    await page.setViewportSize(PHONE);
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await page.getByRole('link', { name: 'Privacy' }).isVisible()).toBe(false);
    await screenshot(page, 'dashboard-overview-phone');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'Privacy' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Privacy');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await expectNoAxeViolations(page, 'the privacy page at phone width');
    await screenshot(page, 'dashboard-privacy-phone');
  });

  it('edits the profile with the API’s own validation, and keeps it', async () => {
    const { page, user } = await openAs({ displayName: 'Grace' });
    await page.goto(`${stack.url}/profile`);
    const name = page.getByLabel('Name', { exact: true });
    await name.waitFor();

    await name.fill('G'.repeat(101));
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Please use at most 100 characters.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page, 'the profile form showing an error');
    await screenshot(page, 'dashboard-profile-error');

    await name.fill('Grace Hopper');
    const zone = page.getByRole('combobox', { name: 'Time zone' });
    await zone.fill('new york');
    await page.getByRole('option', { name: 'America/New York' }).waitFor();
    await zone.press('ArrowDown');
    await zone.press('Enter');
    expect(await zone.inputValue()).toBe('America/New York');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').getByText('Your profile has been saved.').waitFor();
    await screenshot(page, 'dashboard-profile-saved');

    const saved = await db.em().findOneOrFail(User, { id: user.id });
    expect(saved).toMatchObject({ displayName: 'Grace Hopper', timezone: 'America/New_York' });
    const events = await db.em().find(OutboxEvent, { userId: user.id, type: 'user.updated' });
    expect(events).toHaveLength(1);

    await page.reload();
    await page.getByLabel('Name', { exact: true }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Grace Hopper');
    expect(await page.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe('America/New York');
    // The header shows the new name, from the cache the mutation updated.
    expect(await page.locator('.shell-person-name').textContent()).toBe('Grace Hopper');
    await expectNoAxeViolations(page, 'the profile page');
  });

  it('says when no time zone matches without covering Save, and refuses an unknown zone on the field', async () => {
    const { page, user } = await openAs({ displayName: 'Zoe', timezone: 'Europe/Berlin' });
    await page.goto(`${stack.url}/profile`);
    const zone = page.getByRole('combobox', { name: 'Time zone' });
    await zone.fill('Atlantis');
    await page.getByText('Nothing matches “Atlantis”.', { exact: false }).waitFor();
    // The line sits in the page: Save stays where a click reaches it.
    const save = page.getByRole('button', { name: 'Save profile' });
    await save.scrollIntoViewIfNeeded();
    const box = (await save.boundingBox())!;
    const onTop = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.textContent ?? null,
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(onTop).toBe('Save profile');
    expect(await page.getByRole('listbox').isVisible()).toBe(false);
    await expectNoAxeViolations(page, 'the time zone field with nothing matching');

    // Leaving the field keeps what was typed; saving refuses it there, and nothing is saved.
    await save.click();
    await page.getByText('Please choose a time zone from the list.').waitFor();
    expect(await zone.inputValue()).toBe('Atlantis');
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('status').getByText('Your profile has been saved.').count()).toBe(0);
    expect((await db.em().findOneOrFail(User, { id: user.id })).timezone).toBe('Europe/Berlin');

    // Text that names one zone is that zone, chosen or not.
    await zone.fill('Europe/Lisbon');
    await save.click();
    await page.getByRole('status').getByText('Your profile has been saved.').waitFor();
    expect((await db.em().findOneOrFail(User, { id: user.id })).timezone).toBe('Europe/Lisbon');
  });

  it('shows that the next page is loading while the API is slow', async () => {
    const { page } = await openAs({ displayName: 'Slow' });
    await page.goto(`${stack.url}/`);
    await expect.poll(() => heading(page).textContent()).toBe('Overview');
    // Hold the security page's questions until the test has seen the progress bar.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/trpc/**', async (route) => {
      await released;
      await route.continue();
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Security' }).click();
    await page.getByTestId('navigation-progress').waitFor();
    await page.getByRole('status').getByText('Loading the page…').waitFor();
    release();
    await expect.poll(() => heading(page).textContent()).toBe('Security');
    await page.getByTestId('navigation-progress').waitFor({ state: 'detached' });
    await page.unroute('**/trpc/**');
  });

  it('says the service cannot be reached within about a second, with a way to try again', async () => {
    const { page } = await openAs({ displayName: 'Offline' });
    let down = true;
    await page.route('**/trpc/**', (route) => (down ? route.abort('connectionrefused') : route.continue()));
    const started = Date.now();
    await page.goto(`${stack.url}/profile`);
    const alert = page.getByRole('alert').filter({ hasText: 'cannot be reached' });
    await alert.waitFor();
    // One quick retry (0.4 s), not two with growing pauses (~6 s before).
    expect(Date.now() - started).toBeLessThan(3_000);
    down = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Profile');
    await page.unroute('**/trpc/**');
  });

  it('shows the not-found page in the person’s chosen language, not the browser’s', async () => {
    const { page } = await openAs({ displayName: 'Greta', language: 'de' });
    await page.goto(`${stack.url}/no-such-page`);
    await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await expectNoAxeViolations(page, 'the not-found page in German');
    // A visitor gets the browser's language (en-GB here).
    const visitor = await openAs(null);
    await visitor.page.goto(`${stack.url}/no-such-page`);
    await visitor.page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  });

  it('switches to German and shows dates in the person’s locale and time zone', async () => {
    const { page, user } = await openAs({ displayName: 'Lise' });
    await page.goto(`${stack.url}/profile`);
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').getByText('Ihr Profil wurde gespeichert.').waitFor();
    expect(await page.getByRole('link', { name: 'Übersicht' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await heading(page).textContent()).toBe('Profil');
    await expectNoAxeViolations(page, 'the profile page in German');
    await screenshot(page, 'dashboard-profile-german');

    await page.getByRole('link', { name: 'Übersicht' }).click();
    await page.getByText('Hallo, Lise.').waitFor();
    const joined = (await db.em().findOneOrFail(User, { id: user.id })).dateJoined;
    const expected = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeZone: 'UTC' }).format(joined);
    expect(await page.getByRole('region', { name: 'Ihr Konto' }).textContent()).toContain(expected);
    await expectNoAxeViolations(page, 'the overview in German');
    await screenshot(page, 'dashboard-overview-german');

    // A fresh load starts in German straight away (the language is the person's setting).
    await page.reload();
    await expect.poll(() => heading(page).textContent()).toBe('Übersicht');
  });

  it('downloads all of a person’s data as JSON', async () => {
    const { page, user, session } = await openAs({ displayName: 'Export Person' });
    const em = db.em();
    const client = em.create(Client, { name: 'Notes' });
    em.create(ClientConnection, { user: em.getReference(User, user.id), client });
    await em.flush();

    await page.goto(`${stack.url}/privacy`);
    const button = page.getByRole('button', { name: 'Download my data' });
    await button.waitFor();
    await expectNoAxeViolations(page, 'the privacy page');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^accounts-data-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.format).toBe('accounts-hub/personal-data/v1');
    expect(exported.sections.profile).toMatchObject({
      id: user.id,
      email: user.email,
      displayName: 'Export Person',
    });
    expect(exported.sections.sessions.map((row: { id: string }) => row.id)).toEqual([session.sessionId]);
    expect(exported.sections.connectedClients.map((row: { clientName: string }) => row.clientName)).toEqual([
      'Notes',
    ]);
    expect(exported.sections.auditEntries).toEqual([]);
    await page.getByRole('status').getByText('Your data has been downloaded.').waitFor();
    await screenshot(page, 'dashboard-privacy-export');
  });

  it('deletes the account after the address is typed, with the keyboard, and signs out everywhere', async () => {
    const { page, user } = await openAs({ displayName: 'Leaving Person' });
    await page.goto(`${stack.url}/privacy`);
    const open = page.getByRole('button', { name: 'Delete my account…' });
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.waitFor();
    const confirm = dialog.getByLabel(/To confirm, type your email address/);
    expect(await confirm.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await open.evaluate((element) => element === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type('someone-else@example.test');
    await page.keyboard.press('Enter');
    // The API refuses; its field error lands on the field, in the page's words.
    await dialog.getByText('This is not the email address of your account.').waitFor();
    expect(await db.em().count(User, { id: user.id })).toBe(1);
    await expectNoAxeViolations(page, 'the delete dialog showing the server’s field error');
    await screenshot(page, 'dashboard-delete-dialog');

    await confirm.fill(user.email);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(`${stack.url}/account-deleted`);
    await page.getByRole('heading', { name: 'Your account has been deleted' }).waitFor();
    await expectNoAxeViolations(page, 'the account-deleted page');
    await screenshot(page, 'dashboard-account-deleted');

    expect(await db.em().count(User, { id: user.id })).toBe(0);
    expect(await db.em().count(Session, { user: user.id })).toBe(0);
    const events = await db.em().find(OutboxEvent, { userId: user.id });
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['user.deleted', 'session.revoked']),
    );
    await page.goto(stack.url);
    await page.waitForURL(`${stack.url}/sign-in`);
  });

  it('lets a superuser find a user, make them staff, end their sessions and deactivate them', async () => {
    const em = db.em();
    for (let index = 0; index < 22; index += 1) {
      em.create(User, {
        email: `listed-${String(index).padStart(2, '0')}@example.test`,
        username: `listed${index}`,
      });
    }
    await em.flush();
    const target = await createUser(db, {
      email: 'target.person@example.test',
      displayName: 'Target Person',
    });
    const targetContext = await browser.newContext();
    contexts.push(targetContext);
    await signIn(db, stack, targetContext, target);
    const { page, user: staff } = await openAs({
      displayName: 'Staff Member',
      isStaff: true,
      isSuperuser: true,
    });

    await page.goto(`${stack.url}/staff/users`);
    await page.getByRole('table', { name: 'Users' }).waitFor();
    expect(await page.getByText(/Page 1 of 2/).textContent()).toContain('results');
    await expectNoAxeViolations(page, 'the staff users list');
    await screenshot(page, 'dashboard-staff-users');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/page=2/);
    await page.getByText(/Page 2 of 2/).waitFor();

    await page.getByLabel('Search users').fill('target');
    await page.waitForURL(/q=target/);
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('link', { name: 'target.person@example.test' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Target Person');
    expect(await page.getByRole('table', { name: 'Sessions' }).getByRole('row').count()).toBe(2);
    // Words, not raw values: the language by its name, the device as browser and system.
    await page.getByText('English', { exact: true }).waitFor();
    const sessionsText = await page.getByRole('table', { name: 'Sessions' }).textContent();
    expect(sessionsText).not.toContain('Chromium (e2e)');
    expect(sessionsText).toContain('Unknown device');

    await page.getByRole('button', { name: 'Make staff' }).click();
    const grant = page.getByRole('dialog', { name: 'Make this person staff?' });
    await grant.waitFor();
    await expectNoAxeViolations(page, 'the staff confirmation dialog');
    await grant.getByRole('button', { name: 'Make staff' }).click();
    await page.getByRole('status').getByText('target.person@example.test is now staff.').waitFor();
    expect((await db.em().findOneOrFail(User, { id: target.id })).isStaff).toBe(true);

    await page.getByRole('button', { name: 'End all sessions' }).click();
    await page
      .getByRole('dialog', { name: 'End all sessions?' })
      .getByRole('button', { name: 'End all sessions' })
      .click();
    await page.getByText('Not signed in anywhere.').waitFor();
    expect(await db.em().count(Session, { user: target.id })).toBe(0);

    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page
      .getByRole('dialog', { name: 'Deactivate this account?' })
      .getByRole('button', { name: 'Deactivate' })
      .click();
    await page.getByRole('button', { name: 'Reactivate' }).waitFor();
    expect((await db.em().findOneOrFail(User, { id: target.id })).isActive).toBe(false);
    // The account's history in words, with the staff member who acted; never an action name.
    const change = page.getByRole('row').filter({ hasText: 'Account deactivated' });
    await change.waitFor();
    expect(await change.textContent()).toContain(staff.email);
    expect(await page.locator('main').textContent()).not.toContain('user.deactivated');
    await expectNoAxeViolations(page, 'the staff user page');
    await screenshot(page, 'dashboard-staff-user');
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page, 'the staff user page at phone width');
    await screenshot(page, 'dashboard-staff-user-phone');
    await page.setViewportSize(DESKTOP);

    const actions = (
      await db.em().find(AuditEntry, { subjectUserId: target.id }, { orderBy: { createdAt: 'asc' } })
    ).map((entry) => [entry.action, entry.actorId]);
    expect(actions).toEqual([
      ['user.staff-granted', staff.id],
      ['user.sessions-ended', staff.id],
      ['user.deactivated', staff.id],
    ]);

    // The target's browser is signed out.
    const targetPage = await targetContext.newPage();
    await targetPage.goto(stack.url);
    await targetPage.waitForURL(`${stack.url}/sign-in`);

    // Every page of the staff area and the people's pages the other areas own.
    for (const [path, title] of [
      ['/staff/clients', 'Clients'],
      ['/staff/webhooks', 'Webhook deliveries'],
      ['/staff/subscriptions', 'Subscriptions'],
      ['/staff/mail', 'Mail accounts'],
      ['/staff/audit', 'Audit log'],
      ['/security', 'Security'],
      ['/subscription', 'Subscription'],
      ['/mail', 'Mail'],
    ] as const) {
      await page.goto(`${stack.url}${path}`);
      await expect.poll(() => heading(page).textContent()).toBe(title);
      await expectNoAxeViolations(page, path);
    }
    await screenshot(page, 'dashboard-last-page-visited');
  });

  it('offers a plain staff member no way to sign out or deactivate another staff member, and says why; a superuser gets them', async () => {
    const colleague = await createUser(db, { displayName: 'Colleague Staff', isStaff: true });
    const customer = await createUser(db, { displayName: 'Plain Customer' });
    for (const person of [colleague, customer]) {
      const theirs = await browser.newContext();
      contexts.push(theirs);
      await signIn(db, stack, theirs, person);
    }
    const accountActions = (page: Page) =>
      ['End all sessions', 'Deactivate', 'Create password reset link'].map((name) =>
        page.getByRole('button', { name, exact: true }),
      );
    const reason = 'This is another staff member: only a superuser can end their sessions';

    const { page } = await openAs({ displayName: 'Plain Staff', isStaff: true });
    await page.goto(`${stack.url}/staff/users/${colleague.id}`);
    await expect.poll(() => heading(page).textContent()).toBe('Colleague Staff');
    await page.getByText(reason).waitFor();
    for (const button of accountActions(page)) {
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('aria-describedby')).toBe('staff-user-protected-note');
    }
    await expectNoAxeViolations(page, 'another staff member’s page, seen by plain staff');
    // A person who is not staff: the same staff member may act.
    await page.goto(`${stack.url}/staff/users/${customer.id}`);
    await expect.poll(() => heading(page).textContent()).toBe('Plain Customer');
    await accountActions(page)[0]!.waitFor();
    for (const button of accountActions(page)) expect(await button.isDisabled()).toBe(false);
    expect(await page.getByText(reason).count()).toBe(0);

    const { page: superPage } = await openAs({ displayName: 'Super User', isStaff: true, isSuperuser: true });
    await superPage.goto(`${stack.url}/staff/users/${colleague.id}`);
    await expect.poll(() => heading(superPage).textContent()).toBe('Colleague Staff');
    await accountActions(superPage)[0]!.waitFor();
    for (const button of accountActions(superPage)) expect(await button.isDisabled()).toBe(false);
    expect(await superPage.getByText(reason).count()).toBe(0);
  });

  it('keeps the staff area from people who are not staff: hidden in the page, refused by the API', async () => {
    const { page } = await openAs({ displayName: 'Not Staff' });
    await page.goto(`${stack.url}/staff/users`);
    await page.getByText('This area is for staff only.').waitFor();
    expect(await page.getByRole('list', { name: 'Staff' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'the staff area for a non-staff person');

    const response = await page.request.get(
      `${stack.url}/trpc/staffUsers.search?input=${encodeURIComponent(JSON.stringify({ json: { query: '' } }))}`,
    );
    expect(response.status()).toBe(403);
    expect(JSON.stringify(await response.json())).toContain('This area is for staff only.');
  });

  it('works with the keyboard alone, with visible focus', async () => {
    const { page } = await openAs({ displayName: 'Keyboard Person' });
    await page.goto(stack.url);
    await expect.poll(() => heading(page).textContent()).toBe('Overview');

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);

    // Tab to the Profile link in the navigation and follow it.
    let reached = false;
    for (let press = 0; press < 10 && !reached; press += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent === 'Profile');
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.url}/profile`);
    // Focus moves to the new page's heading, so screen readers announce it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Profile');
  });

  it('writes no session cookie or token into any log line or URL', () => {
    expectNoSecretsLogged(stack);
  });
});
