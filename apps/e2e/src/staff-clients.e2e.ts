// The staff pages of the client-app area, end to end: the registry, once-shown tokens and
// secrets, a signed test event to a real receiver on loopback, deliveries, the audit log and the
// sign-up allow list, with axe-core on every page and dialog, at desktop and phone widths.

import {
  AllowListEntry,
  Client,
  ClientEnvironment,
  ClientWebhook,
  WebhookDelivery,
} from '@accounts/core/clients';
import { AuditEntry } from '@accounts/core/kernel';
import { type Receiver, startReceiver } from '@accounts/core/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, installAxe } from './axe.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { openStackHub, registerClientApp } from './hub-data.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import { createUser, openStackDatabase, type PersonFields, type StackDatabase, signIn } from './people.ts';
import { type Stack, startStack } from './stack.ts';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 360, height: 740 };
/** The staff member's zone differs from the browser's (Europe/London): dates must follow the profile. */
const STAFF_ZONE = 'Europe/Berlin';

describe('the staff pages for client apps, against the real API, worker loop and database', () => {
  let stack: Stack;
  let browser: Browser;
  let db: StackDatabase;
  let receiver: Receiver;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [stack, browser, receiver] = await Promise.all([
      startStack({ JOBS_IN_PROCESS: 'true', WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' }),
      launchBrowser(),
      startReceiver(),
    ]);
    db = await openStackDatabase(stack);
  });
  afterAll(async () => {
    if (stack?.process.exitCode !== null) console.error(stack?.logs.slice(-40).join('\n'));
    for (const context of contexts) await context.close().catch(() => {});
    await receiver?.close();
    await db?.close();
    await browser?.close();
    await stack?.stop();
  });

  async function openAs(fields: PersonFields, viewport = DESKTOP) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await installAxe(context);
    const user = await createUser(db, fields);
    await signIn(db, stack, context, user);
    const page = await context.newPage();
    return { context, page, user };
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  const toast = (page: Page, text: string | RegExp) =>
    page.getByRole('status').getByText(text).first().waitFor();

  /** What a client server sees when it calls the hub with this token. */
  async function whoAmI(token: string): Promise<number> {
    const response = await fetch(`${stack.url}/trpc/directory.whoAmI`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return response.status;
  }

  /** The date and time as the dashboard writes them for the staff member (en-GB, their zone). */
  const staffDateTime = (page: Page, value: Date) =>
    page.evaluate(
      ([iso, zone]) =>
        new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
          new Date(iso),
        ),
      [value.toISOString(), STAFF_ZONE] as const,
    );

  it('registers a client app, shows its token and secret once, delivers a signed test event and audits it all', async () => {
    // An existing client, to meet a server-side refusal on the create form.
    const em = db.em();
    const existing = em.create(Client, { name: 'Files' });
    em.create(AuditEntry, { action: 'seed', entityType: 'Seed', actorEmail: null });
    await em.flush();
    expect(existing.id).toBeTruthy();

    const { page, user: staff } = await openAs({
      displayName: 'Registry Staff',
      email: 'registry.staff@example.test',
      isStaff: true,
      timezone: STAFF_ZONE,
    });

    // ---- the list and the create form ----
    await page.goto(`${stack.url}/staff/clients`);
    await expect.poll(() => heading(page).textContent()).toBe('Clients');
    await page.getByRole('table', { name: 'Clients' }).getByRole('link', { name: 'Files' }).waitFor();
    await expectNoAxeViolations(page, 'the clients list');

    await page.getByRole('button', { name: 'New client' }).click();
    const create = page.getByRole('dialog', { name: 'New client app' });
    await create.waitFor();
    // The first field has the focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await create.getByRole('button', { name: 'Create client' }).click();
    // Nothing typed: the message says to fill it in, not how long it must be.
    await expect.poll(() => create.getByText('Please fill this in.').count()).toBeGreaterThan(0);
    await create.getByLabel('Website').fill('calendar dot example');
    await create.getByLabel('Launch address').fill('http://calendar.example.test/');
    await create.getByRole('button', { name: 'Create client' }).click();
    await create.getByText('Enter a full address starting with https:// or http://.').waitFor();
    await create.getByText('Enter a full https address, such as https://app.example.com/.').waitFor();
    expect(await create.getByLabel('Launch address').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'the create-client dialog showing errors');
    await screenshot(page, 'staff-clients-create-errors');

    await create.getByLabel('Name', { exact: true }).first().fill('files');
    await create.getByLabel('Description').fill('Shared calendars for everyone');
    await create.getByRole('group', { name: 'Contact' }).getByLabel('Name').fill('Cal Team');
    await create.getByLabel('Email').fill('team@calendar.example.test');
    await create.getByLabel('Website').fill('https://calendar.example.test');
    await create.getByLabel('Launch address').fill('https://calendar.example.test/start');
    await create.getByRole('button', { name: 'Create client' }).click();
    // The API refuses the taken name (any case); its refusal lands on the name field.
    const nameField = create.getByRole('textbox', { name: 'Name' }).first();
    await create.getByText('Another client already has this name.').waitFor();
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');
    await nameField.fill('Calendar');
    await create.getByRole('button', { name: 'Create client' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Calendar');
    await toast(page, 'Calendar has been created.');
    const client = await db.em().findOneOrFail(Client, { name: 'Calendar' }, { populate: ['contacts'] });
    expect(client.contacts.getItems().map((contact) => contact.email)).toEqual([
      'team@calendar.example.test',
    ]);
    expect(client.launchUrl).toBe('https://calendar.example.test/start');
    expect(
      await page.getByRole('link', { name: 'https://calendar.example.test/start' }).getAttribute('href'),
    ).toBe('https://calendar.example.test/start');

    // ---- contacts: add with the keyboard alone, edit, never remove the last one ----
    expect(await page.getByRole('button', { name: 'Remove Cal Team' }).isDisabled()).toBe(true);
    await page.getByText('A client needs at least one contact').waitFor();
    await page.getByRole('button', { name: 'Add contact' }).focus();
    await page.keyboard.press('Enter');
    const addContact = page.getByRole('dialog', { name: 'Add a contact' });
    await addContact.waitFor();
    await page.keyboard.type('Ops Desk');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ops@calendar.example.test');
    await page.keyboard.press('Enter');
    await toast(page, 'Ops Desk has been added.');
    await page.getByRole('button', { name: 'Edit Ops Desk' }).click();
    const editContact = page.getByRole('dialog', { name: 'Edit contact' });
    await editContact.getByLabel('Name').fill('Operations Desk');
    await editContact.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'Operations Desk has been saved.');
    await page.getByRole('button', { name: 'Remove Operations Desk' }).click();
    const removeContact = page.getByRole('dialog', { name: 'Remove this contact?' });
    await expectNoAxeViolations(page, 'the remove-contact dialog');
    await removeContact.getByRole('button', { name: 'Remove' }).click();
    await toast(page, 'Operations Desk has been removed.');
    expect(await page.getByRole('button', { name: 'Remove Cal Team' }).isDisabled()).toBe(true);

    // ---- an environment: the API's redirect rule on the field, then the token, shown once ----
    await page.getByRole('button', { name: 'Add environment' }).click();
    const addEnvironment = page.getByRole('dialog', { name: 'Add an environment' });
    await addEnvironment.getByLabel('Environment').fill('dev');
    await addEnvironment.getByLabel('Redirect URL').fill('http://calendar.example.test/callback');
    await addEnvironment.getByRole('button', { name: 'Create environment' }).click();
    await addEnvironment.getByText('Plain http is only allowed for localhost or 127.0.0.1.').waitFor();
    expect(await addEnvironment.getByLabel('Redirect URL').getAttribute('aria-invalid')).toBe('true');
    await addEnvironment.getByLabel('Redirect URL').fill('http://localhost:5173/callback');
    await addEnvironment.getByRole('button', { name: 'Create environment' }).click();

    const tokenDialog = page.getByRole('dialog', { name: 'Token for dev' });
    await tokenDialog.waitFor();
    await tokenDialog.getByText('Shown only this once.').waitFor();
    const token = await tokenDialog.getByLabel('Token').inputValue();
    stack.secrets.remember(token);
    expect(token).toMatch(/^acc_env_[A-Za-z0-9_-]{40,}$/);
    await tokenDialog.getByRole('button', { name: 'Copy' }).click();
    await tokenDialog.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expectNoAxeViolations(page, 'the once-shown token dialog');
    await screenshot(page, 'staff-clients-token-once');
    expect(await whoAmI(token)).toBe(200);
    await tokenDialog.getByRole('button', { name: 'I have stored it' }).click();
    await tokenDialog.waitFor({ state: 'hidden' });

    // Never again: not in the page, not after a reload, not in anything the API returns.
    const devCard = page.getByRole('region', { name: 'dev' });
    await devCard.getByText(`${token.slice(0, 12)}…`).waitFor();
    expect(await page.content()).not.toContain(token);
    await page.reload();
    await devCard.getByText(`${token.slice(0, 12)}…`).waitFor();
    expect(await page.content()).not.toContain(token);
    const apiAnswer = await page.request.get(
      `${stack.url}/trpc/clients.get?input=${encodeURIComponent(JSON.stringify({ json: { id: client.id } }))}`,
    );
    expect(apiAnswer.status()).toBe(200);
    expect(await apiAnswer.text()).not.toContain(token.slice(12));

    // ---- rotate the token with a chosen grace period ----
    await page.getByRole('button', { name: 'Rotate token for dev' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate the dev token' });
    await rotate.getByLabel('How long').fill('31');
    await rotate.getByLabel('Unit').selectOption('days');
    await rotate.getByRole('button', { name: 'Rotate token' }).click();
    await rotate.getByText('Enter a whole number, at most 30 days in all.').waitFor();
    await expectNoAxeViolations(page, 'the rotate dialog showing an error');
    await rotate.getByLabel('How long').fill('2');
    await rotate.getByLabel('Unit').selectOption('hours');
    await rotate.getByRole('button', { name: 'Rotate token' }).click();
    const newToken = page.getByRole('dialog', { name: 'New token for dev' });
    await newToken.waitFor();
    const rotated = await newToken.getByLabel('Token').inputValue();
    stack.secrets.remember(rotated);
    expect(rotated).not.toBe(token);
    const environment = await db.em().findOneOrFail(ClientEnvironment, { client: client.id });
    const graceEnd = environment.previousTokenExpiresAt!;
    expect(Math.abs(graceEnd.getTime() - Date.now() - 2 * 3600_000)).toBeLessThan(60_000);
    const graceText = await staffDateTime(page, graceEnd);
    await newToken.getByText(`The old token keeps working until ${graceText}`).waitFor();
    await screenshot(page, 'staff-clients-token-rotated');
    await newToken.getByRole('button', { name: 'I have stored it' }).click();
    await devCard.getByText(`The previous token works until ${graceText}.`).waitFor();
    // Both work during the grace period.
    expect([await whoAmI(token), await whoAmI(rotated)]).toEqual([200, 200]);

    // ---- a webhook to a receiver on loopback: the secret, shown once ----
    await page.getByRole('button', { name: 'Add webhook to dev' }).click();
    const addWebhook = page.getByRole('dialog', { name: 'Add a webhook to dev' });
    await addWebhook.getByLabel('Name').fill('account events');
    await addWebhook.getByLabel('URL').fill(receiver.url);
    // The stack allows loopback receivers (WEBHOOKS_ALLOW_PRIVATE_TARGETS), and the form says so.
    await addWebhook.getByText(/development setting that also accepts http:\/\//).waitFor();
    expect(await addWebhook.getByText(/local addresses are refused/).count()).toBe(0);
    await addWebhook.getByLabel('Events').selectOption('auth');
    await expectNoAxeViolations(page, 'the add-webhook dialog');
    await addWebhook.getByRole('button', { name: 'Create webhook' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Signing secret for account events' });
    const secret = await secretDialog.getByLabel('Signing secret').inputValue();
    stack.secrets.remember(secret);
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets.push(secret);
    await secretDialog.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.content()).not.toContain(secret);
    await expectNoAxeViolations(page, 'the client page');
    await screenshot(page, 'staff-client-detail');

    // ---- a test event, followed on the deliveries page ----
    await page.getByRole('button', { name: 'Send test event to account events' }).click();
    await toast(page, /A test event is on its way to account events/);
    await page.getByRole('link', { name: 'Deliveries to account events' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Webhook deliveries');
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    const row = deliveries.getByRole('row').filter({ hasText: 'webhook.test' });
    await row.getByText('Delivered').first().waitFor({ timeout: 20_000 });
    await row.getByText('HTTP 204').waitFor();
    const testEvent = receiver.received.find((request) => request.payload.type === 'webhook.test');
    // Signed per Standard Webhooks: the reference package verified it with the once-shown secret.
    expect(testEvent?.verified).toBe(true);
    expect(testEvent?.signature).toMatch(/^v1,/);
    expect(testEvent?.payload.data).toMatchObject({ requestedBy: 'registry.staff@example.test' });
    await expectNoAxeViolations(page, 'the deliveries page');
    await screenshot(page, 'staff-deliveries');

    await row.getByRole('button', { name: /^webhook\.test – details/ }).click();
    const detail = page.getByRole('dialog', { name: 'Delivery' });
    await detail.getByRole('table', { name: 'Attempts' }).getByRole('cell', { name: '204' }).waitFor();
    await detail.getByText(testEvent!.id).waitFor();
    await expectNoAxeViolations(page, 'the delivery dialog');
    await screenshot(page, 'staff-delivery-detail');
    await detail.getByRole('button', { name: 'Send again' }).click();
    await toast(page, 'The delivery will be sent again.');
    await expect
      .poll(() => receiver.received.filter((request) => request.id === testEvent!.id).length, {
        timeout: 20_000,
      })
      .toBe(2);
    await detail.getByRole('button', { name: 'Close' }).first().click();

    // ---- a failing webhook: flagged, filtered, and every failed delivery sent again ----
    receiver.mode = 'error';
    await page.getByRole('button', { name: 'Send test event' }).click();
    const sendTest = page.getByRole('dialog', { name: 'Send a test event' });
    await sendTest.getByLabel('Webhook').selectOption({ label: 'Calendar · dev · account events' });
    await expectNoAxeViolations(page, 'the send-test dialog');
    await sendTest.getByRole('button', { name: 'Send test event' }).click();
    await deliveries.getByText('HTTP 503').first().waitFor({ timeout: 20_000 });
    // The retry schedule would take hours to give up: record the outcome it would reach.
    const em2 = db.em();
    const failing = await em2.findOneOrFail(WebhookDelivery, { status: 'pending' });
    failing.status = 'failed';
    failing.nextAttemptAt = null;
    const webhook = await em2.findOneOrFail(ClientWebhook, { name: 'account events' });
    webhook.consecutiveFailures = 5;
    webhook.failingSince = new Date();
    await em2.flush();
    await page.reload();
    const flagged = page.getByRole('region', { name: 'Failing webhooks' });
    await flagged.getByText('Calendar · dev · account events').waitFor();
    await flagged.getByText('5 failed attempts in a row').waitFor();
    await flagged.getByRole('button', { name: /^Show failed deliveries to/ }).click();
    await page.waitForURL(/status=failed/);
    await expect.poll(() => deliveries.getByRole('row').count()).toBe(2);
    await deliveries.getByText('Failing').waitFor();
    await expectNoAxeViolations(page, 'the deliveries page with a failing webhook');
    await screenshot(page, 'staff-deliveries-failing');

    receiver.mode = 'ok';
    await page.getByRole('button', { name: 'Send this webhook’s failed again' }).click();
    await page
      .getByRole('dialog', { name: 'Send this webhook’s failed again' })
      .getByRole('button', { name: 'Send again' })
      .click();
    await toast(page, 'One delivery will be sent again.');
    await page.getByLabel('Status').selectOption('');
    await expect
      .poll(async () => (await db.em().findOneOrFail(WebhookDelivery, { id: failing.id })).status, {
        timeout: 20_000,
      })
      .toBe('succeeded');
    await flagged.waitFor({ state: 'detached', timeout: 20_000 });

    // ---- the audit log: every change above, filtered, before and after readable ----
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Audit log');
    await page.getByRole('heading', { name: 'client.environment.rotate-token' }).waitFor();
    await expectNoAxeViolations(page, 'the audit log');
    await page.getByLabel('Who').fill('REGISTRY.STAFF@example.test');
    await page.getByLabel('Action').fill('client.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=client\./);
    const actions = async () => (await page.locator('.audit-action').allTextContents()).sort();
    await expect
      .poll(actions)
      .toEqual(
        [
          'client.create',
          'client.contact.add',
          'client.contact.update',
          'client.contact.remove',
          'client.environment.create',
          'client.environment.rotate-token',
          'client.webhook.create',
        ].sort(),
      );
    await page.getByLabel('Type').selectOption('ClientEnvironment');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(actions).toEqual(['client.environment.create', 'client.environment.rotate-token']);
    const rotation = page.getByRole('article', { name: 'client.environment.rotate-token' });
    await rotation.getByText('Show changes').click();
    const changes = rotation.getByRole('table', { name: 'Changes of client.environment.rotate-token' });
    await changes.getByRole('row', { name: /Token hint \(changed\)/ }).waitFor();
    await changes
      .getByRole('row', { name: /Grace seconds/ })
      .getByText('7,200')
      .waitFor();
    await changes
      .getByRole('row', { name: /Previous token expires at/ })
      .getByText(graceText)
      .waitFor();
    expect(await page.content()).not.toContain(rotated.slice(12));
    await rotation.getByText(`By registry.staff@example.test`).waitFor();
    await expectNoAxeViolations(page, 'the filtered audit log with changes open');
    await screenshot(page, 'staff-audit');

    // Times are typed in the staff member's zone; an inverted range is refused on the field.
    await page.getByLabel('From').fill('2030-01-02T10:00');
    await page.getByLabel('Until').fill('2030-01-01T10:00');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('This must not be before the start.').waitFor();
    await page.getByLabel('Until').fill('2030-01-03T10:00');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No entry matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('heading', { name: 'webhook.redeliver-failed' }).waitFor();
    const staffEntries = await db.em().count(AuditEntry, { actorId: staff.id });
    expect(staffEntries).toBeGreaterThanOrEqual(11);

    // ---- at phone width every page still works and fits ----
    await page.setViewportSize(PHONE);
    for (const [path, title, name] of [
      ['/staff/clients', 'Clients', 'staff-clients-phone'],
      [`/staff/clients/${client.id}`, 'Calendar', 'staff-client-detail-phone'],
      ['/staff/webhooks', 'Webhook deliveries', 'staff-deliveries-phone'],
      ['/staff/audit', 'Audit log', 'staff-audit-phone'],
      ['/staff/allow-list', 'Sign-up allow list', 'staff-allow-list-phone'],
    ] as const) {
      await page.goto(`${stack.url}${path}`);
      await expect.poll(() => heading(page).textContent()).toBe(title);
      await page.locator('.state-loading').first().waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await expectNoAxeViolations(page, `${path} at phone width`);
      await screenshot(page, name);
    }
    await page.setViewportSize(DESKTOP);

    // ---- deactivating the client stops its tokens at once; deleting takes the name typed ----
    await page.goto(`${stack.url}/staff/clients/${client.id}`);
    await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
    const deactivate = page.getByRole('dialog', { name: 'Deactivate this client app?' });
    await expectNoAxeViolations(page, 'the deactivate-client dialog');
    await deactivate.getByRole('button', { name: 'Deactivate' }).click();
    await toast(page, 'Calendar has been deactivated.');
    expect([await whoAmI(token), await whoAmI(rotated)]).toEqual([401, 401]);

    await page.getByRole('button', { name: 'Delete client' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete this client app?' });
    const confirm = remove.getByRole('button', { name: 'Delete client' });
    expect(await confirm.isDisabled()).toBe(true);
    await remove.getByLabel('To confirm, type the name: Calendar').fill('Calendar');
    await expectNoAxeViolations(page, 'the delete-client dialog');
    await screenshot(page, 'staff-client-delete');
    await confirm.click();
    await expect.poll(() => heading(page).textContent()).toBe('Clients');
    await toast(page, 'Calendar has been deleted.');
    expect(await db.em().count(Client, { id: client.id })).toBe(0);
  });

  it('changes, rotates, deactivates and deletes environments and webhooks, every dialog accessible', async () => {
    const hub = await openStackHub(stack);
    const app = await registerClientApp(hub, { name: 'Notes', webhookUrl: receiver.url }).finally(() =>
      hub.orm.close(true),
    );
    const { page } = await openAs({ displayName: 'Dialog Staff', isStaff: true, timezone: STAFF_ZONE });
    await page.goto(`${stack.url}/staff/clients/${app.client.id}`);
    await expect.poll(() => heading(page).textContent()).toBe('Notes');

    // Edit details (first-party now), with Escape closing and focus returning to the opener.
    const editButton = page.getByRole('button', { name: 'Edit details' });
    await editButton.click();
    const edit = page.getByRole('dialog', { name: 'Edit client app' });
    await expectNoAxeViolations(page, 'the edit-client dialog');
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'hidden' });
    expect(await editButton.evaluate((element) => element === document.activeElement)).toBe(true);
    await editButton.click();
    await edit.getByLabel('First-party app').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'The changes have been saved.');
    await page.getByText('Yes: may look up every person').waitFor();

    // The redirect URL of prod: plain http is refused by the API, on the field.
    await page.getByRole('button', { name: 'Change redirect URL of prod' }).click();
    const redirect = page.getByRole('dialog', { name: 'Change the redirect URL' });
    await redirect.getByLabel('Redirect URL').fill('http://localhost:3000/cb');
    await redirect.getByRole('button', { name: 'Save' }).click();
    await redirect.getByText(/Plain http is only allowed in a dev environment/).waitFor();
    await expectNoAxeViolations(page, 'the redirect dialog showing the API’s refusal');
    await redirect.getByLabel('Redirect URL').fill('https://notes.example.test/auth/done');
    await redirect.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'The prod redirect URL has been saved.');
    await page.getByText('https://notes.example.test/auth/done').waitFor();

    // Rotate the webhook secret with no overlap: only the new secret signs from now on.
    await page.getByRole('button', { name: 'Rotate secret of events' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate the secret of events' });
    await expectNoAxeViolations(page, 'the rotate-secret dialog');
    await rotate.getByLabel('How long').fill('0');
    await rotate.getByRole('button', { name: 'Rotate secret' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'New signing secret for events' });
    await secretDialog.getByText('Deliveries are signed with this secret only, from now on.').waitFor();
    const secret = await secretDialog.getByLabel('Signing secret').inputValue();
    stack.secrets.remember(secret);
    expect(secret).not.toBe(app.webhook!.secret);
    await expectNoAxeViolations(page, 'the new-secret dialog');
    await secretDialog.getByRole('button', { name: 'I have stored it' }).click();

    // Deactivate the webhook: a test event is then refused with the API's reason.
    await page.getByRole('button', { name: 'Deactivate events' }).click();
    const deactivateHook = page.getByRole('dialog', { name: 'Deactivate events?' });
    await expectNoAxeViolations(page, 'the deactivate-webhook dialog');
    await deactivateHook.getByRole('button', { name: 'Deactivate' }).click();
    await toast(page, 'events has been deactivated.');
    await page.getByRole('button', { name: 'Activate events' }).waitFor();
    await page.getByRole('button', { name: 'Send test event to events' }).click();
    await page.getByText(/This webhook, its environment or its client is inactive/).waitFor();

    await page.getByRole('button', { name: 'Delete events' }).click();
    const deleteHook = page.getByRole('dialog', { name: 'Delete events?' });
    await expectNoAxeViolations(page, 'the delete-webhook dialog');
    await deleteHook.getByRole('button', { name: 'Delete' }).click();
    await toast(page, 'events has been deleted.');
    await page.getByText('No webhooks: this environment hears about no events.').waitFor();
    expect(await db.em().count(ClientWebhook, { id: app.webhook!.webhook.id })).toBe(0);

    // Deactivating the environment stops its token at once; deleting removes it.
    expect(await whoAmI(app.token)).toBe(200);
    await page.getByRole('button', { name: 'Deactivate prod' }).click();
    const deactivateEnvironment = page.getByRole('dialog', { name: 'Deactivate prod?' });
    await expectNoAxeViolations(page, 'the deactivate-environment dialog');
    await deactivateEnvironment.getByRole('button', { name: 'Deactivate' }).click();
    await toast(page, 'prod has been deactivated.');
    expect(await whoAmI(app.token)).toBe(401);
    await page.getByRole('button', { name: 'Delete prod' }).click();
    const deleteEnvironment = page.getByRole('dialog', { name: 'Delete prod?' });
    await expectNoAxeViolations(page, 'the delete-environment dialog');
    await deleteEnvironment.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No environments yet.').waitFor();
    expect(await db.em().count(ClientEnvironment, { client: app.client.id })).toBe(0);

    // An environment name the API's rule refuses, and one the client already has.
    await page.getByRole('button', { name: 'Add environment' }).click();
    const add = page.getByRole('dialog', { name: 'Add an environment' });
    await add.getByLabel('Environment').fill('9 lives');
    await add.getByLabel('Redirect URL').fill('https://notes.example.test/cb');
    await add.getByRole('button', { name: 'Create environment' }).click();
    await add
      .getByText(
        'Start with a small letter; then use small letters, digits and dashes (up to 32), such as prod.',
      )
      .waitFor();
    await expectNoAxeViolations(page, 'the add-environment dialog showing an error');
    await add.getByLabel('Environment').fill('stage');
    await add.getByRole('button', { name: 'Create environment' }).click();
    await page
      .getByRole('dialog', { name: 'Token for stage' })
      .getByRole('button', { name: 'I have stored it' })
      .click();
    await page.getByRole('button', { name: 'Add environment' }).click();
    await add.getByLabel('Environment').fill('stage');
    await add.getByLabel('Redirect URL').fill('https://notes.example.test/cb');
    await add.getByRole('button', { name: 'Create environment' }).click();
    await add.getByText('This client already has an environment of this name.').waitFor();
    await add.getByRole('button', { name: 'Cancel' }).click();

    // "Send all failed again" asks first.
    await page.goto(`${stack.url}/staff/webhooks`);
    await page.getByRole('button', { name: 'Send all failed again' }).click();
    const redeliverAll = page.getByRole('dialog', { name: 'Send all failed again' });
    await redeliverAll.getByText('Every failed delivery to every webhook starts again').waitFor();
    await expectNoAxeViolations(page, 'the send-all-failed-again dialog');
    await redeliverAll.getByRole('button', { name: 'Send again' }).click();
    await toast(page, /deliveries will be sent again|One delivery will be sent again/);
  });

  it('keeps the sign-up allow list: add an address or a domain, refuse what is not one, remove', async () => {
    const { page } = await openAs({ displayName: 'List Staff', isStaff: true });
    await page.goto(`${stack.url}/staff/allow-list`);
    await expect.poll(() => heading(page).textContent()).toBe('Sign-up allow list');
    await page.getByText('The list is empty.').waitFor();

    const pattern = page.getByLabel('Email address or @domain');
    await pattern.fill('not an address');
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await page.getByText('Enter an email address, or a domain starting with @.').waitFor();
    expect(await pattern.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'the allow list showing an error');

    await pattern.fill('@Example.ORG');
    await page.getByLabel('Note').fill('Partner organisation');
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await toast(page, '@example.org may now sign up.');
    await page.getByRole('table', { name: 'On the list' }).getByText('Partner organisation').waitFor();
    await pattern.fill('ada@example.net');
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await toast(page, 'ada@example.net may now sign up.');

    // The API refuses a duplicate; its own words land on the field.
    await pattern.fill('@example.org');
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await page.getByText('@example.org is already on the allow list.').waitFor();
    expect(await db.em().count(AllowListEntry, {})).toBe(2);
    await screenshot(page, 'staff-allow-list');

    await page.getByLabel('Search the list').fill('example.net');
    await page.waitForURL(/q=example\.net/);
    await expect
      .poll(() => page.getByRole('table', { name: 'On the list' }).getByRole('row').count())
      .toBe(2);
    await page.getByRole('button', { name: 'Remove ada@example.net' }).click();
    const remove = page.getByRole('dialog', { name: 'Remove from the allow list?' });
    await expectNoAxeViolations(page, 'the remove dialog of the allow list');
    await remove.getByRole('button', { name: 'Remove' }).click();
    await toast(page, 'ada@example.net has been removed from the list.');
    await page.getByText('Nothing on the list matches “example.net”.').waitFor();
    expect((await db.em().find(AllowListEntry, {})).map((entry) => entry.pattern)).toEqual(['@example.org']);
    await expectNoAxeViolations(page, 'the allow list');
  });

  it('speaks German to a German staff member on every page of the area', async () => {
    const { page } = await openAs({ displayName: 'Lise', isStaff: true, language: 'de' });
    for (const [path, title] of [
      ['/staff/clients', 'Client-Apps'],
      ['/staff/webhooks', 'Webhook-Zustellungen'],
      ['/staff/audit', 'Änderungsprotokoll'],
      ['/staff/allow-list', 'Freigabeliste für Registrierungen'],
    ] as const) {
      await page.goto(`${stack.url}${path}`);
      await expect.poll(() => heading(page).textContent()).toBe(title);
      await expectNoAxeViolations(page, `${path} in German`);
    }
    const hub = await openStackHub(stack);
    const app = await registerClientApp(hub, { name: 'Kalender', webhookUrl: receiver.url }).finally(() =>
      hub.orm.close(true),
    );
    await page.goto(`${stack.url}/staff/clients/${app.client.id}`);
    await expect.poll(() => heading(page).textContent()).toBe('Kalender');
    await page.getByRole('button', { name: 'Testereignis senden an events' }).waitFor();
    await expectNoAxeViolations(page, 'a client page in German');
    await screenshot(page, 'staff-client-detail-german');
    await page.getByRole('button', { name: 'Token erneuern für prod' }).click();
    await page.getByRole('dialog', { name: 'Token von prod erneuern' }).getByLabel('Einheit').waitFor();
    await expectNoAxeViolations(page, 'the rotate dialog in German');
    await page.goto(`${stack.url}/staff/clients`);
    await page.getByRole('button', { name: 'Neue Client-App' }).click();
    await page
      .getByRole('dialog', { name: 'Neue Client-App' })
      .getByText('Kontakt', { exact: true })
      .waitFor();
    await screenshot(page, 'staff-clients-create-german');
  });

  it('shows people who are not staff nothing of the area, and the API refuses them', async () => {
    const em = db.em();
    em.create(Client, { name: 'Secret Project' });
    await em.flush();
    const { page } = await openAs({ displayName: 'Not Staff' });
    for (const path of ['/staff/clients', '/staff/webhooks', '/staff/audit', '/staff/allow-list']) {
      await page.goto(`${stack.url}${path}`);
      await page.getByText('This area is for staff only.').waitFor();
      expect(await page.content()).not.toContain('Secret Project');
      expect(await page.getByRole('table').count()).toBe(0);
    }
    await expectNoAxeViolations(page, 'the staff area for someone who is not staff');

    const query = (path: string) =>
      page.request.get(`${stack.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    for (const path of ['clients.list', 'webhooks.listDeliveries', 'audit.list', 'allowList.list']) {
      const response = await query(path);
      expect(response.status(), path).toBe(403);
      expect(await response.text()).not.toContain('Secret Project');
    }
    const created = await page.request.post(`${stack.url}/trpc/clients.create`, {
      headers: { origin: stack.url, 'content-type': 'application/json' },
      data: { json: { name: 'Sneaky', contacts: [{ name: 'S', email: 's@example.test' }] } },
    });
    expect(created.status()).toBe(403);
    expect(await db.em().count(Client, { name: 'Sneaky' })).toBe(0);
  });

  it('writes no environment token, webhook secret or cookie into any log line or URL', () => {
    expectNoSecretsLogged(stack);
  });
});
