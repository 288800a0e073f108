// Which Chromium the browser tests drive, and a check that it is there: without it every browser
// test would fail one by one with playwright's "executable doesn't exist", after minutes of setup.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { DEFAULT_CHROMIUM } from '@accounts/devkit/chromium';

/** CHROMIUM_PATH points elsewhere (e.g. /usr/bin/google-chrome). */
export const CHROMIUM = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;

/** Why `path` cannot be the tests' browser, or null when it runs (`--version` answers). */
export function chromiumProblem(path: string = CHROMIUM): string | null {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return `no executable at ${path}`;
  }
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (run.error) return `${path} --version failed: ${run.error.message}`;
  if (run.status !== 0) return `${path} --version exited with ${run.status}: ${run.stderr.trim()}`;
  return null;
}

export function missingChromiumMessage(
  problem: string,
  fromEnv = Boolean(process.env.CHROMIUM_PATH),
): string {
  const source = fromEnv
    ? 'CHROMIUM_PATH names it'
    : `the default, Debian's chromium package; CHROMIUM_PATH unset`;
  return [
    `The browser tests (apps/e2e) need Chromium: ${problem} (${source}).`,
    'Fix it with one of:',
    '  apt-get install -y chromium                  (Debian/Ubuntu, as root; puts it at /usr/bin/chromium)',
    '  CHROMIUM_PATH=/path/to/chromium pnpm test    (any Chromium or Chrome binary, e.g. /usr/bin/google-chrome)',
  ].join('\n');
}
