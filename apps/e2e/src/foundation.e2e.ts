import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import { type Stack, startStack } from './stack.ts';

describe('the whole path: browser -> tRPC -> Hono -> MikroORM -> PostgreSQL', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('asks the database about the session and sends a visitor without one to sign in', async () => {
    const page = await browser.newPage();
    await page.goto(stack.url);
    await page.waitForURL(`${stack.url}/sign-in`);
    expect(stack.logs.some((line) => line.includes('/trpc/me.get'))).toBe(true);
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
