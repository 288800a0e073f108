// A person's own account history, and what deleting an account does to money and mail, in the
// browser against the real API: the Account activity page lists the person's own changes with
// the browser they came from; the deletion dialog of a paying person with a mailbox says what
// will happen, and afterwards the Paddle stand-in, the database and the staff pages show that
// exactly that happened.
import { randomBytes } from 'node:crypto';
import { Plan, paddleId, Subscription, signCustomData } from '@accounts/core/billing';
import { Client, ClientConnection } from '@accounts/core/clients';
import { Session, User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { Mailbox, provisionMailbox } from '@accounts/core/mail';
import {
  type PaddleStandIn,
  standInSubscription,
  startPaddleStandIn,
} from '@accounts/devkit/paddle-stand-in';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, installAxe } from './axe.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { openStackHub } from './hub-data.ts';
import { deliverPaddleNotification } from './paddle-helpers.ts';
import { createUser, openStackDatabase, type PersonFields, type StackDatabase, signIn } from './people.ts';
import { type Stack, startStack } from './stack.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const API_KEY = 'pdl_e2e_activity_key';

describe('account activity and account deletion, end to end', () => {
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
      PADDLE_CLIENT_TOKEN: 'test_e2e_client_token',
      PADDLE_ENVIRONMENT: 'sandbox',
      JOBS_IN_PROCESS: 'true',
    });
    db = await openStackDatabase(stack);
    hub = await openStackHub(stack);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await db?.close();
    await hub?.orm.close(true);
    await stack?.stop();
    await standIn?.stop();
  });

  async function openAs(fields: PersonFields, viewport = DESKTOP) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    contexts.push(context);
    await installAxe(context);
    const user = await createUser(db, { timezone: 'Europe/Berlin', ...fields });
    await signIn(db, stack, context, user);
    const page = await context.newPage();
    return { context, page, user };
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  const rowsOf = (page: Page) =>
    page
      .getByRole('table', { name: 'Account activity' })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) =>
          Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent?.trim() ?? '').join(' | '),
        ),
      );

  it('lists the person’s own changes, with the browser they were made from, in words', async () => {
    const { context, page, user } = await openAs({ displayName: 'Grace' });
    // A second place the person is signed in, to sign out from here.
    await signIn(db, stack, await browser.newContext(), user);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    expect(userAgent).toMatch(/Linux/);

    await page.goto(`${stack.url}/profile`);
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').getByText('Your profile has been saved.').waitFor();

    await page.goto(`${stack.url}/security`);
    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out all other sessions' }).click();
    await expect.poll(() => db.em().count(Session, { user: user.id })).toBe(1);

    await page.getByRole('navigation').getByRole('link', { name: 'Activity' }).first().click();
    await expect.poll(() => heading(page).textContent()).toBe('Account activity');
    await expect.poll(() => rowsOf(page).then((rows) => rows.length)).toBe(2);
    const rows = await rowsOf(page);
    expect(rows[0]).toMatch(/ \| Signed out 1 other device \| You \| .+ on Linux$/);
    expect(rows[1]).toMatch(/ \| Profile changed: display name \| You \| .+ on Linux$/);
    // People's words only: no action names, field names or raw User-Agent strings.
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/profile\.updated|displayName|Mozilla\/5\.0/);
    await expectNoAxeViolations(page, 'the account activity page');
    await screenshot(page, 'account-activity');

    await page.setViewportSize(PHONE);
    await page.reload();
    await expect.poll(() => rowsOf(page).then((rows) => rows.length)).toBe(2);
    await expectNoAxeViolations(page, 'the account activity page at phone width');
    await screenshot(page, 'account-activity-phone');
    await context.close();
  });

  it('a paying person with a mailbox is told what deletion does, and exactly that happens; staff see a deleted account’s subscription', async () => {
    const em = db.em();
    const plan = em.create(Plan, {
      name: 'Mail Plus',
      paddlePriceIds: ['pri_e2e_activity_plus'],
      priceAmount: 900,
      currency: 'EUR',
      mailboxQuotaBytes: 5 * 1024 ** 3,
      maxAliases: 5,
      maxAppPasswords: 5,
    });
    const calendar = em.create(Client, { name: 'Calendar' });
    await em.flush();
    const { page, user } = await openAs({ displayName: 'Leaving Payer' });
    const link = db.em();
    link.create(ClientConnection, { user: link.getReference(User, user.id), client: calendar.id });
    await link.flush();

    // Paddle's side of a paid checkout: the subscription at the stand-in, and its webhook.
    const subscriptionId = paddleId('sub');
    const atPaddle = standInSubscription({
      id: subscriptionId,
      customer_id: paddleId('ctm'),
      priceIds: plan.paddlePriceIds,
      custom_data: signCustomData(hub.config, user.id) as unknown as Record<string, unknown>,
    });
    standIn.putSubscription(atPaddle);
    await deliverPaddleNotification(stack, webhookSecret, {
      event_id: paddleId('evt'),
      notification_id: paddleId('ntf'),
      event_type: 'subscription.created',
      occurred_at: new Date().toISOString(),
      data: { ...atPaddle },
    } as never);
    await expect.poll(() => db.em().count(Subscription, { user: user.id, isActive: true })).toBe(1);
    const mailbox = await provisionMailbox(
      hub.orm.em.fork(),
      hub.config,
      user.id,
      `leaver${randomBytes(3).toString('hex')}`,
    );
    const address = mailbox.accountName;

    await page.goto(`${stack.url}/privacy`);
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    const periodEnd = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeZone: 'Europe/Berlin',
    }).format(new Date(atPaddle.current_billing_period!.ends_at));
    const statements = dialog.getByRole('list', { name: 'Delete your account?' });
    await statements.waitFor();
    const said = (await statements.textContent()) ?? '';
    expect(said).toContain(
      `Your Mail Plus subscription is cancelled at Paddle now and will not renew: nothing more is charged. The time already paid for (until ${periodEnd}) is not refunded.`,
    );
    expect(said).toContain(`Your mailbox ${address} is deleted with all the mail in it`);
    expect(said).toContain(
      'The apps you signed in to are told your account is gone and sign you out: Calendar.',
    );
    await expectNoAxeViolations(page, 'the deletion dialog of a paying person with a mailbox');
    await screenshot(page, 'delete-dialog-paid-mailbox');

    await dialog.getByLabel(/To confirm, type your email address/).fill(user.email);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(`${stack.url}/account-deleted`);

    // What the dialog said is what happened.
    expect(standIn.subscriptions.get(subscriptionId)?.scheduled_change).toMatchObject({
      action: 'cancel',
      effective_at: atPaddle.current_billing_period!.ends_at,
    });
    expect(standIn.subscriptions.get(subscriptionId)?.next_billed_at).toBeNull();
    expect(await db.em().count(Mailbox, { accountName: address })).toBe(0);
    const directory = await db
      .em()
      .execute<{ n: string }[]>('select count(*) as n from directory.accounts where name = ?', [address]);
    expect(Number(directory[0]!.n)).toBe(0);
    expect(await db.em().count(User, { id: user.id })).toBe(0);

    // Staff: the subscription belongs to a deleted account, in its own consistent words.
    const { page: staffPage } = await openAs({ isStaff: true });
    await staffPage.goto(`${stack.url}/staff/subscriptions/${subscriptionId}`);
    await staffPage.getByText('The person who held this subscription deleted their account').waitFor();
    const detail = (await staffPage.locator('main').textContent()) ?? '';
    expect(detail).toContain('Deleted account');
    expect(detail).toContain(`Ends ${periodEnd}`);
    expect(detail).toMatch(/Grants features\s*No: the account was deleted/);
    expect(detail).not.toMatch(/Unknown person|cannot be trusted|Nobody/);
    expect(await staffPage.locator('.badges').first().textContent()).not.toContain('Active');
    expect(await staffPage.getByRole('button', { name: /bind/i }).count()).toBe(0);
    await expectNoAxeViolations(staffPage, 'a deleted account’s subscription for staff');
    await screenshot(staffPage, 'staff-subscription-deleted-account');
  });
});
