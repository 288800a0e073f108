// The worker's shared Chromium (browser.ts) and one Chromium per file (TEST_BROWSER_PER_FILE=1)
// behave the same to a test file: what a file opens is its own, its close() ends all of it, and
// another file's pages go on working and see none of its cookies.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { launchBrowser } from './browser.ts';

describe.each([
  { mode: 'one Chromium per worker', perFile: '' },
  { mode: 'one Chromium per file', perFile: '1' },
])('$mode', ({ perFile }) => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('keeps each file’s contexts to itself and closes only them', async () => {
    vi.stubEnv('TEST_BROWSER_PER_FILE', perFile);
    const first = await launchBrowser();
    const second = await launchBrowser();
    try {
      const mine = await first.newContext();
      const page = await first.newPage();
      const theirs = await second.newContext();
      // Compared by identity: a context is a large object graph.
      expect(first.contexts().length).toBe(2);
      expect(first.contexts().every((context) => context === mine || context === page.context())).toBe(true);
      expect(second.contexts().length === 1 && second.contexts()[0] === theirs).toBe(true);

      // Cookies stay in their context.
      await mine.addCookies([{ name: 'who', value: 'first', url: 'http://localhost:9/' }]);
      expect(await theirs.cookies('http://localhost:9/')).toEqual([]);

      await first.close();
      expect(first.contexts().length).toBe(0);
      expect(page.isClosed()).toBe(true);
      await expect(mine.newPage()).rejects.toThrow();

      // The other file goes on.
      const other = await theirs.newPage();
      await other.setContent('<h1>still here</h1>');
      expect(await other.locator('h1').textContent()).toBe('still here');
    } finally {
      await first.close();
      await second.close();
    }
  });
});
