import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HEADLESS_CHROMIUM_FLAGS } from '@accounts/devkit/chromium';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { installAxe } from './axe.ts';
import { CHROMIUM } from './chromium.ts';
import type { SecretTracker } from './log-scan.ts';

export const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots', import.meta.url));

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...HEADLESS_CHROMIUM_FLAGS],
  });
}

/** The worker's Chromium: e2e's journeys run file after file in one worker (`isolate: false`). */
let shared: Promise<Browser> | null = null;

/**
 * A browser for one test file. Each file gets its own contexts (cookies, storage, cache) from
 * the worker's one Chromium, launched on first use: a launch took 3.9 s, a fresh context 1.5 s
 * (load ~21, docs/testing.md). `close()` closes the contexts the file opened, not the shared
 * browser, which ends with the worker. TEST_BROWSER_PER_FILE=1 launches a Chromium of its own
 * for every file, as before (shared-browser.e2e.ts holds both to the same behaviour).
 */
export async function launchBrowser(): Promise<Browser> {
  if (process.env.TEST_BROWSER_PER_FILE === '1') return launchChromium();
  if (shared) {
    const browser = await shared.catch(() => null);
    if (!browser?.isConnected()) shared = null;
  }
  shared ??= launchChromium();
  return fileView(await shared);
}

/** The shared browser as one file sees it: what it opens is its own, and closed by its `close()`. */
function fileView(browser: Browser): Browser {
  const contexts = new Set<BrowserContext>();
  const track = (context: BrowserContext) => {
    contexts.add(context);
    context.once('close', () => contexts.delete(context));
    return context;
  };
  const view: Partial<Browser> = {
    contexts: () => [...contexts],
    newContext: async (options) => track(await browser.newContext(options)),
    newPage: async (options) => {
      const page = await browser.newPage(options);
      track(page.context());
      return page;
    },
    close: async () => {
      await Promise.all([...contexts].map((context) => context.close().catch(() => {})));
    },
  };
  return new Proxy(browser, {
    get(target, property) {
      if (Object.hasOwn(view, property)) return view[property as keyof Browser];
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
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
