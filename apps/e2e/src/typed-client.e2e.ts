// The typed client as an internal tool uses it: against the real API process, over HTTP, with an
// environment token from the registry; and the example tool run by the machine's plain `node`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { accountsErrorCode, createAccountsClient, type DirectoryUser } from '@accounts/client';
import { addAllowListEntry, updateEnvironment } from '@accounts/core/clients';
import type { Hub } from '@accounts/core/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectedPerson, openStackHub, registerClientApp } from './hub-data.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import { type Stack, startStack } from './stack.ts';

const run = promisify(execFile);
const EXAMPLE = fileURLToPath(
  new URL('../../../packages/client/examples/directory-tool.mjs', import.meta.url),
);

/** The machine's own node (20 on our machines), not the Node 24 that pnpm puts first on PATH. */
function systemNode(): string {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).filter((dir) => dir && !dir.includes('node_modules')),
    '/usr/local/bin',
    '/usr/bin',
  ].map((dir) => join(dir, 'node'));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('no node outside node_modules on PATH');
  return found;
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return accountsErrorCode(error);
  }
}

describe('the typed client, used as an internal tool uses it', () => {
  let stack: Stack;
  let hub: Hub;
  let token: string;
  let environmentId: string;
  let dana: { id: string };

  beforeAll(async () => {
    stack = await startStack({ SIGNUP_MODE: 'allow-list' });
    hub = await openStackHub(stack);
    const tool = await registerClientApp(hub, { name: 'Support Tool' });
    const other = await registerClientApp(hub, { name: 'Other App' });
    token = tool.token;
    environmentId = tool.environment.id;
    dana = await createConnectedPerson(hub, 'dana@example.test', [tool.client.id]);
    await createConnectedPerson(hub, 'olaf@example.test', [other.client.id]);
    const by = { actor: { id: crypto.randomUUID(), email: 'staff@example.test' }, ip: null };
    await addAllowListEntry(hub.orm.em.fork(), by, { pattern: '@example.test' });
  });
  afterAll(async () => {
    await hub?.orm.close(true);
    await stack?.stop();
  });

  it('calls the directory with typed inputs and outputs', async () => {
    const accounts = createAccountsClient({ url: `${stack.url}/`, token });
    const me = await accounts.directory.whoAmI.query();
    expect(me).toEqual({
      client: { id: expect.any(String), name: 'Support Tool', isFirstParty: false },
      environment: { id: environmentId, name: 'prod' },
    });

    const byEmail: DirectoryUser = await accounts.directory.getUser.query({ email: 'DANA@example.test' });
    expect(byEmail).toMatchObject({ id: dana.id, email: 'dana@example.test', isActive: true });
    expect(await accounts.directory.getUser.query({ id: dana.id })).toEqual(byEmail);

    // Someone who never signed in to this tool is not found, exactly like no one at all.
    expect(await codeOf(accounts.directory.getUser.query({ email: 'olaf@example.test' }))).toBe('NOT_FOUND');
    expect(await codeOf(accounts.directory.getUser.query({ email: 'nobody@example.test' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(accounts.directory.getUser.query({ email: 'not-an-email' }))).toBe('BAD_REQUEST');

    expect(await accounts.directory.checkSignup.query({ email: 'new@example.test' })).toEqual({
      allowed: true,
      reason: 'domain',
    });
    expect(await accounts.directory.checkSignup.query({ email: 'new@elsewhere.test' })).toEqual({
      allowed: false,
      reason: 'not-listed',
    });

    // Staff procedures are not for environment tokens (nor in the client's types: called untyped).
    const untyped = accounts as unknown as { clients: { list: { query(input: object): Promise<unknown> } } };
    expect(await codeOf(untyped.clients.list.query({}))).toBe('UNAUTHORIZED');
  });

  it('is refused with a wrong token, and as soon as the environment is deactivated', async () => {
    const forged = createAccountsClient({ url: stack.url, token: `acc_env_${'x'.repeat(43)}` });
    expect(await codeOf(forged.directory.whoAmI.query())).toBe('UNAUTHORIZED');
    expect(() => createAccountsClient({ url: stack.url, token: 'not-a-token' })).toThrow(/acc_env_/);

    const accounts = createAccountsClient({ url: stack.url, token });
    const by = { actor: { id: crypto.randomUUID(), email: 'staff@example.test' }, ip: null };
    await updateEnvironment(hub.orm.em.fork(), by, { id: environmentId, isActive: false });
    expect(await codeOf(accounts.directory.whoAmI.query())).toBe('UNAUTHORIZED');
    await updateEnvironment(hub.orm.em.fork(), by, { id: environmentId, isActive: true });
    expect((await accounts.directory.whoAmI.query()).client.name).toBe('Support Tool');
  });

  it('runs the example tool with the machine’s plain node, outside TypeScript', async () => {
    const node = systemNode();
    const { stdout: version } = await run(node, ['--version']);
    expect(Number(version.trim().replace(/^v/, '').split('.')[0])).toBeGreaterThanOrEqual(20);

    const env = { PATH: '/usr/bin:/bin', ACCOUNTS_URL: stack.url, ACCOUNTS_TOKEN: token };
    const { stdout } = await run(node, [EXAMPLE, 'dana@example.test'], { env, timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({
      client: 'Support Tool',
      environment: 'prod',
      user: expect.objectContaining({ id: dana.id, email: 'dana@example.test' }),
      signup: { allowed: true, reason: 'domain' },
    });

    const hidden = await run(node, [EXAMPLE, 'olaf@example.test'], { env, timeout: 20_000 });
    expect(JSON.parse(hidden.stdout)).toMatchObject({ user: null });

    const refused = await run(node, [EXAMPLE, 'dana@example.test'], {
      env: { ...env, ACCOUNTS_TOKEN: `acc_env_${'y'.repeat(43)}` },
      timeout: 20_000,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('The hub refused: UNAUTHORIZED');
  });

  it('writes no environment token into any log line', () => {
    expectNoSecretsLogged(stack);
  });
});
