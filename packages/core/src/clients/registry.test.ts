import { TRPCError } from '@trpc/server';
import { describe, expect, it, vi } from 'vitest';
import { AuditEntry } from '../kernel/audit/entities.ts';
import { sha256 } from '../kernel/crypto/tokens.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { ClientEnvironment } from './entities.ts';
import { callerFor, createPerson } from './test-support.ts';

const contact = { name: 'Cal Team', email: 'Team@Cal.example' };

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe('client registry', () => {
  const hub = useTestHub(() => testConfig({ webhooks: { allowPrivateTargets: false } }));

  async function staff() {
    const { user, sessionToken } = await createPerson(hub(), { isStaff: true });
    return { user, api: callerFor(hub(), { sessionToken }) };
  }

  it('creates, finds, edits and deletes a client, recording each change with before and after', async () => {
    const { user, api } = await staff();
    const created = await api.clients.create({
      name: 'Calendar',
      description: 'Shared calendars',
      contacts: [contact],
    });
    expect(created).toMatchObject({ name: 'Calendar', isActive: true, isFirstParty: false, contactCount: 1 });
    expect(created.contacts[0]).toMatchObject({ name: 'Cal Team', email: 'team@cal.example', website: null });

    await api.clients.create({ name: 'Files', contacts: [{ name: 'Files', email: 'files@example.test' }] });
    const search = await api.clients.list({ search: 'cal' });
    expect(search.items.map((client) => client.name)).toEqual(['Calendar']);
    expect((await api.clients.list({ search: 'files@example' })).items.map((client) => client.name)).toEqual([
      'Files',
    ]);
    const paged = await api.clients.list({ pageSize: 1, page: 2 });
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.items.map((client) => client.name)).toEqual(['Files']);

    const edited = await api.clients.update({ id: created.id, isFirstParty: true, description: null });
    expect(edited).toMatchObject({ isFirstParty: true, description: null });

    const log = await api.audit.list({ entityType: 'Client', entityId: created.id });
    expect(log.items.map((entry) => entry.action)).toEqual(['client.update', 'client.create']);
    expect(log.items[0]).toMatchObject({
      actorId: user.id,
      actorEmail: user.email,
      before: { isFirstParty: false, description: 'Shared calendars' },
      after: { isFirstParty: true, description: null },
    });

    await api.clients.delete({ id: created.id });
    expect((await refusal(api.clients.get({ id: created.id }))).code).toBe('NOT_FOUND');
    expect((await api.audit.list({ action: 'client.delete' })).items[0]).toMatchObject({
      entityId: created.id,
      before: { name: 'Calendar' },
      after: null,
    });
  });

  it('refuses a duplicate name (in any case), a client without contacts, and removing the last contact', async () => {
    const { api } = await staff();
    const client = await api.clients.create({ name: 'Unique', contacts: [contact] });
    const duplicate = await refusal(api.clients.create({ name: 'unique', contacts: [contact] }));
    expect(duplicate.code).toBe('CONFLICT');
    expect(duplicate.message).toContain('already exists');

    const noContacts = await refusal(api.clients.create({ name: 'Lonely', contacts: [] }));
    expect(noContacts.code).toBe('BAD_REQUEST');
    expect((await api.clients.list({ search: 'Lonely' })).total).toBe(0);

    const last = await refusal(api.clients.removeContact({ id: client.contacts[0]!.id }));
    expect(last.code).toBe('PRECONDITION_FAILED');
    const second = await api.clients.addContact({
      clientId: client.id,
      name: 'Ops',
      email: 'ops@example.test',
    });
    await api.clients.removeContact({ id: client.contacts[0]!.id });
    expect((await api.clients.get({ id: client.id })).contacts.map((c) => c.id)).toEqual([second.id]);
  });

  it('accepts https redirect URLs, and http on localhost only for dev environments', async () => {
    const { api } = await staff();
    const client = await api.clients.create({ name: 'Redirects', contacts: [contact] });
    const create = (environment: string, redirectUrl: string) =>
      api.clients.createEnvironment({ clientId: client.id, environment, redirectUrl });

    expect((await create('prod', 'https://app.example.com/auth/callback')).environment.redirectUrl).toBe(
      'https://app.example.com/auth/callback',
    );
    expect((await create('dev', 'http://localhost:8080/cb')).environment.redirectUrl).toBe(
      'http://localhost:8080/cb',
    );
    for (const [environment, url, message] of [
      ['stage', 'http://localhost:8080/cb', 'only allowed in a dev environment'],
      ['local', 'http://app.example.com/cb', 'only allowed for localhost'],
      ['stage', 'https://user:pw@app.example.com/cb', 'user name or password'],
      ['stage', 'https://app.example.com/cb#x', 'fragment'],
      ['stage', 'javascript:alert(1)', 'must start with https'],
      ['stage', 'not a url', 'full URL'],
    ] as const) {
      const refused = await refusal(create(environment, url));
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.message).toContain(message);
      expect((refused.cause as { fieldErrors?: unknown }).fieldErrors).toHaveProperty('redirectUrl');
    }
    expect((await api.clients.get({ id: client.id })).environments.map((e) => e.environment)).toEqual([
      'dev',
      'prod',
    ]);
    const taken = await refusal(create('prod', 'https://other.example.com/cb'));
    expect(taken.code).toBe('CONFLICT');
  });

  it('takes an optional https launch URL, refused like a redirect URL otherwise, and audits it', async () => {
    const { api } = await staff();
    const created = await api.clients.create({
      name: 'Launcher',
      launchUrl: ' https://launcher.example.com/start ',
      contacts: [contact],
    });
    expect(created.launchUrl).toBe('https://launcher.example.com/start');
    expect((await api.clients.create({ name: 'No link', contacts: [contact] })).launchUrl).toBeNull();
    for (const [url, message] of [
      ['http://launcher.example.com/', 'must start with https'],
      ['http://localhost:8080/', 'must start with https'],
      ['javascript:alert(1)', 'must start with https'],
      ['https://user:pw@launcher.example.com/', 'user name or password'],
      ['https://launcher.example.com/#x', 'fragment'],
      ['not a url', 'full URL'],
    ] as const) {
      const refused = await refusal(api.clients.update({ id: created.id, launchUrl: url }));
      expect(refused.code, url).toBe('BAD_REQUEST');
      expect(refused.message).toContain(message);
      expect((refused.cause as { fieldErrors?: unknown }).fieldErrors).toHaveProperty('launchUrl');
    }
    expect((await api.clients.update({ id: created.id, launchUrl: '' })).launchUrl).toBeNull();
    const log = await api.audit.list({ entityType: 'Client', entityId: created.id });
    expect(log.items[0]).toMatchObject({
      before: { launchUrl: 'https://launcher.example.com/start' },
      after: { launchUrl: null },
    });
  });

  it('shows an environment token once, keeps only its hash, and never returns it again', async () => {
    const { api } = await staff();
    const client = await api.clients.create({ name: 'Tokens', contacts: [contact] });
    const { environment, token } = await api.clients.createEnvironment({
      clientId: client.id,
      environment: 'prod',
      redirectUrl: 'https://tokens.example.com/cb',
    });
    expect(token).toMatch(/^acc_env_[A-Za-z0-9_-]{43}$/);
    expect(environment.tokenHint).toBe(token.slice(0, 12));

    const everything = JSON.stringify([
      await api.clients.get({ id: client.id }),
      await api.clients.list({}),
      await api.audit.list({}),
    ]);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(12));

    const row = await hub().orm.em.fork().findOneOrFail(ClientEnvironment, environment.id);
    expect(Buffer.from(row.authToken).equals(sha256(token))).toBe(true);
    const raw = await query(hub().orm.em.fork(), sql`select * from client_environments`);
    expect(JSON.stringify(raw)).not.toContain(token.slice(12));
    const audit = await hub().orm.em.fork().find(AuditEntry, {});
    expect(JSON.stringify(audit)).not.toContain(token.slice(12));
  });

  it('keeps a rotated token working for the chosen grace period and not after', async () => {
    const { api } = await staff();
    const client = await api.clients.create({ name: 'Rotation', contacts: [contact] });
    const { environment, token: first } = await api.clients.createEnvironment({
      clientId: client.id,
      environment: 'prod',
      redirectUrl: 'https://rotation.example.com/cb',
    });
    const asClient = (token: string) => callerFor(hub(), { bearer: token }).directory.whoAmI();
    expect((await asClient(first)).client.name).toBe('Rotation');

    const rotatedAt = Date.now();
    const { token: second, environment: rotated } = await api.clients.rotateEnvironmentToken({
      id: environment.id,
      graceSeconds: 2,
    });
    const graceEnds = rotated.previousTokenExpiresAt!.getTime();
    expect(graceEnds - rotatedAt).toBeGreaterThanOrEqual(2_000);
    expect(graceEnds - Date.now()).toBeLessThanOrEqual(2_000);
    expect(second).not.toBe(first);
    expect((await asClient(first)).environment.id).toBe(environment.id);
    expect((await asClient(second)).environment.id).toBe(environment.id);

    // Time moves by hand (only Date is faked, so the database driver's timers run as usual):
    // accepted to the last millisecond of the grace period, refused from its end on.
    try {
      vi.useFakeTimers({ toFake: ['Date'], now: graceEnds - 1 });
      expect((await asClient(first)).environment.id).toBe(environment.id);
      vi.setSystemTime(graceEnds);
      expect((await refusal(asClient(first))).code).toBe('UNAUTHORIZED');
      expect((await asClient(second)).environment.id).toBe(environment.id);
    } finally {
      vi.useRealTimers();
    }

    const { token: third } = await api.clients.rotateEnvironmentToken({
      id: environment.id,
      graceSeconds: 0,
    });
    expect((await refusal(asClient(second))).code).toBe('UNAUTHORIZED');
    expect((await asClient(third)).client.id).toBe(client.id);
    const rotations = await api.audit.list({
      entityId: environment.id,
      action: 'client.environment.rotate-token',
    });
    expect(rotations.items.map((entry) => entry.after?.graceSeconds)).toEqual([0, 2]);
  });

  it('refuses the tokens of a deactivated environment or client at once, and again accepts them on reactivation', async () => {
    const { api } = await staff();
    const client = await api.clients.create({ name: 'Switches', contacts: [contact] });
    const { environment, token } = await api.clients.createEnvironment({
      clientId: client.id,
      environment: 'prod',
      redirectUrl: 'https://switches.example.com/cb',
    });
    const whoAmI = () => callerFor(hub(), { bearer: token }).directory.whoAmI();
    await whoAmI();

    await api.clients.updateEnvironment({ id: environment.id, isActive: false });
    expect((await refusal(whoAmI())).code).toBe('UNAUTHORIZED');
    await api.clients.updateEnvironment({ id: environment.id, isActive: true });
    await whoAmI();

    await api.clients.update({ id: client.id, isActive: false });
    expect((await refusal(whoAmI())).code).toBe('UNAUTHORIZED');
  });

  it('creates webhooks with a whsec_ secret shown once and validates their URLs', async () => {
    const { api } = await staff();
    const client = await api.clients.create({ name: 'Hooks', contacts: [contact] });
    const { environment } = await api.clients.createEnvironment({
      clientId: client.id,
      environment: 'prod',
      redirectUrl: 'https://hooks.example.com/cb',
    });
    const { webhook, secret } = await api.clients.createWebhook({
      environmentId: environment.id,
      name: 'users',
      url: 'https://hooks.example.com/webhooks',
      type: 'auth',
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhook).toMatchObject({
      type: 'auth',
      isActive: true,
      isFlagged: false,
      previousSecretExpiresAt: null,
    });

    for (const [url, message] of [
      ['http://hooks.example.com/webhooks', 'must start with https'],
      ['https://127.0.0.1/hooks', '127.0.0.1 is a loopback address'],
      ['https://[::1]/hooks', '::1 is a loopback address'],
      ['https://169.254.169.254/latest', '169.254.169.254 is a link-local address'],
      ['https://[2002:a00:1::]/hooks', '2002:a00:1:: is a 6to4 address'],
      ['https://localhost/hooks', 'this machine'],
    ] as const) {
      const refused = await refusal(
        api.clients.createWebhook({ environmentId: environment.id, name: 'bad', url, type: 'auth' }),
      );
      expect(refused.message).toContain(message);
    }

    const { secret: rotated, webhook: after } = await api.clients.rotateWebhookSecret({
      id: webhook.id,
      overlapSeconds: 3600,
    });
    expect(rotated).not.toBe(secret);
    expect(after.previousSecretExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const everything = JSON.stringify([await api.clients.get({ id: client.id }), await api.audit.list({})]);
    for (const value of [secret, rotated]) expect(everything).not.toContain(value.slice(6));
    const raw = JSON.stringify(await query(hub().orm.em.fork(), sql`select * from client_webhooks`));
    for (const value of [secret, rotated]) expect(raw).not.toContain(value.slice(6));
  });

  it('tells the staff page whether local webhook targets are allowed, as they then are', async () => {
    const { sessionToken } = await createPerson(hub(), { isStaff: true });
    const api = callerFor(hub(), { sessionToken });
    const client = await api.clients.create({ name: 'Dev Hooks', contacts: [contact] });
    expect(client.privateWebhookTargets).toBe(false);
    const { environment } = await api.clients.createEnvironment({
      clientId: client.id,
      environment: 'dev',
      redirectUrl: 'http://localhost:8080/cb',
    });
    const hook = {
      environmentId: environment.id,
      name: 'local',
      url: 'http://localhost:9999/hook',
      type: 'auth',
    } as const;
    expect((await refusal(api.clients.createWebhook(hook))).message).toContain('must start with https');

    // The development setting (WEBHOOKS_ALLOW_PRIVATE_TARGETS): the page says so, and it is true.
    const dev = {
      ...hub(),
      config: { ...hub().config, webhooks: { ...hub().config.webhooks, allowPrivateTargets: true } },
    };
    const devApi = callerFor(dev, { sessionToken });
    expect((await devApi.clients.get({ id: client.id })).privateWebhookTargets).toBe(true);
    expect((await devApi.clients.createWebhook(hook)).webhook.url).toBe('http://localhost:9999/hook');
    expect((await api.clients.get({ id: client.id })).privateWebhookTargets).toBe(false);
  });

  it('filters the audit log by actor, action prefix and time range', async () => {
    const first = await staff();
    const second = await staff();
    const before = new Date();
    await first.api.clients.create({ name: 'Audit One', contacts: [contact] });
    await second.api.allowList.add({ pattern: '@audit.example' });
    const byActor = await first.api.audit.list({ actorId: second.user.id });
    expect(byActor.items.map((entry) => entry.action)).toEqual(['allow-list.add']);
    const clientChanges = await first.api.audit.list({ action: 'client.', from: before });
    expect(clientChanges.items.every((entry) => entry.action.startsWith('client.'))).toBe(true);
    expect(clientChanges.items.some((entry) => entry.after?.name === 'Audit One')).toBe(true);
    expect((await first.api.audit.list({ to: before, action: 'allow-list.add' })).total).toBe(0);
    const badRange = await refusal(first.api.audit.list({ from: new Date(), to: before }));
    expect(badRange.code).toBe('BAD_REQUEST');
  });
});
