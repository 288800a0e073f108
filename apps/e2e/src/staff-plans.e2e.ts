// Plans from the staff page to a person's checkout, end to end: staff create a plan in the
// browser (the form refuses what the API refuses, on the field concerned), a person buys it
// through Paddle.js — served here by a stand-in for Paddle's CDN script that records what the
// page asks of it and plays Paddle's checkout.completed event — and the signed webhook turns the
// page active without a reload. Then staff take the plan off sale and delete one nobody holds.
import { randomBytes } from 'node:crypto';
import {
  type PaddleNotification,
  paddleId,
  subscriptionNotification,
  transactionNotification,
} from '@accounts/core/billing';
import type { Hub } from '@accounts/core/kernel';
import {
  type PaddleStandIn,
  type StandInSubscription,
  startPaddleStandIn,
} from '@accounts/devkit/paddle-stand-in';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, installAxe } from './axe.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { openStackHub, registerClientApp } from './hub-data.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import { deliverPaddleNotification, findKey } from './paddle-helpers.ts';
import { createUser, openStackDatabase, type PersonFields, type StackDatabase, signIn } from './people.ts';
import { type Stack, startStack } from './stack.ts';

const DESKTOP = { width: 1280, height: 900 };
const API_KEY = 'pdl_e2e_plans_key';
const CLIENT_TOKEN = 'test_e2e_plans_client_token';

/**
 * Paddle.js as the page meets it: the Billing v1 global with Environment, Initialize and
 * Checkout.open. It records every call, and keeps the page's event callback so the test can
 * play the events Paddle's overlay would send.
 */
const PADDLE_JS_STAND_IN = `
window.paddleCalls = [];
window.PaddleBillingV1 = {
  Initialized: false,
  Environment: { set: function (env) { window.paddleCalls.push({ call: 'environment', env: env }); } },
  Initialize: function (options) {
    this.Initialized = true;
    window.paddleEvents = options.eventCallback;
    window.paddleCalls.push({ call: 'initialize', token: options.token });
  },
  Update: function (options) { window.paddleEvents = options.eventCallback; },
  Checkout: {
    open: function (options) { window.paddleCalls.push({ call: 'open', options: JSON.parse(JSON.stringify(options)) }); },
  },
};`;

interface PaddleCall {
  call: 'environment' | 'initialize' | 'open';
  env?: string;
  token?: string;
  options?: {
    items: { priceId: string; quantity: number }[];
    customer: { email: string };
    customData: Record<string, unknown>;
  };
}

