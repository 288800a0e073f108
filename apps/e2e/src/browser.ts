import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HEADLESS_CHROMIUM_FLAGS } from '@accounts/devkit/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM } from './chromium.ts';

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
