// No secret ever reaches a log line (nor, for browser journeys, a URL). One helper for every e2e
// file: each stack carries a tracker seeded with its own secrets from the environment; tests add
// what they see (cookies, tokens, passwords, link tokens, webhook secrets), and the stack scans
// the logs of all its processes when it stops. On top of exact values, anything shaped like one
// of our secrets is refused, so a secret no test happened to remember is still caught.
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';

/** Shapes of secrets, whoever made them. Hints (acc_env_ + 4 characters) are too short to match. */
const SECRET_SHAPES: { name: string; pattern: RegExp }[] = [
  { name: 'environment token', pattern: /acc_env_[A-Za-z0-9_-]{20,}/ },
  { name: 'refresh token', pattern: /acc_rt_[A-Za-z0-9_-]{20,}/ },
  { name: 'authorization code', pattern: /acc_code_[A-Za-z0-9_-]{20,}/ },
  { name: 'webhook secret', pattern: /whsec_[A-Za-z0-9+/=]{20,}/ },
  { name: 'JWT (access, ID or security event token)', pattern: /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/ },
  { name: 'Paddle signature', pattern: /h1=[0-9a-f]{64}/ },
  { name: 'Paddle secret or API key', pattern: /pdl_(ntfset|sdbx|live)_[A-Za-z0-9_]{16,}/ },
  { name: 'password hash', pattern: /\$argon2id\$v=\d+\$m=/ },
  { name: 'session cookie', pattern: /accounts_session=[A-Za-z0-9_-]{20,}/ },
  { name: 'bearer credential', pattern: /Bearer [A-Za-z0-9._~+/-]{20,}/ },
  { name: 'password link token', pattern: /set-password=[A-Za-z0-9_-]{20,}/ },
  { name: 'login link code', pattern: /\/auth\/login\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{20,}/ },
];

/** Settings that are secrets: seeded from a stack's environment. */
const SECRET_SETTINGS = [
  'FXA_CLIENT_SECRET',
  'PADDLE_API_KEY',
  'PADDLE_WEBHOOK_SECRET',
  'METRICS_TOKEN',
  'STALWART_DB_PASSWORD',
] as const;

export interface SecretTracker {
  /** Every exact secret value remembered so far. */
  readonly secrets: Set<string>;
  /** One-time codes (login links, authorization codes): allowed in a URL, never in a log. */
  readonly oneTimeCodes: Set<string>;
  /** Every URL a watched browser context requested. */
  readonly visitedUrls: string[];
  remember(...values: (string | null | undefined)[]): void;
  rememberOneTime(...values: (string | null | undefined)[]): void;
  /** The values of every cookie the browser holds (session and sign-in cookies). */
  rememberCookies(context: BrowserContext): Promise<void>;
  /** Records every URL the context requests, to check that no secret travels in one. */
  watch(context: BrowserContext): void;
  /** The leaks in these lines: remembered values and secret shapes, one description each. */
  leaksIn(lines: string[]): string[];
  /** The remembered secrets found in a requested URL (one-time codes are allowed there). */
  leaksInUrls(): string[];
}

/** The shortest value worth tracking: shorter ones would match ordinary text by chance. */
const MIN_LENGTH = 8;

export function secretTracker(env: Record<string, string | undefined> = {}): SecretTracker {
  const secrets = new Set<string>();
  const oneTimeCodes = new Set<string>();
  const visitedUrls: string[] = [];
  const describe = (secret: string) => `${secret.slice(0, 4)}… (${secret.length} characters)`;
  const tracker: SecretTracker = {
    secrets,
    oneTimeCodes,
    visitedUrls,
    remember(...values) {
      for (const value of values) if (value && value.length >= MIN_LENGTH) secrets.add(value);
    },
    rememberOneTime(...values) {
      for (const value of values) if (value && value.length >= MIN_LENGTH) oneTimeCodes.add(value);
    },
    async rememberCookies(context) {
      for (const cookie of await context.cookies()) tracker.remember(cookie.value);
    },
    watch(context) {
      context.on('request', (request) => visitedUrls.push(request.url()));
    },
    leaksIn(lines) {
      const leaks: string[] = [];
      const text = lines.join('\n');
      for (const secret of [...secrets, ...oneTimeCodes]) {
        if (text.includes(secret)) leaks.push(`remembered secret ${describe(secret)}`);
      }
      for (const line of lines) {
        for (const shape of SECRET_SHAPES) {
          const found = shape.pattern.exec(line)?.[0];
          if (found) leaks.push(`${shape.name} ${describe(found)} in: ${line.slice(0, 160)}`);
        }
      }
      return leaks;
    },
    leaksInUrls() {
      const urls = visitedUrls.map((url) => decodeURIComponent(url)).join('\n');
      return [...secrets].filter((secret) => urls.includes(secret)).map(describe);
    },
  };
  // ENCRYPTION_KEY: the whole value and each key of an id:key list.
  for (const part of (env.ENCRYPTION_KEY ?? '').split(','))
    tracker.remember(part.trim(), part.split(':').at(-1));
  tracker.remember(env.ENCRYPTION_KEY);
  for (const name of SECRET_SETTINGS) tracker.remember(env[name]);
  return tracker;
}

/**
 * The check a test states: the stack's processes logged something real, and neither their logs
 * nor the URLs the browser requested hold a secret. (Stopping a stack checks the logs again.)
 */
export function expectNoSecretsLogged(stack: { secrets: SecretTracker; allLogs(): string[] }): void {
  const lines = stack.allLogs();
  expect(lines.join('\n').length).toBeGreaterThan(1000);
  expect(stack.secrets.leaksIn(lines)).toEqual([]);
  expect(stack.secrets.leaksInUrls()).toEqual([]);
}
