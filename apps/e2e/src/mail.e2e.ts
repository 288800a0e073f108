// The mail pages end to end: a subscribed person picks an address, creates an app password and
// adds an alias, and the rows Stalwart reads are checked; staff change quota, switch a mailbox off
// and repair it. Real API process, real database, Debian's Chromium, axe-core on every view.
import { mkdirSync } from 'node:fs';
import { Plan, Subscription, UserPlan } from '@accounts/core/billing';
import { User } from '@accounts/core/identity';
import { AuditEntry, verifySecret } from '@accounts/core/kernel';
import { addCustomDomain, checkCustomDomain, createAppPassword, provisionMailbox } from '@accounts/core/mail';
import { tableResolver, testConfig } from '@accounts/core/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, installAxe } from './axe.ts';
import { launchBrowser, SCREENSHOTS } from './browser.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import { createUser, openStackDatabase, type PersonFields, type StackDatabase, signIn } from './people.ts';
import { type Stack, startStack } from './stack.ts';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const GIB = 1024 ** 3;

describe('mail pages, end to end against the real API and database', () => {
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

  const sql = (query: string, params: unknown[] = []) => db.em().execute(query, params);

  /** A screenshot of the page itself: confirmations already read are hidden so they cover nothing. */
  async function shot(page: Page, name: string) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: `${SCREENSHOTS}/${name}.png`,
      fullPage: true,
      style: '.toasts { display: none; }',
    });
  }

  /** A plan with a mailbox, held through an active subscription as billing leaves it. */
  async function mailPlan(name: string) {
    const em = db.em();
    const plan = em.create(Plan, {
      name,
      mailboxQuotaBytes: 5 * GIB,
      maxAliases: 3,
      maxAppPasswords: 2,
      maxCustomDomains: 1,
    });
    await em.flush();
    return plan;
  }

  async function giveOwnPlan(userId: string, planId: string) {
    const em = db.em();
    const user = await em.findOneOrFail(User, { id: userId });
    em.create(UserPlan, { user, plan: em.getReference(Plan, planId) });
    // Mail reads billing's decision, which comes from the person's subscriptions.
    em.create(Subscription, {
      paddleId: `sub_e2e_${userId.slice(0, 8)}`,
      status: 'active',
      isActive: true,
      user,
      plan: em.getReference(Plan, planId),
      priceIds: [],
    });
    await em.flush();
  }

  async function openAs(fields: PersonFields, viewport = DESKTOP) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await installAxe(context);
    const user = await createUser(db, fields);
    await signIn(db, stack, context, user);
    return { context, page: await context.newPage(), user };
  }

  it('a subscribed person picks an address, creates an app password, adds an alias; Stalwart’s rows are exactly right', async () => {
    const plan = await mailPlan('Mail Basic');
    const { page, user } = await openAs({ displayName: 'Ada Lovelace' });
    await giveOwnPlan(user.id, plan.id);

    const checks: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.includes('mail.checkAddress')) checks.push(url.searchParams.get('input') ?? '');
    });

    await page.goto(`${stack.url}/mail`);
    await page.getByRole('heading', { level: 1, name: 'Mail', exact: true }).waitFor();
    const field = page.getByRole('textbox', { name: 'Your address' });
    await field.waitFor();
    await expectNoAxeViolations(page, 'the address chooser');
    await shot(page, 'mail-choose-address');

    // Typed key by key: one question after the pause, not one per key; the reason is the server's.
    await field.pressSequentially('postmaster', { delay: 40 });
    const status = page.getByRole('status').filter({ hasText: /reserved|Checking/ });
    await page.getByText('"postmaster" is reserved for the mail service.').waitFor();
    // One question per pause in typing (a slow machine may pause once more), never one per key.
    expect(checks.length).toBeLessThan(3);
    expect(Object.values(JSON.parse(checks.at(-1)!))).toEqual([{ json: { localPart: 'postmaster' } }]);
    expect(await status.first().textContent()).toContain('reserved');
    await expectNoAxeViolations(page, 'the address chooser refusing a reserved name');
    await shot(page, 'mail-choose-address-reserved');
    // Sent anyway: the refusal shows once, on the field (not again in the status line).
    await page.getByRole('button', { name: 'Create my mailbox' }).click();
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('"postmaster" is reserved for the mail service.').count()).toBe(1);

    await field.fill('');
    const beforeAddress = checks.length;
    await field.pressSequentially('Ada.Lovelace', { delay: 40 });
    await page.getByText('ada.lovelace@mail.test is available.').waitFor();
    expect(checks.length - beforeAddress).toBeLessThan(3);
    expect(Object.values(JSON.parse(checks.at(-1)!))).toEqual([{ json: { localPart: 'ada.lovelace' } }]);
    await shot(page, 'mail-choose-address-available');

    await page.getByRole('button', { name: 'Create my mailbox' }).click();
    await page.getByRole('status').getByText('Your mailbox ada.lovelace@mail.test is ready.').waitFor();
    await page.getByRole('region', { name: 'Your mailbox' }).getByText('ada.lovelace@mail.test').waitFor();
    const mailbox = page.getByRole('region', { name: 'Your mailbox' });
    expect(await mailbox.textContent()).toContain('Active');
    expect(await mailbox.textContent()).toContain('5 GB');
    const connection = page.getByRole('region', { name: 'Connection settings' });
    expect(await connection.textContent()).toContain('imap.mail.test');
    expect(await connection.textContent()).toContain('993');
    expect(await connection.textContent()).toContain('SSL/TLS');
    await connection.getByRole('button', { name: 'Copy IMAP server' }).click();
    await page.getByRole('status').getByText('Copied: IMAP server.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('imap.mail.test');
    await expectNoAxeViolations(page, 'the mailbox overview');
    await shot(page, 'mail-overview');
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page, 'the mailbox overview at phone width');
    await shot(page, 'mail-overview-phone');
    await page.setViewportSize(DESKTOP);

    // App password: shown once, in a dialog, then never again.
    await page
      .getByRole('navigation', { name: 'Mail pages' })
      .getByRole('link', { name: 'App passwords' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'App passwords', exact: true }).waitFor();
    await page.getByText('You use 0 of the 2 app passwords your plan includes.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Phone');
    await page.getByRole('button', { name: 'Create app password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your new app password' });
    await dialog.waitFor();
    const password = (await dialog.getByTestId('new-app-password').textContent()) ?? '';
    stack.secrets.remember(password);
    expect(password).toMatch(/^[a-z2-9]{6}(-[a-z2-9]{6}){3}$/);
    expect(await dialog.textContent()).toContain('It is shown only this once');
    // Focus starts on the password's copy button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Copy app password',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Copied: app password.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);
    await expectNoAxeViolations(page, 'the new app password dialog');
    await shot(page, 'mail-app-password-created');
    await dialog.getByRole('button', { name: 'Done, I have copied it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('table', { name: 'Your app passwords' })
      .getByRole('rowheader', { name: 'Phone' })
      .waitFor();
    await page.getByText('You use 1 of the 2 app passwords your plan includes.').waitFor();
    expect(await page.content()).not.toContain(password);
    await page.reload();
    await page.getByRole('rowheader', { name: 'Phone' }).waitFor();
    expect(await page.content()).not.toContain(password);
    await expectNoAxeViolations(page, 'the app passwords page');
    await shot(page, 'mail-app-passwords');

    // A second one, revoked with confirmation.
    await page.getByLabel('Name', { exact: true }).fill('Old laptop');
    await page.getByRole('button', { name: 'Create app password' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Done, I have copied it' }).click();
    await page.getByText('You use all the app passwords your plan includes.').waitFor();
    await page.getByRole('button', { name: 'Revoke Old laptop' }).click();
    const revoke = page.getByRole('dialog', { name: 'Revoke “Old laptop”?' });
    await revoke.waitFor();
    await expectNoAxeViolations(page, 'the revoke dialog');
    await revoke.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('status').getByText('The app password “Old laptop” has been revoked.').waitFor();
    await page.getByRole('rowheader', { name: 'Old laptop' }).waitFor({ state: 'detached' });

    // An alias on our second domain.
    await page
      .getByRole('navigation', { name: 'Mail pages' })
      .getByRole('link', { name: 'Addresses' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Addresses', exact: true }).waitFor();
    await page.getByLabel('Name before the @').fill('Ada.Books');
    await page.getByLabel('Domain').selectOption('alt.test');
    await page.getByRole('button', { name: 'Add alias' }).click();
    await page.getByRole('status').getByText('ada.books@alt.test now reaches your mailbox.').waitFor();
    const addresses = page.getByRole('table', { name: 'Your addresses' });
    await addresses.getByRole('rowheader', { name: 'ada.books@alt.test' }).waitFor();
    expect(await addresses.getByRole('row').allTextContents()).toEqual([
      expect.stringContaining('Address'),
      expect.stringMatching(/^ada\.lovelace@mail\.testMain address/),
      expect.stringMatching(/^ada\.lovelace@alt\.testIncluded/),
      expect.stringMatching(/^ada\.books@alt\.testAlias/),
    ]);
    // A reserved name is refused on our domains, with the server's reason on the field.
    await page.getByLabel('Name before the @').fill('abuse');
    await page.getByRole('button', { name: 'Add alias' }).click();
    await page.getByText('"abuse" is reserved for the mail service.').waitFor();
    expect(await page.getByLabel('Name before the @').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'the addresses page with a refused alias');
    // A fresh load of a mail page asks for everything it shows in one request.
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/trpc/')) requests.push(url.pathname);
    });
    await page.reload();
    await addresses.getByRole('rowheader', { name: 'ada.books@alt.test' }).waitFor();
    expect(requests).toEqual(['/trpc/me.get,mail.overview,mail.addresses,mail.domains']);
    await shot(page, 'mail-addresses');

    // Exactly the rows Stalwart reads.
    expect(
      await sql(
        `select name, secret, description, type, quota, active, login_allowed from directory.accounts where name like 'ada%'`,
      ),
    ).toEqual([
      {
        name: 'ada.lovelace@mail.test',
        secret: null,
        description: 'Ada Lovelace',
        type: 'individual',
        quota: String(5 * GIB),
        active: true,
        login_allowed: true,
      },
    ]);
    expect(
      await sql(`select name, address, type from directory.emails where name = ? order by address`, [
        'ada.lovelace@mail.test',
      ]),
    ).toEqual([
      { name: 'ada.lovelace@mail.test', address: 'ada.books@alt.test', type: 'alias' },
      { name: 'ada.lovelace@mail.test', address: 'ada.lovelace@alt.test', type: 'alias' },
      { name: 'ada.lovelace@mail.test', address: 'ada.lovelace@mail.test', type: 'primary' },
    ]);
    const secrets = await sql(`select name, label, secret from directory.app_passwords where name = ?`, [
      'ada.lovelace@mail.test',
    ]);
    expect(secrets).toEqual([
      {
        name: 'ada.lovelace@mail.test',
        label: 'Phone',
        secret: expect.stringMatching(/^\$app\$Phone\$\$argon2id\$/),
      },
    ]);
    // The password shown once is the one Stalwart will accept.
    expect(await verifySecret(String(secrets[0]!.secret).slice('$app$Phone$'.length), password)).toBe(true);
    expect(await sql(`select name from directory.domains order by name`)).toEqual([
      { name: 'alt.test' },
      { name: 'mail.test' },
    ]);
    expect(await sql(`select count(*)::int as n from directory.group_members`)).toEqual([{ n: 0 }]);

    // Their own domain: the records to publish, with copy buttons; it serves no mail until verified.
    await page
      .getByRole('navigation', { name: 'Mail pages' })
      .getByRole('link', { name: 'Your domains' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Your domains', exact: true }).waitFor();
    await page.getByLabel('Domain', { exact: true }).fill('Ada.Example');
    await page.getByRole('button', { name: 'Add domain' }).click();
    const records = page.getByRole('table', { name: 'DNS records for ada.example' });
    await records.waitFor();
    expect(await records.getByRole('row').count()).toBe(6);
    expect(await records.textContent()).toContain('_hub-verification.ada.example');
    expect(await records.textContent()).toContain('mx.mail.test');
    await records.getByRole('button', { name: 'Copy name of the Verification record' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('_hub-verification.ada.example');
    await expectNoAxeViolations(page, 'the domains page');
    await shot(page, 'mail-domains');
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page, 'the domains page at phone width');
    await shot(page, 'mail-domains-phone');
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'Remove domain' }).click();
    const removeDomain = page.getByRole('dialog', { name: 'Remove ada.example?' });
    await removeDomain.getByRole('button', { name: 'Remove domain' }).click();
    await page.getByText('You have not added a domain yet.').waitFor();
    expect(await sql(`select count(*)::int as n from directory.domains where name = 'ada.example'`)).toEqual([
      { n: 0 },
    ]);
  });

  it('explains that mail comes with a plan to someone without one', async () => {
    const { page } = await openAs({ displayName: 'No Plan' }, PHONE);
    await page.goto(`${stack.url}/mail`);
    await page.getByRole('heading', { name: 'Mail comes with a plan' }).waitFor();
    const link = page.getByRole('link', { name: 'See the plans' });
    expect(await link.getAttribute('href')).toBe('/subscription');
    await expectNoAxeViolations(page, 'the mail page without a plan');
    await shot(page, 'mail-no-plan-phone');
    // The other mail pages say the same rather than showing refusals.
    await page.goto(`${stack.url}/mail/app-passwords`);
    await page.getByRole('heading', { name: 'Mail comes with a plan' }).waitFor();

    const german = await openAs({ displayName: 'Ohne Tarif', language: 'de' });
    await german.page.goto(`${stack.url}/mail`);
    await german.page.getByRole('heading', { name: 'E-Mail gibt es mit einem Tarif' }).waitFor();
    await german.page.getByRole('link', { name: 'Tarife ansehen' }).waitFor();
    await expectNoAxeViolations(german.page, 'the mail page in German');
  });

  it('lets staff find a mailbox, change its quota, switch it off and repair it', async () => {
    const plan = await mailPlan('Mail Staff Test');
    const owner = await createUser(db, { displayName: 'Grace Hopper', email: 'grace.hopper@example.test' });
    await giveOwnPlan(owner.id, plan.id);
    await provisionMailbox(db.em(), testConfig(), owner.id, 'grace');
    const { page, user: staff } = await openAs({ displayName: 'Mail Staff', isStaff: true });

    await page.goto(`${stack.url}/staff/mail`);
    await page.getByRole('heading', { level: 1, name: 'Mail accounts', exact: true }).waitFor();
    await page.getByLabel('Search accounts').fill('grace');
    await page.waitForURL(/q=grace/);
    await expect
      .poll(() => page.getByRole('table', { name: 'Mail accounts' }).getByRole('row').count())
      .toBe(2);
    await expectNoAxeViolations(page, 'the staff mail accounts list');
    await shot(page, 'mail-staff-accounts');
    await page.getByRole('link', { name: 'grace@mail.test' }).click();
    await page.getByRole('heading', { level: 1, name: 'grace@mail.test', exact: true }).waitFor();
    const details = page.getByRole('region', { name: 'Account' });
    await details.getByText('grace.hopper@example.test').waitFor();
    expect(await details.textContent()).toContain('5 GB');
    await expectNoAxeViolations(page, 'the staff mail account page');

    // Quota.
    await page.getByRole('button', { name: 'Change quota…' }).click();
    const quota = page.getByRole('dialog', { name: 'Quota of grace@mail.test' });
    await quota.waitFor();
    await quota.getByLabel('New quota in GB').fill('-1');
    await quota.getByRole('button', { name: 'Save quota' }).click();
    await quota.getByText('Enter a number of GB from 0 to 102400.').waitFor();
    await expectNoAxeViolations(page, 'the quota dialog with an error');
    await quota.getByLabel('New quota in GB').fill('10');
    await quota.getByRole('button', { name: 'Save quota' }).click();
    await page.getByRole('status').getByText('The quota of grace@mail.test is now 10 GB.').waitFor();
    await details.getByText('(set by staff)').waitFor();
    expect(await sql(`select quota from directory.accounts where name = 'grace@mail.test'`)).toEqual([
      { quota: String(10 * GIB) },
    ]);

    // Switch off.
    await page.getByRole('button', { name: 'Switch off…' }).click();
    const off = page.getByRole('dialog', { name: 'Switch off grace@mail.test?' });
    await off.waitFor();
    await expectNoAxeViolations(page, 'the switch-off dialog');
    await off.getByRole('button', { name: 'Switch off…' }).click();
    await page.getByRole('status').getByText('grace@mail.test has been switched off.').waitFor();
    await page.getByRole('button', { name: 'Switch on…' }).waitFor();
    expect(
      await sql(`select active, login_allowed from directory.accounts where name = 'grace@mail.test'`),
    ).toEqual([{ active: false, login_allowed: false }]);

    // Someone removed a row by hand; repair puts it back and says so.
    await sql(`delete from directory.emails where address = 'grace@alt.test'`);
    await page.getByRole('button', { name: 'Repair…' }).click();
    const repair = page.getByRole('dialog', { name: 'Repair grace@mail.test?' });
    await repair.waitFor();
    await repair.getByRole('button', { name: 'Repair…' }).click();
    await repair.getByText('added alias address grace@alt.test').waitFor();
    await expectNoAxeViolations(page, 'the repair report');
    await shot(page, 'mail-staff-repair');
    await repair.getByRole('button', { name: 'Done' }).click();
    await page
      .getByRole('table', { name: 'Addresses' })
      .getByRole('rowheader', { name: 'grace@alt.test' })
      .waitFor();
    expect(
      await sql(`select address, type from directory.emails where name = 'grace@mail.test' order by address`),
    ).toEqual([
      { address: 'grace@alt.test', type: 'alias' },
      { address: 'grace@mail.test', type: 'primary' },
    ]);
    // Staff's quota and suspension outlive the repair.
    expect(
      await sql(`select quota, active, login_allowed from directory.accounts where name = 'grace@mail.test'`),
    ).toEqual([{ quota: String(10 * GIB), active: false, login_allowed: false }]);
    await expectNoAxeViolations(page, 'the staff mail account page after the changes');
    await shot(page, 'mail-staff-account');
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page, 'the staff mail account page at phone width');
    await shot(page, 'mail-staff-account-phone');
    await page.setViewportSize(DESKTOP);

    const actions = (
      await db.em().find(AuditEntry, { subjectUserId: owner.id }, { orderBy: { createdAt: 'asc' } })
    ).map((entry) => [entry.action, entry.actorId]);
    // The account history also holds the mailbox's creation (set up here by the hub itself).
    expect(actions).toEqual([
      ['mailbox.created', null],
      ['mail.account.quota', staff.id],
      ['mail.account.deactivate', staff.id],
      ['mail.mailbox.repair', staff.id],
    ]);

    // The person sees why their mailbox is off.
    const personContext = await browser.newContext({ viewport: DESKTOP });
    contexts.push(personContext);
    await installAxe(personContext);
    await signIn(db, stack, personContext, owner);
    const personPage = await personContext.newPage();
    await personPage.goto(`${stack.url}/mail`);
    await personPage.getByText('Our staff have switched your mailbox off').waitFor();
    await expectNoAxeViolations(personPage, 'the suspended mailbox overview');
    await shot(personPage, 'mail-overview-suspended');
  });

  it('lets staff build a group account with a member and a mailing-list address', async () => {
    const plan = await mailPlan('Mail Group Test');
    const member = await createUser(db, { displayName: 'Member' });
    await giveOwnPlan(member.id, plan.id);
    await provisionMailbox(db.em(), testConfig(), member.id, 'member');
    const { page } = await openAs({ displayName: 'Group Staff', isStaff: true });

    await page.goto(`${stack.url}/staff/mail`);
    await page.getByRole('button', { name: 'New group account' }).click();
    const create = page.getByRole('dialog', { name: 'New group account' });
    await create.waitFor();
    await create.getByLabel('Name before the @').fill('Team');
    await create.getByLabel('Description').fill('The whole team');
    await expectNoAxeViolations(page, 'the new group dialog');
    await create.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 1, name: 'team@mail.test', exact: true }).waitFor();

    await page.getByLabel('Member’s address').fill('member@mail.test');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page
      .getByRole('table', { name: 'Members' })
      .getByRole('link', { name: 'member@mail.test' })
      .waitFor();
    await page.getByLabel('Name before the @').fill('news');
    await page.getByLabel('Domain').selectOption('alt.test');
    await page.getByRole('button', { name: 'Add list address' }).click();
    await page
      .getByRole('table', { name: 'Addresses' })
      .getByRole('rowheader', { name: 'news@alt.test' })
      .waitFor();
    await expectNoAxeViolations(page, 'the group account page');
    await shot(page, 'mail-staff-group');

    expect(
      await sql(`select name, type, description from directory.accounts where name = 'team@mail.test'`),
    ).toEqual([{ name: 'team@mail.test', type: 'group', description: 'The whole team' }]);
    expect(await sql(`select name, member_of from directory.group_members`)).toEqual([
      { name: 'member@mail.test', member_of: 'team@mail.test' },
    ]);
    expect(
      await sql(`select address, type from directory.emails where name = 'team@mail.test' order by address`),
    ).toEqual([
      { address: 'news@alt.test', type: 'list' },
      { address: 'team@mail.test', type: 'primary' },
    ]);
  });

  it('a verified domain: catch-all, a role alias on it, and removal refused while the alias exists', async () => {
    const plan = await mailPlan('Mail Domain Test');
    const { page, user } = await openAs({ displayName: 'Domain Owner' });
    await giveOwnPlan(user.id, plan.id);
    const config = testConfig();
    await provisionMailbox(db.em(), config, user.id, 'domain.owner');
    // Verified through the hub's own check, with DNS answering from a table (no DNS here).
    const claim = await addCustomDomain(db.em(), config, user.id, 'own.example');
    const token = claim.records.find((record) => record.purpose === 'verification')!.value;
    const dns = tableResolver({
      'TXT _hub-verification.own.example': [[token]],
      'MX own.example': [{ exchange: 'mx.mail.test', priority: 10 }],
      'TXT own.example': [['v=spf1 include:elsewhere.example -all']],
    });
    await checkCustomDomain(db.em(), config, dns, user.id, 'own.example');

    await page.goto(`${stack.url}/mail/domains`);
    const card = page.getByRole('region', { name: 'own.example' });
    await card.getByText('Verified', { exact: true }).waitFor();
    const records = page.getByRole('table', { name: 'DNS records for own.example' });
    expect(await records.getByRole('row', { name: /Verification/ }).textContent()).toContain('Found');
    expect(await records.getByRole('row', { name: /SPF/ }).textContent()).toContain('Different value');
    expect(await records.getByRole('row', { name: /DKIM/ }).textContent()).toContain('Not found');

    const catchAll = card.getByRole('checkbox', { name: /Catch-all/ });
    await catchAll.check();
    await page.getByRole('status').getByText('Mail to any address at own.example now reaches you.').waitFor();
    expect(await sql(`select name from directory.emails where address = '@own.example'`)).toEqual([
      { name: 'domain.owner@mail.test' },
    ]);
    await expectNoAxeViolations(page, 'a verified domain');
    await shot(page, 'mail-domain-verified');

    // Role names are allowed on one's own domain.
    await page
      .getByRole('navigation', { name: 'Mail pages' })
      .getByRole('link', { name: 'Addresses' })
      .click();
    await page.getByLabel('Name before the @').fill('postmaster');
    await page.getByLabel('Domain').selectOption('own.example');
    await page.getByRole('button', { name: 'Add alias' }).click();
    await page.getByRole('status').getByText('postmaster@own.example now reaches your mailbox.').waitFor();
    await page.getByRole('rowheader', { name: 'Any address at own.example' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Mail pages' })
      .getByRole('link', { name: 'Your domains' })
      .click();
    await page.getByRole('button', { name: 'Remove domain' }).click();
    const remove = page.getByRole('dialog', { name: 'Remove own.example?' });
    await remove.getByRole('button', { name: 'Remove domain' }).click();
    await remove.getByText('Remove the addresses on own.example first: postmaster@own.example.').waitFor();
    await remove.getByRole('link', { name: 'Go to your addresses' }).waitFor();
    await expectNoAxeViolations(page, 'the refused domain removal');
    await shot(page, 'mail-domain-remove-refused');
    expect(await sql(`select count(*)::int as n from directory.domains where name = 'own.example'`)).toEqual([
      { n: 1 },
    ]);
  });

  it('tells a German-speaking person in German why an address, alias, domain or app password is refused', async () => {
    const em = db.em();
    const plan = em.create(Plan, {
      name: 'Mail Deutsch',
      mailboxQuotaBytes: 5 * GIB,
      maxAliases: 3,
      maxAppPasswords: 1,
      maxCustomDomains: 1,
    });
    await em.flush();
    const { page, user } = await openAs({ displayName: 'Grete Deutsch', language: 'de' });
    await giveOwnPlan(user.id, plan.id);

    // The availability check as they type: the reason from its code, in German.
    await page.goto(`${stack.url}/mail`);
    const field = page.getByRole('textbox', { name: 'Ihre Adresse' });
    await field.pressSequentially('postmaster', { delay: 20 });
    await page.getByText('„postmaster“ ist für den Maildienst reserviert.').waitFor();
    await field.fill('a+b');
    await page.getByText(/Das Pluszeichen ist für Unteradressen/).waitFor();
    await field.fill('grete.deutsch');
    await page.getByRole('button', { name: 'Postfach anlegen' }).click();
    await page.getByRole('status').getByText('Ihr Postfach grete.deutsch@mail.test ist bereit.').waitFor();

    // Refusals of the server on a form field.
    await page.goto(`${stack.url}/mail/addresses`);
    await page.getByLabel('Name vor dem @').fill('abuse');
    await page.getByRole('button', { name: 'Alias hinzufügen' }).click();
    await page.getByText('„abuse“ ist für den Maildienst reserviert.').waitFor();
    expect(await page.getByLabel('Name vor dem @').getAttribute('aria-invalid')).toBe('true');
    await page.goto(`${stack.url}/mail/domains`);
    await page.getByLabel('Domain', { exact: true }).fill('alt.test');
    await page.getByRole('button', { name: 'Domain hinzufügen' }).click();
    await page.getByText('alt.test gehört zum Maildienst und kann nicht hinzugefügt werden.').waitFor();

    // The plan's limit, reached behind the page's back (another tab): the refusal is German too.
    await page.goto(`${stack.url}/mail/app-passwords`);
    await page.getByRole('button', { name: 'App-Passwort erstellen' }).waitFor();
    await createAppPassword(db.em(), testConfig(), user.id, 'Anderer Tab');
    await page.getByLabel('Name', { exact: true }).fill('Telefon');
    await page.getByRole('button', { name: 'App-Passwort erstellen' }).click();
    await page
      .getByText('Ihr Tarif enthält 1 davon, und Sie nutzen alle. Entfernen Sie zuerst einen Eintrag.')
      .waitFor();
    expect(await page.content()).not.toContain('Your plan allows');
    await expectNoAxeViolations(page, 'a refusal in German');
    await shot(page, 'mail-refusal-german');
  });

  it('writes no app password, cookie or token into any log line or URL', () => {
    expectNoSecretsLogged(stack);
  });
});