describe('plans, from the staff page to a Paddle.js checkout', () => {
  let stack: Stack;
  let standIn: PaddleStandIn;
  let browser: Browser;
  let db: StackDatabase;
  let hub: Hub;
  const contexts: BrowserContext[] = [];
  const webhookSecret = `pdl_ntfset_${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    [standIn, browser] = await Promise.all([startPaddleStandIn({ apiKey: API_KEY }), launchBrowser()]);
    stack = await startStack({
      PADDLE_WEBHOOK_SECRET: webhookSecret,
      PADDLE_API_KEY: API_KEY,
      PADDLE_API_URL: standIn.url,
      PADDLE_CLIENT_TOKEN: CLIENT_TOKEN,
      PADDLE_ENVIRONMENT: 'sandbox',
      JOBS_IN_PROCESS: 'true',
    });
    db = await openStackDatabase(stack);
    hub = await openStackHub(stack);
    await registerClientApp(hub, { name: 'Calendar' });
  });

  afterAll(async () => {
    if (stack?.process.exitCode !== null) console.error(stack?.logs.slice(-40).join('\n'));
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await db?.close();
    await hub?.orm.close(true);
    await stack?.stop();
    await standIn?.stop();
  });

  async function openAs(fields: PersonFields) {
    const context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
    });
    contexts.push(context);
    await installAxe(context);
    await context.route('https://cdn.paddle.com/**', (route) =>
      route.request().url() === 'https://cdn.paddle.com/paddle/v2/paddle.js'
        ? route.fulfill({ contentType: 'application/javascript', body: PADDLE_JS_STAND_IN })
        : route.abort('internetdisconnected'),
    );
    const user = await createUser(db, { timezone: 'Europe/Berlin', ...fields });
    await signIn(db, stack, context, user);
    const page = await context.newPage();
    return { context, page, user };
  }

  const deliver = (notification: PaddleNotification) =>
    deliverPaddleNotification(stack, webhookSecret, notification);

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  const toast = (page: Page, text: string) => page.getByRole('status').getByText(text).first().waitFor();
  const plansTable = (page: Page) => page.getByRole('table', { name: 'Plans' });
  const planRow = (page: Page, name: string) =>
    plansTable(page)
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });

  let staffPage: Page;

  it('staff create a plan; the form refuses bad input on its field, and a taken name from the API', async () => {
    ({ page: staffPage } = await openAs({ displayName: 'Plan Keeper', isStaff: true }));
    const page = staffPage;
    await page.goto(`${stack.url}/staff/subscriptions`);
    await page.getByRole('link', { name: 'Plans', exact: true }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Plans');
    await page.getByText('There are no plans yet.').waitFor();
    await expectNoAxeViolations(page, 'the staff plans page without plans');

    await page.getByRole('button', { name: 'New plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'New plan' });
    await dialog.getByRole('checkbox', { name: 'Calendar' }).waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('Family Mail');
    await dialog.getByLabel('Description', { exact: true }).fill('Mail for the whole family.');
    await dialog.getByLabel('Description in German (optional)').fill('Post für die ganze Familie.');
    await dialog.getByLabel('Paddle price ids').fill('price_family');
    await dialog.getByLabel('Price shown').fill('4,50');
    await dialog.getByLabel('Mailbox size (GiB)').fill('20');
    await dialog.getByLabel('Aliases').fill('10');
    await dialog.getByLabel('App passwords').fill('5');
    await dialog.getByLabel('Custom domains').fill('1');
    await dialog.getByRole('checkbox', { name: 'Calendar' }).check();
    await dialog.getByRole('button', { name: 'Create plan' }).click();
    const prices = dialog.getByRole('textbox', { name: 'Paddle price ids' });
    await expect.poll(() => prices.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).toContain(
      'Enter Paddle price ids, one per line, each starting with pri_.',
    );
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('paddlePriceIds');
    await expectNoAxeViolations(page, 'the new plan form with a refused field');
    await screenshot(page, 'staff-plans-form-refused');

    await prices.fill('pri_e2e_family\npri_e2e_family_old');
    await dialog.getByRole('button', { name: 'Create plan' }).click();
    await toast(page, 'Plan Family Mail created.');
    const row = planRow(page, 'Family Mail');
    await expect.poll(() => row.textContent()).toContain('€4.50 per month');
    expect(await row.textContent()).toContain('20 GB mailbox, 10 aliases, 5 app passwords, 1 domains');
    expect(await row.textContent()).toContain('Calendar');
    expect(await row.textContent()).toContain('On sale');

    // The API, not the browser, knows the name is taken: its refusal lands on the name field.
    await page.getByRole('button', { name: 'New plan' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Family Mail');
    await dialog.getByLabel('Paddle price ids').fill('pri_e2e_other');
    await dialog.getByLabel('Price shown').fill('1');
    await dialog.getByLabel('Mailbox size (GiB)').fill('1');
    await dialog.getByRole('button', { name: 'Create plan' }).click();
    await dialog.getByText('Another plan already has this name.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => plansTable(page).getByRole('row').count()).toBe(2);
    await screenshot(page, 'staff-plans-list');
  });

  it('shows the plan’s German text to a person who chose German, the English one to others', async () => {
    const { page } = await openAs({ displayName: 'Greta', language: 'de' });
    await page.goto(`${stack.url}/subscription`);
    await page.getByText('Post für die ganze Familie.').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Mail for the whole family.');
  });

  it('a person buys it through Paddle.js with the signed customData, and the webhook turns the page active', async () => {
    const { page, user } = await openAs({ displayName: 'Family Buyer' });
    const checkoutAnswer = page.waitForResponse((response) => response.url().includes('billing.checkout'));
    await page.goto(`${stack.url}/subscription`);
    await expect.poll(() => heading(page).textContent()).toBe('Subscription');
    const customData = findKey(await (await checkoutAnswer).json(), 'customData') as Record<string, unknown>;
    expect(customData).toMatchObject({ hubUserId: user.id });
    const plans = page.getByRole('region', { name: 'Plans' });
    await plans.getByText('€4.50 per month').waitFor();
    expect(await plans.textContent()).toContain('Includes Calendar');
    expect(await plans.textContent()).toContain('Mail for the whole family.');

    await page.getByRole('button', { name: 'Choose Family Mail' }).click();
    const checkout = page.getByRole('region', { name: 'Checkout' });
    await checkout.getByText('Complete the payment for Family Mail in Paddle’s window.').waitFor();
    const calls = (await page.evaluate(
      () => (window as unknown as { paddleCalls: unknown[] }).paddleCalls,
    )) as PaddleCall[];
    expect(calls.find((call) => call.call === 'environment')?.env).toBe('sandbox');
    expect(calls.find((call) => call.call === 'initialize')?.token).toBe(CLIENT_TOKEN);
    const opened = calls.filter((call) => call.call === 'open');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.options).toMatchObject({
      items: [{ priceId: 'pri_e2e_family', quantity: 1 }],
      customer: { email: user.email },
      customData,
    });
    await expectNoAxeViolations(page, 'the checkout while Paddle’s window is open');

    // Paddle's overlay reports the completed payment; the page waits for the webhook.
    const transactionId = paddleId('txn');
    await page.evaluate((id) => {
      const events = (window as unknown as { paddleEvents: (event: unknown) => void }).paddleEvents;
      events({ name: 'checkout.completed', data: { transaction_id: id } });
    }, transactionId);
    await checkout.getByText('Payment received by Paddle. Waiting for the confirmation…').waitFor();
    await screenshot(page, 'billing-checkout-pending');

    const subscriptionId = paddleId('sub');
    const customerId = paddleId('ctm');
    const created = subscriptionNotification({
      eventType: 'subscription.created',
      subscriptionId,
      customerId,
      status: 'active',
      priceIds: ['pri_e2e_family'],
      customData,
      transactionId,
    });
    standIn.putSubscription(created.data as StandInSubscription);
    await deliver(created);
    await deliver(
      transactionNotification({
        eventType: 'transaction.completed',
        transactionId,
        status: 'completed',
        customerId,
        subscriptionId,
        customData,
      }),
    );
    await checkout
      .getByText('Payment confirmed: Family Mail is active. Welcome!')
      .waitFor({ timeout: 15_000 });
    await page
      .getByRole('region', { name: 'Your subscription' })
      .getByText('Active', { exact: true })
      .waitFor();
  });

  it('staff take a held plan off sale (it cannot be deleted) and delete one nobody holds', async () => {
    const page = staffPage;
    await page.reload();
    const family = planRow(page, 'Family Mail');
    await expect.poll(() => family.getByRole('cell').nth(3).textContent()).toBe('1');
    expect(await family.getByRole('button', { name: 'Delete Family Mail' }).count()).toBe(0);

    await family.getByRole('button', { name: 'Edit Family Mail' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Family Mail' });
    // The client apps load into the form after it opens; clicking before would hit a moving target.
    await edit.getByRole('checkbox', { name: 'Calendar' }).waitFor();
    expect(await edit.getByLabel('Price shown').inputValue()).toBe('4.50');
    expect(await edit.getByLabel('Paddle price ids').inputValue()).toBe('pri_e2e_family\npri_e2e_family_old');
    await edit.getByRole('checkbox', { name: 'On sale' }).uncheck();
    await edit.getByLabel('Mailbox size (GiB)').fill('30');
    await expectNoAxeViolations(page, 'the edit plan form');
    await edit.getByRole('button', { name: 'Save plan' }).click();
    await toast(page, 'Plan Family Mail saved.');
    await expect.poll(() => family.textContent()).toContain('Off sale');
    expect(await family.textContent()).toContain('30 GB mailbox');

    await page.getByRole('button', { name: 'New plan' }).click();
    const create = page.getByRole('dialog', { name: 'New plan' });
    await create.getByRole('checkbox', { name: 'Calendar' }).waitFor();
    await create.getByLabel('Name', { exact: true }).fill('Trial Mail');
    await create.getByLabel('Price shown').fill('0');
    await create.getByLabel('Mailbox size (GiB)').fill('0.5');
    await create.getByRole('button', { name: 'Create plan' }).click();
    await toast(page, 'Plan Trial Mail created.');
    expect(await planRow(page, 'Trial Mail').textContent()).toContain('No Paddle price yet');
    await planRow(page, 'Trial Mail').getByRole('button', { name: 'Delete Trial Mail' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Trial Mail?' });
    await expectNoAxeViolations(page, 'the delete plan dialog');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await toast(page, 'Plan Trial Mail deleted.');
    await expect.poll(() => plansTable(page).getByRole('row').count()).toBe(2);
    await expectNoAxeViolations(page, 'the staff plans page');

    // A person looking for plans no longer sees the one taken off sale.
    const { page: shopper } = await openAs({ displayName: 'Late Shopper' });
    await shopper.goto(`${stack.url}/subscription`);
    await shopper
      .getByRole('region', { name: 'Plans' })
      .getByText('There are no plans on sale right now.')
      .waitFor();
  });

  it('refuses the plans page and the plan procedures to people who are not staff', async () => {
    const { page } = await openAs({ displayName: 'Not Staff' });
    await page.goto(`${stack.url}/staff/subscriptions/plans`);
    await page.getByText('This area is for staff only.').waitFor();
    const status = await page.evaluate(async () => (await fetch('/trpc/billingAdmin.plans')).status);
    expect(status).toBe(403);
  });

  it('writes no Paddle signature, cookie or token into any log line or URL', () => {
    expectNoSecretsLogged(stack);
  });
});
