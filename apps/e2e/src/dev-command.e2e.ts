// `pnpm dev` as a newcomer runs it: scripts/dev.ts against a database of its own (created by the
// script, migrated and seeded by it), on free ports, with the default AUTH_SCHEME=fxa. Everything
// it prints must answer, signing in through the Mozilla accounts stand-in must reach the seeded
// staff user, and Ctrl-C must leave no process behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { adminQuery, freePort, withDatabase } from '@accounts/devkit/postgres';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import { killSurvivors, type ProcessInfo, processTree, stillRunning } from './process-tree.ts';
import { signInAtStandIn, whoAmI } from './sign-in-helpers.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

describe('pnpm dev (scripts/dev.ts)', () => {
  const database = `accounts_dev_smoke_${randomBytes(5).toString('hex')}`;
  const postgresUrl = inject('postgresUrl');
  let ports: { api: number; dashboard: number; fxa: number; paddle: number };
  let dev: ChildProcess;
  let exited: Promise<number | null>;
  const output: string[] = [];
  /** Every process `pnpm dev` had started, seen while it ran. */
  let started: ProcessInfo[] = [];
  let browser: Browser;

  const log = () => output.join('').split('\n').slice(-80).join('\n');
  const api = (path: string) => fetch(`http://127.0.0.1:${ports.api}${path}`);

  beforeAll(async () => {
    ports = {
      api: await freePort(),
      dashboard: await freePort(),
      fxa: await freePort(),
      paddle: await freePort(),
    };
    browser = await launchBrowser();
    // What a newcomer has: PATH and HOME. The rest comes from .env.example, with the database and
    // ports of this test on top (the shell wins over .env.example, as dev.ts documents).
    dev = spawn(process.execPath, ['scripts/dev.ts'], {
      cwd: ROOT,
      detached: true, // its own process group, as a terminal's foreground job
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: withDatabase(postgresUrl, database),
        PORT: String(ports.api),
        DASHBOARD_PORT: String(ports.dashboard),
        PUBLIC_URL: `http://localhost:${ports.dashboard}`,
        FXA_DISCOVERY_URL: `http://127.0.0.1:${ports.fxa}/.well-known/openid-configuration`,
        PADDLE_API_URL: `http://127.0.0.1:${ports.paddle}`,
        TURBO_TELEMETRY_DISABLED: '1',
        TURBO_NO_UPDATE_NOTIFIER: '1',
      },
    });
    dev.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    dev.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    exited = new Promise((resolve) => dev.once('exit', (code) => resolve(code)));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    // Only if the test failed half-way: stop what dev.ts started, and nothing else.
    if (dev?.exitCode === null && dev.signalCode === null) {
      started = [...started, ...processTree(dev.pid!)];
      process.kill(-dev.pid!, 'SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    }
    killSurvivors(started);
    await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('migrates, seeds, and serves the API, the dashboard and both stand-ins on the ports given', async () => {
    const up = (what: string, probe: () => Promise<boolean>) =>
      until(what, probe, 150_000).catch((error: Error) => {
        throw new Error(`${error.message}\n--- pnpm dev said:\n${log()}`);
      });
    await up('/healthz', async () => {
      if (dev.exitCode !== null) throw new Error(`pnpm dev exited with ${dev.exitCode}`);
      return (await api('/healthz')).ok;
    });
    expect(await (await api('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await api('/readyz')).status).toBe(200);

    const text = output.join('');
    expect(text).toContain(`Dashboard  http://localhost:${ports.dashboard}`);
    expect(text).toContain(`API        http://127.0.0.1:${ports.api}`);
    expect(text).toMatch(/applied \S+/); // the migrations ran on the new, empty database
    expect(text).toContain('seeded: staff user staff@example.test; plan Mail Basic; plan Mail Plus');

    // The dashboard's dev server answers with the app and forwards API paths to the API.
    await up('the dashboard', async () => (await fetch(`http://127.0.0.1:${ports.dashboard}/`)).ok);
    expect(await (await fetch(`http://127.0.0.1:${ports.dashboard}/`)).text()).toContain('<div id="root">');
    expect((await fetch(`http://127.0.0.1:${ports.dashboard}/readyz`)).status).toBe(200);

    await up('the Mozilla accounts stand-in', async () => {
      const response = await fetch(`http://127.0.0.1:${ports.fxa}/.well-known/openid-configuration`);
      return response.ok && typeof ((await response.json()) as { issuer?: string }).issuer === 'string';
    });
    // The Paddle stand-in knows the dev API key: an unknown subscription is its 404, not a 403.
    await up('the Paddle stand-in', async () => {
      const response = await fetch(`http://127.0.0.1:${ports.paddle}/subscriptions/sub_none`, {
        headers: { authorization: 'Bearer dev-api-key' },
      });
      return response.status === 404 && (await response.text()).includes('not_found');
    });
    started = processTree(dev.pid!);
  }, 200_000);

  it('signs the seeded staff user in through the Mozilla accounts stand-in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://localhost:${ports.dashboard}/`, { timeout: 120_000 });
    const button = page.getByRole('link', { name: 'Sign in with Mozilla accounts' });
    await button.waitFor({ timeout: 120_000 });
    await button.click();
    await signInAtStandIn(page, 'staff@example.test', 'Dev Staff');
    await page.waitForURL(`http://localhost:${ports.dashboard}/`, { timeout: 60_000 });
    await page.getByText('Hello, Dev Staff.').waitFor({ timeout: 60_000 });
    expect(await whoAmI(page)).toEqual({ status: 200, email: 'staff@example.test' });
    // The seeded user is staff: the staff navigation is there.
    await page.getByRole('link', { name: 'Audit log' }).waitFor();
    await screenshot(page, 'dev-command-signed-in');
    await context.close();
  }, 200_000);

  it('stops everything it started on Ctrl-C and exits 0', async () => {
    started = [...started, ...processTree(dev.pid!)];
    const ours = new Map(started.map((info) => [`${info.pid}:${info.startTime}`, info]));
    started = [...ours.values()];
    // The API, the dashboard and both stand-ins, under dev.ts and turbo.
    expect(started.length).toBeGreaterThanOrEqual(6);

    process.kill(-dev.pid!, 'SIGINT');
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('hung'), 30_000)),
    ]);
    expect(code, log()).toBe(0);
    // Children may still be finishing their own shutdown for a moment after dev.ts exits.
    const survivors = await until(
      'every process to end',
      async () => {
        const left = started.filter(stillRunning);
        return left.length === 0 ? [] : null;
      },
      10_000,
    ).catch(() => started.filter(stillRunning));
    expect(survivors.map((info) => `${info.pid} ${info.command}`)).toEqual([]);
    for (const port of Object.values(ports)) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  }, 60_000);
});
