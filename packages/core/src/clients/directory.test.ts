import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { User } from '../identity/entities.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { checkSignupAllowed } from './allow-list.ts';
import { ClientConnection } from './entities.ts';
import { callerFor, createPerson } from './test-support.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe('directory for client servers', () => {
  const hub = useTestHub(() => testConfig({ signupMode: 'allow-list' }));

  async function clientWithToken(name: string, isFirstParty = false) {
    const { sessionToken } = await createPerson(hub(), { isStaff: true });
    const staff = callerFor(hub(), { sessionToken });
    const client = await staff.clients.create({
      name,
      isFirstParty,
      contacts: [{ name: 'Team', email: 'team@example.test' }],
    });
    const { token } = await staff.clients.createEnvironment({
      clientId: client.id,
      environment: 'prod',
      redirectUrl: 'https://app.example.test/cb',
    });
    return { client, staff, api: callerFor(hub(), { bearer: token }) };
  }

  it('finds people who signed in to the client, and no one else, by id or email', async () => {
    const calendar = await clientWithToken('Calendar');
    const files = await clientWithToken('Files');
    const em = hub().orm.em.fork();
    const dana = em.create(User, { email: 'dana@example.test', username: 'dana', displayName: 'Dana' });
    const erik = em.create(User, { email: 'erik@example.test', username: 'erik' });
    em.create(ClientConnection, { user: dana, client: calendar.client.id });
    em.create(ClientConnection, { user: erik, client: files.client.id });
    await em.flush();

    const byId = await calendar.api.directory.getUser({ id: dana.id });
    expect(byId).toEqual({
      id: dana.id,
      email: 'dana@example.test',
      emailVerified: false,
      username: 'dana',
      displayName: 'Dana',
      avatarUrl: null,
      language: 'en',
      timezone: 'UTC',
      isActive: true,
    });
    expect((await calendar.api.directory.getUser({ email: 'DANA@example.test' })).id).toBe(dana.id);

    const hidden = await codeOf(calendar.api.directory.getUser({ id: erik.id }));
    const missing = await codeOf(calendar.api.directory.getUser({ id: crypto.randomUUID() }));
    expect(hidden).toBe('NOT_FOUND: The user was not found.');
    expect(missing).toBe(hidden);
    expect(await codeOf(calendar.api.directory.getUser({ email: 'erik@example.test' }))).toBe(hidden);
    expect(await codeOf(calendar.api.directory.getUser({ email: 'not an email' }))).toMatch(/^BAD_REQUEST/);
  });

  it('lets a first-party client find everyone', async () => {
    const internal = await clientWithToken('Support Desk', true);
    const em = hub().orm.em.fork();
    const frida = em.create(User, { email: 'frida@example.test', username: 'frida' });
    await em.flush();
    expect((await internal.api.directory.getUser({ email: 'frida@example.test' })).id).toBe(frida.id);
    expect(await internal.api.directory.whoAmI()).toMatchObject({
      client: { name: 'Support Desk', isFirstParty: true },
      environment: { name: 'prod' },
    });
  });

  it('answers the sign-up allow-list check from exact addresses and @domains', async () => {
    const { staff, api } = await clientWithToken('Signup Gate');
    await staff.allowList.add({ pattern: 'Guest@Outside.example', note: 'invited by sales' });
    await staff.allowList.add({ pattern: '@team.example' });
    expect(await api.directory.checkSignup({ email: 'guest@outside.example' })).toEqual({
      allowed: true,
      reason: 'email',
    });
    expect(await api.directory.checkSignup({ email: 'Anyone@Team.example' })).toEqual({
      allowed: true,
      reason: 'domain',
    });
    expect(await api.directory.checkSignup({ email: 'someone@sub.team.example' })).toEqual({
      allowed: false,
      reason: 'not-listed',
    });
    expect(await api.directory.checkSignup({ email: 'other@outside.example' })).toEqual({
      allowed: false,
      reason: 'not-listed',
    });
    const open = await checkSignupAllowed(
      hub().orm.em.fork(),
      { ...hub().config, signupMode: 'open' },
      'x@y.example',
    );
    expect(open).toEqual({ allowed: true, reason: 'open-signup' });

    expect(await codeOf(staff.allowList.add({ pattern: 'team.example' }))).toMatch(/^BAD_REQUEST/);
    expect(await codeOf(staff.allowList.add({ pattern: '@TEAM.example' }))).toBe(
      'CONFLICT: @team.example is already on the allow list.',
    );
    const listed = await staff.allowList.list({ search: 'team' });
    expect(listed.items.map((entry) => entry.pattern)).toEqual(['@team.example']);
    await staff.allowList.remove({ id: listed.items[0]!.id });
    expect(await api.directory.checkSignup({ email: 'anyone@team.example' })).toMatchObject({
      allowed: false,
    });
  });
});
