// How the project's tools start a browser: Debian's Chromium, headless, with nothing reaching out
// to the network on its own (this machine's closed network refuses those connections, many at a
// time). Shared by the browser tests (apps/e2e) and the benchmark's Lighthouse run (apps/bench).

/** Debian's `chromium` package; callers let CHROMIUM_PATH point elsewhere. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const HEADLESS_CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
