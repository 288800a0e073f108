// The subscription journey in the browser, against the real API process: a person opens the
// subscription page and starts checkout; Paddle.js cannot be loaded here (Paddle's CDN is out of
// reach, as in every test and offline dev), so the page says so and keeps watching while the test
// delivers the signed webhooks Paddle would send, with the signed customData the page got from
// the API. The page turns active without a reload, the plan reaches the overview, the mailbox
// and a client app's webhook; cancellation reverses it. Then staff bind a flagged subscription
// by hand and re-apply an event.
import { randomBytes } from 'node:crypto';
import {
  customerNotification,
  heldPlanOf,
  PaddleEvent,
  type PaddleNotification,
  Plan,
  paddleId,
  Subscription,
  subscriptionNotification,
  transactionNotification,
} from '@accounts/core/billing';
import { Client, ClientConnection } from '@accounts/core/clients';
import { User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { type Receiver, startReceiver } from '@accounts/core/testing';
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
const PHONE = { width: 360, height: 740 };
const API_KEY = 'pdl_e2e_dashboard_key';
const QUOTA = 50 * 1024 ** 3;

describe('subscriptions in the dashboard, end to end', () => {
  let stack: Stack;
  let standIn: PaddleStandIn;
  let browser: Browser;
  let db: StackDatabase;
  let hub: Hub;
  let receiver: Receiver;
  let clientId: string;
  const contexts: BrowserContext[] = [];
  const webhookSecret = `pdl_ntfset_${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    [standIn, browser, receiver] = await Promise.all([
      startPaddleStandIn({ apiKey: API_KEY }),
      launchBrowser(),
      startReceiver(),
    ]);
    stack = await startStack({
      PADDLE_WEBHOOK_SECRET: webhookSecret,
      PADDLE_API_KEY: API_KEY,
      PADDLE_API_URL: standIn.url,
      PADDLE_CLIENT_TOKEN: 'test_e2e_client_token',
      PADDLE_ENVIRONMENT: 'sandbox',
      MAIL_LAPSED_MAILBOX: 'receive-only',
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      JOBS_IN_PROCESS: 'true',
    });
    db = await openStackDatabase(stack);
    hub = await openStackHub(stack);
    const app = await registerClientApp(hub, {
      name: 'Calendar',
      webhookUrl: receiver.url,
      webhookType: 'subscription',
    });
    receiver.secrets.push(app.webhook!.secret);
    clientId = app.client.id;
    const em = db.em();
    const plan = em.create(Plan, {
      name: 'Mail Plus',
      description: 'A roomy mailbox and the calendar.',
      paddlePriceIds: ['pri_e2e_plus'],
      priceAmount: 900,
      currency: 'EUR',
      mailboxQuotaBytes: QUOTA,
      maxAliases: 50,
      maxAppPasswords: 20,
      maxCustomDomains: 3,
      sortOrder: 1,
    });
    plan.clients.add(em.getReference(Client, clientId));
    em.create(Plan, {
      name: 'Mail Basic',
      description: 'A mailbox of your own.',
      paddlePriceIds: ['pri_e2e_basic'],
      priceAmount: 300,
      currency: 'EUR',
      mailboxQuotaBytes: 5 * 1024 ** 3,
      maxAliases: 5,
      maxAppPasswords: 5,
      sortOrder: 0,
    });
    await em.flush();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await db?.close();
    await hub?.orm.close(true);
    await stack?.stop();
    await standIn?.stop();
    await receiver?.close();
  });

  async function openAs(fields: PersonFields, viewport = DESKTOP) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    contexts.push(context);
    await installAxe(context);
    // Paddle's CDN is out of reach here; refuse it at once rather than wait for a timeout.
    await context.route('https://cdn.paddle.com/**', (route) => route.abort('internetdisconnected'));
    const user = await createUser(db, { timezone: 'Europe/Berlin', ...fields });
    await signIn(db, stack, context, user);
    const page = await context.newPage();
    return { context, page, user };
  }

  const deliver = (notification: PaddleNotification) =>
    deliverPaddleNotification(stack, webhookSecret, notification);

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  const received = (type: string, userId: string) =>
    receiver.received.filter(
      (hook) =>
        hook.verified &&
        hook.payload.type === type &&
        (hook.payload.data.user as { id: string }).id === userId,
    );
  const directoryAccount = async (name: string) => {
    const rows = await db
      .em()
      .execute<{ quota: string; active: boolean; login_allowed: boolean }[]>(
        'select quota, active, login_allowed from directory.accounts where name = ?',
        [name],
      );
    return rows[0];
  };

  it('checkout: Paddle.js unavailable is said plainly, the signed webhook turns the page active without a reload', async () => {
    const { page, user } = await openAs({ displayName: 'Ada Subscriber' });
    const em = db.em();
    em.create(ClientConnection, { user: em.getReference(User, user.id), client: clientId });
    await em.flush();

    const checkoutAnswer = page.waitForResponse((response) => response.url().includes('billing.checkout'));
    await page.goto(`${stack.url}/subscription`);
    await expect.poll(() => heading(page).textContent()).toBe('Subscription');
    const customData = findKey(await (await checkoutAnswer).json(), 'customData') as Record<string, unknown>;
    expect(customData).toMatchObject({ hubUserId: user.id });

    await page.getByText('You have no subscription yet.').waitFor();
    const plans = page.getByRole('region', { name: 'Plans' });
    await plans.getByText('€9.00 per month').waitFor();
    expect(await plans.textContent()).toContain('50 GB mailbox');
    expect(await plans.textContent()).toContain('Includes Calendar');
    await expectNoAxeViolations(page, 'the subscription page without a subscription');
    await screenshot(page, 'billing-subscription-none');

    // A marker that a reload would wipe out.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    await page.getByRole('button', { name: 'Choose Mail Plus' }).click();
    const checkout = page.getByRole('region', { name: 'Checkout' });
    await checkout
      .getByRole('alert')
      .getByText(/payment window could not be loaded/)
      .waitFor();
    await checkout
      .getByRole('status')
      .getByText('Watching for a payment confirmation for Mail Plus…')
      .waitFor();
    expect(await checkout.textContent()).toContain(
      `pnpm paddle:simulate subscription.created --user ${user.email}`,
    );
    await expectNoAxeViolations(page, 'the checkout that could not load Paddle.js');
    await screenshot(page, 'billing-checkout-unavailable');

    // Paddle's side of a completed checkout: the subscription and its transaction, signed.
    const subscriptionId = paddleId('sub');
    const customerId = paddleId('ctm');
    const transactionId = paddleId('txn');
    const created = subscriptionNotification({
      eventType: 'subscription.created',
      subscriptionId,
      customerId,
      status: 'active',
      priceIds: ['pri_e2e_plus'],
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

    await checkout.getByText('Payment confirmed: Mail Plus is active. Welcome!').waitFor({ timeout: 15_000 });
    const card = page.getByRole('region', { name: 'Your subscription' });
    await card.getByText('Active', { exact: true }).waitFor();
    expect(await card.textContent()).toContain('Renews on');
    expect(await card.textContent()).toContain('€9.00 per month');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await expectNoAxeViolations(page, 'the subscription page after the payment was confirmed');
    await screenshot(page, 'billing-subscription-active');

    // Paying does not pick an address: the checkout leads straight to choosing one.
    await checkout.getByText('Your plan includes a mailbox: choose its address next.').waitFor();
    await checkout.getByRole('link', { name: 'Choose your address' }).waitFor();

    // The overview, reached inside the app, shows the plan and asks for the address too.
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Overview');
    await page.getByRole('region', { name: 'Plan' }).getByText('Mail Plus', { exact: true }).waitFor();
    await page.getByText('Your plan includes a mailbox. Choose its address to start using it.').waitFor();
    await expectNoAxeViolations(page, 'the overview asking for a mail address');
    await screenshot(page, 'billing-overview-choose-address');

    // The person picks their address on the mail page, as anyone would.
    await page.getByRole('link', { name: 'Choose your address' }).click();
    const localPart = `ada${randomBytes(3).toString('hex')}`;
    const address = `${localPart}@mail.test`;
    const field = page.getByRole('textbox', { name: 'Your address' });
    await field.fill(localPart);
    await page.getByText(`${address} is available.`).waitFor();
    await page.getByRole('button', { name: 'Create my mailbox' }).click();
    await page.getByText(`Your mailbox ${address} is ready.`).waitFor();
    expect(await directoryAccount(address)).toMatchObject({
      quota: String(QUOTA),
      active: true,
      login_allowed: true,
    });

    // The client app's webhook receiver got subscription.activated, signed per Standard Webhooks.
    await expect.poll(() => received('subscription.activated', user.id).length, { timeout: 20_000 }).toBe(1);
    expect(received('subscription.activated', user.id)[0]!.payload.data).toMatchObject({
      subscription: { status: 'active', planName: 'Mail Plus' },
      entitlements: { active: true, mailboxQuotaBytes: QUOTA },
    });

    // Cancel at period end through the page: the plan stays until then.
    await page.getByRole('link', { name: 'Subscription' }).click();
    await page.getByRole('button', { name: 'Cancel subscription…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel your subscription?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('at the close of the period you have paid for');
    await expectNoAxeViolations(page, 'the cancellation dialog');
    await screenshot(page, 'billing-cancel-dialog');
    await dialog.getByRole('button', { name: 'Cancel at period end' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.getByText('Ends at period end').waitFor();
    expect(await card.textContent()).toContain('Ends on');
    expect(
      standIn.requests.some((request) => request.path === `/subscriptions/${subscriptionId}/cancel`),
    ).toBe(true);
    await expectNoAxeViolations(page, 'the subscription set to end');
    await screenshot(page, 'billing-subscription-ending');

    // Resume takes it back; cancel again so the period can end.
    await card.getByRole('button', { name: 'Resume subscription' }).click();
    await card.getByText('Renews on').waitFor();
    await page.getByRole('button', { name: 'Cancel subscription…' }).click();
    await dialog.getByRole('button', { name: 'Cancel at period end' }).click();
    await card.getByText('Ends at period end').waitFor();

    // The period ends: Paddle sends subscription.canceled.
    await deliver(
      subscriptionNotification({
        eventType: 'subscription.canceled',
        subscriptionId,
        customerId,
        status: 'canceled',
        priceIds: ['pri_e2e_plus'],
        customData,
        canceledAt: new Date(),
        occurredAt: new Date(Date.now() + 1000),
      }),
    );
    await expect
      .poll(() => received('subscription.deactivated', user.id).length, { timeout: 20_000 })
      .toBe(1);
    expect(await directoryAccount(address)).toMatchObject({
      quota: String(QUOTA),
      active: true,
      login_allowed: false,
    });

    await page.goto(stack.url);
    await page.getByText('You have no plan yet.').waitFor();
    expect(await page.getByRole('region', { name: 'Plan' }).textContent()).not.toContain('Mail Plus');
    expect(await page.getByRole('region', { name: 'Mailbox' }).textContent()).toContain('Receiving only');

    await page.goto(`${stack.url}/subscription`);
    await card.getByText('Ended', { exact: true }).waitFor();
    expect(await card.textContent()).toContain('Nothing was deleted');
    await page.getByRole('button', { name: 'Choose Mail Plus' }).waitFor();
    await expectNoAxeViolations(page, 'the subscription page after it ended');
    await screenshot(page, 'billing-subscription-lapsed');

    await page.setViewportSize(PHONE);
    await screenshot(page, 'billing-subscription-lapsed-phone');
  }, 180_000);

  it('shows a payment problem with its grace date, and works at phone width', async () => {
    const { page, user } = await openAs({ displayName: 'Grace Period' }, PHONE);
    const customData = findKey(
      await (async () => {
        const answer = page.waitForResponse((response) => response.url().includes('billing.checkout'));
        await page.goto(`${stack.url}/subscription`);
        return (await answer).json();
      })(),
      'customData',
    ) as Record<string, unknown>;
    await deliver(
      subscriptionNotification({
        eventType: 'subscription.past_due',
        subscriptionId: paddleId('sub'),
        customerId: paddleId('ctm'),
        status: 'past_due',
        priceIds: ['pri_e2e_basic'],
        customData,
      }),
    );
    await expect
      .poll(async () => (await db.em().findOne(Subscription, { user: user.id }))?.status, { timeout: 10_000 })
      .toBe('past_due');
    await page.reload();
    const card = page.getByRole('region', { name: 'Your subscription' });
    await card.getByText('Payment problem').waitFor();
    expect(await card.textContent()).toMatch(/Update your payment method to keep your plan after/);
    await card.getByRole('button', { name: 'Update payment method' }).waitFor();
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectNoAxeViolations(page, 'a subscription with a payment problem at phone width');
    await screenshot(page, 'billing-subscription-grace-phone');
  });

  it('staff find a flagged subscription, bind it by hand, resync it, and re-apply an event', async () => {
    const payer = await createUser(db, { displayName: 'Paying Person' });
    const subscriptionId = paddleId('sub');
    const customerId = paddleId('ctm');
    await deliver(customerNotification({ eventType: 'customer.created', customerId, email: payer.email }));
    const created = subscriptionNotification({
      eventType: 'subscription.created',
      subscriptionId,
      customerId,
      status: 'active',
      priceIds: ['pri_e2e_plus'],
      // Paid without our checkout's signed user id: kept and flagged, never guessed.
      customData: null,
      transactionId: paddleId('txn'),
    });
    standIn.putSubscription(created.data as StandInSubscription);
    await deliver(created);
    await expect
      .poll(async () => (await db.em().findOne(Subscription, { paddleId: subscriptionId }))?.bindingProblem, {
        timeout: 10_000,
      })
      .toBe('missing');

    const { page } = await openAs({ displayName: 'Staff Person', isStaff: true });
    await page.goto(`${stack.url}/staff/subscriptions`);
    await expect.poll(() => heading(page).textContent()).toBe('Subscriptions');
    await page.getByRole('link', { name: subscriptionId }).waitFor();
    const onlyFlagged = page.getByRole('checkbox', { name: 'Only binding problems' });
    // The filter lives in the address (shareable, survives a reload); the box follows it.
    await onlyFlagged.click();
    await page.waitForURL(/flagged=true/);
    await expect.poll(() => onlyFlagged.isChecked()).toBe(true);
    const table = page.getByRole('table', { name: 'Subscriptions' });
    await expect.poll(async () => (await table.getByRole('row').count()) - 1).toBe(1);
    expect(await table.textContent()).toContain('No signed user id');
    await expectNoAxeViolations(page, 'the staff subscriptions list');
    await screenshot(page, 'billing-staff-subscriptions');

    await page.getByRole('link', { name: subscriptionId }).click();
    await expect.poll(() => heading(page).textContent()).toBe(`Subscription ${subscriptionId}`);
    await page.getByText('This subscription is not bound to anyone').waitFor();
    const events = page.getByRole('table', { name: 'Paddle events' });
    await events.getByRole('link', { name: 'subscription.created' }).waitFor();
    await expectNoAxeViolations(page, 'a flagged subscription');
    await screenshot(page, 'billing-staff-subscription-flagged');

    await page.getByRole('button', { name: 'Bind to a person…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bind this subscription to a person' });
    await dialog.waitFor();
    // The customer's email is the first guess; staff confirm whom it is.
    expect(await dialog.getByLabel('Person’s email or name').inputValue()).toBe(payer.email);
    await dialog.getByRole('button', { name: 'Find' }).click();
    await dialog.getByRole('radio', { name: new RegExp(payer.email) }).check();
    await dialog.getByText(`The subscription will belong to ${payer.email} for good`).waitFor();
    await expectNoAxeViolations(page, 'the bind dialog');
    await screenshot(page, 'billing-staff-bind-dialog');
    await dialog.getByRole('button', { name: `Bind to ${payer.email}` }).click();
    await page.getByRole('status').getByText(`The subscription now belongs to ${payer.email}.`).waitFor();
    await page
      .getByRole('region', { name: 'Customer and person' })
      .getByRole('link', { name: payer.email })
      .waitFor();
    const bound = await db
      .em()
      .findOneOrFail(Subscription, { paddleId: subscriptionId }, { populate: ['plan'] });
    expect(bound.user?.id).toBe(payer.id);
    expect((await heldPlanOf(db.em(), payer.id))?.name).toBe('Mail Plus');

    // Resync from the Paddle API: Paddle now says past_due.
    standIn.subscriptions.get(subscriptionId)!.status = 'past_due';
    await page.getByRole('button', { name: 'Resync from Paddle' }).click();
    await page.getByRole('status').getByText('The subscription has been read from Paddle again.').waitFor();
    await page.locator('.page-header').getByText('Past due').waitFor();
    await events.getByRole('link', { name: 'subscription.synced' }).waitFor();

    // The event log, filtered, and one event applied again.
    await page.getByRole('link', { name: '← All subscriptions' }).click();
    await page
      .getByRole('navigation', { name: 'Billing' })
      .getByRole('link', { name: 'Paddle events' })
      .click();
    await expect.poll(() => heading(page).textContent()).toBe('Paddle events');
    await page.getByLabel('Event type').selectOption('customer.');
    await page.waitForURL(/type=customer/);
    const log = page.getByRole('table', { name: 'Paddle events' });
    await expect.poll(() => log.getByRole('link', { name: /^subscription\./ }).count()).toBe(0);
    expect(await log.getByRole('link', { name: 'customer.created' }).count()).toBeGreaterThanOrEqual(1);
    await page.getByLabel('Event type').selectOption('');
    await page.getByRole('searchbox', { name: 'Search events' }).fill(subscriptionId);
    await page.getByRole('searchbox', { name: 'Search events' }).press('Enter');
    await page.waitForURL(new RegExp(`q=${subscriptionId}`));
    await expectNoAxeViolations(page, 'the Paddle event log');
    await screenshot(page, 'billing-staff-events');

    await log.getByRole('link', { name: 'subscription.created' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('subscription.created');
    const payload = page.getByRole('region', { name: 'Payload as received' });
    expect(await payload.textContent()).toContain(`"id": "${subscriptionId}"`);
    const before = await db.em().findOneOrFail(PaddleEvent, { eventId: created.event_id });
    await page.getByRole('button', { name: 'Re-apply event' }).click();
    const reapply = page.getByRole('dialog', { name: 'Re-apply this event?' });
    await reapply.waitFor();
    await expectNoAxeViolations(page, 'the re-apply dialog');
    await reapply.getByRole('button', { name: 'Re-apply event' }).click();
    await page
      .getByRole('status')
      .getByText(/^Applied again\. Result: /)
      .waitFor();
    const after = await db.em().findOneOrFail(PaddleEvent, { eventId: created.event_id });
    expect(after.attempts).toBe(before.attempts + 1);
    await expectNoAxeViolations(page, 'a Paddle event');
    await screenshot(page, 'billing-staff-event');

    await page.setViewportSize(PHONE);
    await page.goto(`${stack.url}/staff/subscriptions`);
    await page.getByRole('link', { name: subscriptionId }).waitFor();
    await expectNoAxeViolations(page, 'the staff subscriptions list at phone width');
    await screenshot(page, 'billing-staff-subscriptions-phone');
  }, 120_000);

  it('a checkout whose payment could not be bound keeps waiting across a reload, then says staff will link it', async () => {
    const { page } = await openAs({ displayName: 'Unlucky Payer' });
    await page.goto(`${stack.url}/subscription`);
    await page.getByRole('button', { name: 'Choose Mail Basic' }).waitFor();
    // What the page keeps after Paddle's checkout.completed: the plan and the transaction id.
    const transactionId = paddleId('txn');
    await page.evaluate(
      (pending) => sessionStorage.setItem('accounts.checkout.pending', JSON.stringify(pending)),
      {
        plan: { id: 'basic', name: 'Mail Basic', checkoutPriceId: 'pri_e2e_basic' },
        transactionId,
        since: Date.now(),
      },
    );
    await page.reload();
    const checkout = page.getByRole('region', { name: 'Checkout' });
    await checkout.getByText('Payment received by Paddle. Waiting for the confirmation…').waitFor();
    expect(await page.getByRole('button', { name: 'Choose Mail Basic' }).isDisabled()).toBe(true);
    await expectNoAxeViolations(page, 'a payment waiting for Paddle');
    await screenshot(page, 'billing-checkout-pending');

    // Paddle's subscription arrives without a valid signed user id: kept for staff, bound to nobody.
    await deliver(
      subscriptionNotification({
        eventType: 'subscription.created',
        subscriptionId: paddleId('sub'),
        customerId: paddleId('ctm'),
        status: 'active',
        priceIds: ['pri_e2e_basic'],
        customData: { hubUserId: crypto.randomUUID(), hubKeyId: 'k1', hubSignature: 'forged' },
        transactionId,
      }),
    );
    await checkout
      .getByText(/could not be linked to your account automatically/)
      .waitFor({ timeout: 15_000 });
    await page
      .getByRole('region', { name: 'Your subscription' })
      .getByText('You have no subscription yet.')
      .waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('accounts.checkout.pending'))).toBeNull();
    await expectNoAxeViolations(page, 'a payment waiting for staff');
    await screenshot(page, 'billing-checkout-review');
  });

  it('refuses the staff pages to people who are not staff', async () => {
    const { page } = await openAs({ displayName: 'Not Staff' });
    await page.goto(`${stack.url}/staff/subscriptions/events`);
    await page.getByText('This area is for staff only.').waitFor();
  });

  it('writes no Paddle signature, cookie, token or webhook secret into any log line or URL', () => {
    expectNoSecretsLogged(stack);
  });
});
