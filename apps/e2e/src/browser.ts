import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HEADLESS_CHROMIUM_FLAGS } from '@accounts/devkit/chromium';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { installAxe } from './axe.ts';
import { CHROMIUM } from './chromium.ts';
import type { SecretTracker } from './log-scan.ts';

export const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots', import.meta.url));

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...HEADLESS_CHROMIUM_FLAGS],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

export interface StackContextOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  userAgent?: string;
}

/**
 * A browser context on a stack's pages, as a British visitor at a laptop unless told otherwise:
 * its cookies and URLs watched for secrets (log-scan.ts), axe ready for `expectNoAxeViolations`.
 * `contexts` collects it for the file's afterAll to close.
 */
export async function openStackContext(
  browser: Browser,
  secrets: SecretTracker,
  contexts: BrowserContext[],
  options: StackContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'en-GB',
    timezoneId: 'Europe/London',
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
  contexts.push(context);
  secrets.watch(context);
  await installAxe(context);
  return { context, page: await context.newPage() };
}
