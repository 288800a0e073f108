import type { FxaStandIn } from '@accounts/devkit/fxa-stand-in';
import type { Page } from 'playwright-core';
import { type Stack, startStack } from './stack.ts';

/** An API on the Mozilla accounts scheme, registered as a client of the stand-in `fxa`. */
export async function startMozillaStack(
  fxa: FxaStandIn,
  overrides: Record<string, string> = {},
): Promise<Stack> {
  const stack = await startStack({
    AUTH_SCHEME: 'fxa',
    FXA_CLIENT_ID: 'hub-e2e',
    FXA_CLIENT_SECRET: 'hub-e2e-secret',
    FXA_DISCOVERY_URL: fxa.discoveryUrl,
    ...overrides,
  });
  fxa.registerClient({
    clientId: 'hub-e2e',
    clientSecret: 'hub-e2e-secret',
    redirectUris: [`${stack.url}/auth/callback`],
    name: 'Accounts hub',
  });
  return stack;
}

/** Fills the Mozilla accounts stand-in's sign-in form (it lives on 127.0.0.1, the hub on localhost). */
export async function signInAtStandIn(page: Page, email: string, name: string): Promise<void> {
  await page.waitForURL((url) => url.hostname === '127.0.0.1');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Who the browser's session cookie belongs to, asked the way the dashboard asks (`me.get`). */
export async function whoAmI(page: Page): Promise<{ status: number; email: string | null }> {
  return page.evaluate(async () => {
    const response = await fetch('/trpc/me.get');
    const body = (await response.json()) as { result?: { data?: { json?: { email?: string } } } };
    return { status: response.status, email: body.result?.data?.json?.email ?? null };
  });
}
