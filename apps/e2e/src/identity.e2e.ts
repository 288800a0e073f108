import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@accounts/core/orchestration';
import { createTestClientApp } from '@accounts/core/testing';
import { type FxaStandIn, startFxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import { type ClientAppServer, hubClient, startClientAppServer } from './client-app.ts';
import { expectNoSecretsLogged, type SecretTracker } from './log-scan.ts';
import { signInAtStandIn, startMozillaStack, whoAmI } from './sign-in-helpers.ts';
import { type Stack, startStack } from './stack.ts';

const CLI = fileURLToPath(new URL('../../api/src/cli.ts', import.meta.url));

/**
 * Every secret the tests see goes to the running stack's tracker (log-scan.ts): none may appear
 * in any log line of the API, nor in any URL; one-time codes may travel in URLs but are never logged.
 */
let tracked: SecretTracker;
const remember = (...values: (string | null | undefined)[]) => tracked.remember(...values);
const rememberCode = (value: string | null | undefined) => tracked.rememberOneTime(value);

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  tracked.watch(context);
  return { context, page: await context.newPage() };
}

function sessionCookieValues(cookies: { name: string; value: string }[]) {
  for (const cookie of cookies) remember(cookie.value);
}

describe('signing in with Mozilla accounts (the stand-in) in Chromium', () => {
  let fxa: FxaStandIn;
  let stack: Stack;
  let browser: Browser;
  let clientApp: ClientAppServer;

  beforeAll(async () => {
    [fxa, browser, clientApp] = await Promise.all([
      startFxaStandIn(),
      launchBrowser(),
      startClientAppServer(),
    ]);
    stack = await startMozillaStack(fxa);
    tracked = stack.secrets;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await fxa?.stop();
    await clientApp?.stop();
  });

  it('signs a person in through Mozilla accounts, lands on the dashboard, and signs out', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${stack.url}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).waitFor();
    await screenshot(page, 'identity-sign-in-mozilla');
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).click();
    await signInAtStandIn(page, 'ada@example.test', 'Ada Lovelace');
    await page.waitForURL(`${stack.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(page, 'identity-signed-in-dashboard');
    expect(await whoAmI(page)).toEqual({ status: 200, email: 'ada@example.test' });
    sessionCookieValues(await context.cookies());
    for (const token of fxa.store.tokens.keys()) remember(token);

    await page.goto(`${stack.url}/sign-in`);
    await page.getByText('You are signed in as Ada Lovelace.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).waitFor();
    expect((await whoAmI(page)).status).toBe(401);
    expect(fxa.requests.filter((request) => request.path === '/v1/destroy').length).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('shows a clear page with a way to try again when the person cancels at Mozilla', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${stack.url}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).click();
    await page.waitForURL((url) => url.hostname === '127.0.0.1');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${stack.url}/sign-in/error?reason=cancelled&flow=dashboard`);
    expect(await page.getByRole('alert').textContent()).toContain('You cancelled signing in');
    await screenshot(page, 'identity-sign-in-cancelled');
    await page.getByRole('link', { name: 'Try again' }).click();
    await page.getByRole('link', { name: 'Sign in with Mozilla accounts' }).waitFor();
    await context.close();
  });

  it('plays a client app: login URL, browser, exchange, JWT verified against the JWKS, refresh, reuse detection, logout', async () => {
    const orm = await openDatabase({ url: stack.database.url, poolMax: 2 });
    const app = await createTestClientApp(orm.em.fork(), {
      redirectUrl: clientApp.callbackUrl,
      name: 'Demo app',
    });
    await orm.close();
    remember(app.token);
    const server = hubClient(stack.url, app.token);

    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'demo-state-42' });
    rememberCode(url.split('/auth/login/')[1]);
    const { context, page } = await newPage(browser);
    await page.goto(url);
    await signInAtStandIn(page, 'grace@example.test', 'Grace Hopper');
    await page.waitForURL((target) => target.toString().startsWith(clientApp.callbackUrl));
    await page.getByRole('heading', { name: 'Back in the demo app' }).waitFor();
    const callback = clientApp.callbacks.at(-1)!;
    expect(callback.searchParams.get('state')).toBe('demo-state-42');
    const code = callback.searchParams.get('code')!;
    rememberCode(code);
    sessionCookieValues(await context.cookies());

    const tokens = await server.clientAuth.exchange.mutate({ code });
    remember(tokens.accessToken, tokens.refreshToken);
    expect(tokens.user.email).toBe('grace@example.test');
    const jwks = createRemoteJWKSet(new URL(`${stack.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.accessToken, jwks, {
      issuer: stack.url,
      audience: app.environment.id,
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({ sub: tokens.user.id, client_id: app.client.id, sid: tokens.sessionId });

    const refreshed = await server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken });
    remember(refreshed.accessToken, refreshed.refreshToken);
    await jwtVerify(refreshed.accessToken, jwks, { issuer: stack.url, audience: app.environment.id });
    await expect(server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken })).rejects.toThrow(
      /refresh token is not valid/,
    );
    expect(await server.clientAuth.verify.mutate({ accessToken: refreshed.accessToken })).toMatchObject({
      active: false,
      reason: 'session-ended',
    });

    // Sign in to the app again (the hub session ended with the reuse), then log out from the app.
    const second = await server.clientAuth.createLoginUrl.mutate({ state: 'demo-state-43' });
    await page.goto(second.url);
    await signInAtStandIn(page, 'grace@example.test', 'Grace Hopper');
    await page.waitForURL((target) => target.toString().startsWith(clientApp.callbackUrl));
    const again = await server.clientAuth.exchange.mutate({
      code: clientApp.callbacks.at(-1)!.searchParams.get('code')!,
    });
    remember(again.accessToken, again.refreshToken);
    rememberCode(clientApp.callbacks.at(-1)!.searchParams.get('code'));
    await page.goto(`${stack.url}/sign-in`);
    expect((await whoAmI(page)).status).toBe(200);
    expect(await server.clientAuth.logout.mutate({ accessToken: again.accessToken })).toMatchObject({
      loggedOut: true,
    });
    await page.reload();
    expect((await whoAmI(page)).status).toBe(401);
    await context.close();
  });

  it('writes no token, code or password into any log line, and no token into any URL', async () => {
    for (const token of fxa.store.tokens.keys()) remember(token);
    expect(stack.logs.join('\n')).toContain('/auth/login/:code');
    expect(tracked.secrets.size).toBeGreaterThan(8);
    expect(tracked.oneTimeCodes.size).toBeGreaterThanOrEqual(3);
    expect(tracked.visitedUrls.length).toBeGreaterThan(10);
    expectNoSecretsLogged(stack);
  });
});

describe('signing in with a password (AUTH_SCHEME=password) in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ AUTH_SCHEME: 'password', SIGNUP_MODE: 'open' }),
      launchBrowser(),
    ]);
    tracked = stack.secrets;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('creates a staff user with the CLI and signs in with that password', async () => {
    const result = spawnSync(
      process.execPath,
      [CLI, 'user:create', '--email', 'Boss@Example.test', '--staff', '--name', 'The Boss'],
      { env: { PATH: process.env.PATH ?? '', ...stack.env }, encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    const password = /password \(shown once, store it now\): (\S+)/.exec(result.stdout)?.[1];
    expect(password).toBeDefined();
    remember(password);

    const { context, page } = await newPage(browser);
    await page.goto(`${stack.url}/sign-in`);
    await page.getByLabel('Email or username').waitFor();
    await screenshot(page, 'identity-password-form');
    await page.getByLabel('Email or username').fill('boss');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('do not match an account');
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    expect(await whoAmI(page)).toEqual({ status: 200, email: 'boss@example.test' });
    await screenshot(page, 'identity-password-signed-in');
    sessionCookieValues(await context.cookies());
    await context.close();

    expectNoSecretsLogged(stack);
  });
});
