import { randomBytes } from 'node:crypto';
import { Session, User } from '@accounts/core/identity';
import { hashSecret } from '@accounts/core/kernel';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import { openStackDatabase, type StackDatabase } from './people.ts';
import { type Stack, startStack } from './stack.ts';

describe('the whole path: browser -> tRPC -> Hono -> MikroORM -> PostgreSQL', () => {
  let stack: Stack;
  let browser: Browser;
  let db: StackDatabase;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ AUTH_SCHEME: 'password' }), launchBrowser()]);
    db = await openStackDatabase(stack);
  });
  afterAll(async () => {
    await db?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('signs in through the form and renders what only the database knows, read again on reload', async () => {
    // A person written straight into PostgreSQL: the name on the page can only have come from
    // there, through me.get (MikroORM) -> the router -> Hono -> the tRPC client -> React.
    const tag = randomBytes(4).toString('hex');
    const password = `path proof password ${tag}`;
    stack.secrets.remember(password);
    const em = db.em();
    const user = em.create(User, {
      email: `path-${tag}@example.test`,
      username: `path${tag}`,
      displayName: `Path Proof ${tag}`,
      password: await hashSecret(password),
    });
    await em.flush();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(stack.url);
    await page.waitForURL(`${stack.url}/sign-in`);
    await page.getByLabel('Email or username').fill(`path${tag}`);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText(`Hello, Path Proof ${tag}.`).waitFor();
    for (const cookie of await context.cookies()) stack.secrets.remember(cookie.value);

    // The sign-in wrote to the database too: a session row and the last sign-in time.
    const check = db.em();
    expect(await check.count(Session, { user: user.id })).toBe(1);
    expect((await check.findOneOrFail(User, { id: user.id })).lastLogin).not.toBeNull();

    // Changed behind the app's back, the database's value is what the next load shows.
    await check.nativeUpdate(User, { id: user.id }, { displayName: `Renamed in SQL ${tag}` });
    await page.reload();
    await page.getByText(`Hello, Renamed in SQL ${tag}.`).waitFor();
    expect(stack.logs.some((line) => line.includes('/trpc/me.get'))).toBe(true);
    await screenshot(page, 'foundation-signed-in');
    await context.close();
  });

  it('sends a visitor without a session to sign in', async () => {
    const page = await browser.newPage();
    await page.goto(stack.url);
    await page.waitForURL(`${stack.url}/sign-in`);
    await page.close();
  });

  it('shows a clear message, not a blank page, when the API cannot be reached', async () => {
    const page = await browser.newPage();
    await page.route('**/trpc/**', (route) => route.abort('connectionrefused'));
    await page.goto(stack.url);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('cannot be reached right now');
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await screenshot(page, 'foundation-api-down');
    await page.close();
  });

  it('serves client-side routes from the app shell', async () => {
    const response = await fetch(`${stack.url}/some/client/route`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });
});
