import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SecurityEventReceipt, User } from '@accounts/core/identity';
import { useTestHub } from '@accounts/core/testing';
import type { FxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';
import { fxaHubConfig, startHubFxaStandIn, TestBrowser } from './test-browser.ts';

const PUBLIC_URL = 'http://localhost:3000';
const SCRIPT = fileURLToPath(new URL('../../../../scripts/fxa-event.ts', import.meta.url));

let fxa: FxaStandIn;
beforeAll(async () => {
  fxa = await startHubFxaStandIn(PUBLIC_URL);
});
afterAll(() => fxa?.stop());

describe('pnpm fxa:event (the running stand-in signs and sends an account event to the hub)', () => {
  const hub = useTestHub(() => fxaHubConfig(fxa, PUBLIC_URL, 2000));
  let server: ReturnType<typeof serve>;
  let eventsUrl: string;
  beforeAll(async () => {
    server = serve({ fetch: testApp({ hub: hub() }).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/mozilla-accounts`;
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  // Not spawnSync: the hub answering the event runs in this very process.
  async function fxaEvent(args: string[]) {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], {
        env: { FXA_DISCOVERY_URL: fxa.discoveryUrl, FXA_CLIENT_ID: 'hub' },
      });
      return { status: 0, out: stdout, err: stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, out: failed.stdout, err: failed.stderr };
    }
  }

  it('password-change ends the sessions made before it, with a token the hub verified', async () => {
    const person = new TestBrowser(testApp({ hub: hub() }), PUBLIC_URL);
    await person.signInWithMozilla('changer@example.test');
    await expect(person.trpc().me.get.query()).resolves.toMatchObject({ email: 'changer@example.test' });

    const run = await fxaEvent(['password-change', '--email', 'changer@example.test', '--url', eventsUrl]);
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain('the hub answered 200');
    const jti = /jti (\S+)\)/.exec(run.out)?.[1];
    // The hub accepted it as a verified event: its receipt is stored under the token's jti.
    expect(await hub().orm.em.fork().count(SecurityEventReceipt, { jti })).toBe(1);
    await expect(person.trpc().me.get.query()).rejects.toThrow('Please sign in.');
  });

  it('profile-change --new-email moves the person to the new email; delete-user deletes them', async () => {
    const person = new TestBrowser(testApp({ hub: hub() }), PUBLIC_URL);
    await person.signInWithMozilla('mover@example.test');
    const uid = fxa.account('mover@example.test').uid;

    const moved = await fxaEvent([
      'profile-change',
      '--email',
      'mover@example.test',
      '--new-email',
      'moved@example.test',
      '--url',
      eventsUrl,
    ]);
    expect(moved.status).toBe(0);
    const em = hub().orm.em.fork();
    expect(await em.findOneOrFail(User, { fxaId: uid })).toMatchObject({
      email: 'moved@example.test',
      lastUsedEmail: 'mover@example.test',
    });

    expect(
      (await fxaEvent(['delete-user', '--email', 'moved@example.test', '--url', eventsUrl])).status,
    ).toBe(0);
    expect(await hub().orm.em.fork().count(User, { fxaId: uid })).toBe(0);
  });

  it('explains its usage and says when the stand-in is not running', async () => {
    expect((await fxaEvent(['password-change'])).status).toBe(2);
    expect((await fxaEvent(['no-such-event', '--email', 'a@example.test'])).status).toBe(2);
    expect((await fxaEvent(['--help'])).out).toContain('usage: pnpm fxa:event');
    const down = await promisify(execFile)(
      process.execPath,
      [SCRIPT, 'delete-user', '--email', 'a@example.test'],
      {
        env: {
          FXA_DISCOVERY_URL: 'http://127.0.0.1:9/.well-known/openid-configuration',
        },
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(down).toMatchObject({ code: 1, stderr: expect.stringContaining('is `pnpm dev` running?') });
  });
});
