// The mail and mailAdmin procedures over real HTTP: who may call what, and what it changes.
import { Client, ClientEnvironment, generateEnvironmentToken } from '@accounts/core/clients';
import { createSession, sessionCookieName, User, type UserEntity } from '@accounts/core/identity';
import { createPerson, createPlan, tableResolver, testConfig, useTestHub } from '@accounts/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './test-support.ts';

type Caller = { cookie?: string; bearer?: string; origin?: string | null };

interface TrpcError {
  message: string;
  data: {
    code: string;
    httpStatus: number;
    fieldErrors: Record<string, string[]> | null;
    reason: string | null;
  };
}

describe('mail procedures over HTTP', () => {
  const hub = useTestHub(() => testConfig());
  const app = () => testApp({ hub: hub() });
  const em = () => hub().orm.em.fork();
  const sql = (query: string, params: unknown[] = []) => em().execute(query, params);
  const origin = 'http://localhost:3000';

  let anonymous: Caller;
  let person: Caller & { user: UserEntity };
  let other: Caller & { user: UserEntity };
  let staff: Caller & { user: UserEntity };
  let clientServer: Caller;

  async function signIn(user: UserEntity): Promise<Caller & { user: UserEntity }> {
    const fork = em();
    const managed = await fork.findOneOrFail(User, { id: user.id });
    const { token } = await createSession(fork, hub().config, managed, {
      ip: null,
      userAgent: 'test',
      method: 'password',
    });
    return { user, cookie: `${sessionCookieName(hub().config)}=${token}`, origin };
  }

  beforeAll(async () => {
    const plan = await createPlan(em(), { maxAliases: 2, maxAppPasswords: 2, maxCustomDomains: 1 });
    person = await signIn(await createPerson(em(), { plan }));
    other = await signIn(await createPerson(em(), { plan }));
    staff = await signIn(await createPerson(em(), { isStaff: true }));
    anonymous = { origin };
    const fork = em();
    const client = fork.create(Client, { name: 'Webmail' });
    const token = generateEnvironmentToken();
    fork.create(ClientEnvironment, {
      client,
      environment: 'prod',
      redirectUrl: 'https://webmail.example/callback',
      authToken: token.hash,
      tokenHint: token.hint,
    });
    await fork.flush();
    clientServer = { bearer: token.token, origin: null };
  });

  async function call<T = unknown>(
    caller: Caller,
    kind: 'query' | 'mutation',
    path: string,
    input?: unknown,
  ): Promise<{ status: number; data?: T; error?: TrpcError }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller.cookie) headers.cookie = caller.cookie;
    if (caller.bearer) headers.authorization = `Bearer ${caller.bearer}`;
    if (caller.origin) headers.origin = caller.origin;
    const body = JSON.stringify({ json: input });
    const response =
      kind === 'query'
        ? await app().request(
            `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(body)}`}`,
            {
              headers,
            },
          )
        : await app().request(`/trpc/${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    expect(text).not.toMatch(/\bat .*\.ts:\d+|stack/);
    const parsed = JSON.parse(text) as { result?: { data: { json: T } }; error?: { json: TrpcError } };
    return { status: response.status, data: parsed.result?.data.json, error: parsed.error?.json };
  }

  const personProcedures: [kind: 'query' | 'mutation', path: string, input?: unknown][] = [
    ['query', 'mail.overview'],
    ['query', 'mail.connectionSettings'],
    ['query', 'mail.checkAddress', { localPart: 'someone' }],
    ['mutation', 'mail.chooseAddress', { localPart: 'someone' }],
    ['query', 'mail.appPasswords'],
    ['mutation', 'mail.createAppPassword', { label: 'Phone' }],
    ['mutation', 'mail.revokeAppPassword', { id: '00000000-0000-4000-8000-000000000000' }],
    ['query', 'mail.addresses'],
    ['mutation', 'mail.addAlias', { localPart: 'x1', domain: 'mail.test' }],
    ['mutation', 'mail.removeAlias', { address: 'x1@mail.test' }],
    ['query', 'mail.domains'],
    ['mutation', 'mail.addDomain', { domain: 'x.example' }],
    ['mutation', 'mail.checkDomain', { domain: 'x.example' }],
    ['mutation', 'mail.setCatchAll', { domain: 'x.example', enabled: true }],
    ['mutation', 'mail.removeDomain', { domain: 'x.example' }],
  ];
  const staffProcedures: [kind: 'query' | 'mutation', path: string, input?: unknown][] = [
    ['query', 'mailAdmin.searchAccounts', { query: '' }],
    ['query', 'mailAdmin.domains'],
    ['query', 'mailAdmin.account', { name: 'x@mail.test' }],
    ['mutation', 'mailAdmin.setQuota', { name: 'x@mail.test', quotaBytes: 1 }],
    ['mutation', 'mailAdmin.setActive', { name: 'x@mail.test', active: false }],
    ['mutation', 'mailAdmin.createGroup', { localPart: 'g', domain: 'mail.test' }],
    ['mutation', 'mailAdmin.deleteGroup', { name: 'g@mail.test' }],
    ['mutation', 'mailAdmin.addGroupMember', { group: 'g@mail.test', member: 'x@mail.test' }],
    ['mutation', 'mailAdmin.removeGroupMember', { group: 'g@mail.test', member: 'x@mail.test' }],
    ['mutation', 'mailAdmin.addListAddress', { account: 'g@mail.test', localPart: 'l', domain: 'mail.test' }],
    ['mutation', 'mailAdmin.removeListAddress', { address: 'l@mail.test' }],
    ['mutation', 'mailAdmin.repairMailbox', { userId: '00000000-0000-4000-8000-000000000000' }],
  ];

  it('refuses anonymous callers and client-app servers on every procedure', async () => {
    for (const [kind, path, input] of [...personProcedures, ...staffProcedures]) {
      for (const caller of [anonymous, clientServer]) {
        const result = await call(caller, kind, path, input);
        expect([path, result.status, result.error?.data.code]).toEqual([path, 401, 'UNAUTHORIZED']);
      }
    }
  });

  it('refuses people on every staff procedure, and cookie mutations from another origin', async () => {
    for (const [kind, path, input] of staffProcedures) {
      const result = await call(person, kind, path, input);
      expect([path, result.status, result.error?.data.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    for (const [kind, path, input] of personProcedures.filter(([kind]) => kind === 'mutation')) {
      const result = await call({ ...person, origin: 'https://evil.example' }, kind, path, input);
      expect([path, result.status]).toEqual([path, 403]);
    }
    expect(await sql(`select count(*)::int as n from mailboxes where user_id = ?`, [person.user.id])).toEqual(
      [{ n: 0 }],
    );
  });

  it('lets a person choose an address, create an app password, add an alias and a domain — their own only', async () => {
    const free = await call(person, 'query', 'mail.checkAddress', { localPart: 'Reader' });
    expect(free.data).toEqual({
      localPart: 'reader',
      address: 'reader@mail.test',
      available: true,
      reason: null,
      reasonCode: null,
      reasonParams: null,
    });
    const reserved = await call(person, 'query', 'mail.checkAddress', { localPart: 'postmaster' });
    expect(reserved.data).toMatchObject({
      available: false,
      reason: expect.stringMatching(/reserved/),
      reasonCode: 'reserved',
    });

    const chosen = await call(person, 'mutation', 'mail.chooseAddress', { localPart: 'Reader' });
    expect(chosen).toMatchObject({ status: 200, data: { address: 'reader@mail.test', state: 'active' } });
    const taken = await call(other, 'mutation', 'mail.chooseAddress', { localPart: 'reader' });
    expect(taken).toMatchObject({
      status: 409,
      // The code beside the English message, for clients' own wording.
      error: { data: { fieldErrors: { localPart: [expect.any(String)] }, reason: 'taken' } },
    });
    const bad = await call(other, 'mutation', 'mail.chooseAddress', { localPart: 'x'.repeat(200) });
    expect(bad).toMatchObject({
      status: 400,
      error: { data: { fieldErrors: { localPart: [expect.any(String)] } } },
    });
    await call(other, 'mutation', 'mail.chooseAddress', { localPart: 'other-reader' });

    const overview = await call<{ mailbox: { address: string }; connection: { imap: { host: string } } }>(
      person,
      'query',
      'mail.overview',
    );
    expect(overview.data).toMatchObject({
      mailbox: { address: 'reader@mail.test' },
      connection: { imap: { host: 'imap.mail.test' } },
    });

    const created = await call<{ id: string; password: string }>(
      person,
      'mutation',
      'mail.createAppPassword',
      {
        label: 'Phone',
      },
    );
    expect(created.data?.password).toMatch(/^[a-z2-9-]{27}$/);
    const listed = await call<{ label: string }[]>(person, 'query', 'mail.appPasswords');
    expect(listed.data).toEqual([
      { id: created.data!.id, label: 'Phone', createdAt: expect.any(String), lastUsedAt: null },
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.data!.password);
    const stolen = await call(other, 'mutation', 'mail.revokeAppPassword', { id: created.data!.id });
    expect(stolen.status).toBe(404);
    expect(await call<unknown[]>(other, 'query', 'mail.appPasswords')).toMatchObject({ data: [] });

    expect(
      await call(person, 'mutation', 'mail.addAlias', { localPart: 'Books', domain: 'alt.test' }),
    ).toMatchObject({
      status: 200,
      data: { address: 'books@alt.test', kind: 'alias' },
    });
    expect((await call(other, 'mutation', 'mail.removeAlias', { address: 'books@alt.test' })).status).toBe(
      404,
    );

    hub().dns = tableResolver({});
    const domain = await call<{ records: { purpose: string; value: string }[] }>(
      person,
      'mutation',
      'mail.addDomain',
      {
        domain: 'reader.example',
      },
    );
    expect(domain.status).toBe(200);
    const token = domain.data!.records.find((record) => record.purpose === 'verification')!.value;
    hub().dns = tableResolver({ 'TXT _hub-verification.reader.example': [[token]] });
    expect((await call(other, 'mutation', 'mail.checkDomain', { domain: 'reader.example' })).status).toBe(
      404,
    );
    expect(await call(person, 'mutation', 'mail.checkDomain', { domain: 'reader.example' })).toMatchObject({
      data: { domain: 'reader.example', verified: true },
    });
    expect(
      await call(person, 'mutation', 'mail.setCatchAll', { domain: 'reader.example', enabled: true }),
    ).toMatchObject({
      status: 200,
    });

    // Exactly the rows Stalwart reads for this person.
    expect(
      await sql(
        `select name, type, active, login_allowed, quota from directory.accounts where name = 'reader@mail.test'`,
      ),
    ).toEqual([
      {
        name: 'reader@mail.test',
        type: 'individual',
        active: true,
        login_allowed: true,
        quota: String(5 * 1024 ** 3),
      },
    ]);
    expect(
      await sql(
        `select address, type from directory.emails where name = 'reader@mail.test' order by address`,
      ),
    ).toEqual([
      { address: '@reader.example', type: 'alias' },
      { address: 'books@alt.test', type: 'alias' },
      { address: 'reader@alt.test', type: 'alias' },
      { address: 'reader@mail.test', type: 'primary' },
    ]);
    expect(
      await sql(
        `select label, secret like '$app$Phone$$argon2id$%' as phc from directory.app_passwords where name = 'reader@mail.test'`,
      ),
    ).toEqual([{ label: 'Phone', phc: true }]);
    expect(await sql(`select name from directory.domains where name = 'reader.example'`)).toEqual([
      { name: 'reader.example' },
    ]);
  });

  it('lets staff manage accounts, groups and lists, audits each change, and repairs a mailbox', async () => {
    // reader.example was verified by the person above: staff can put list addresses on it.
    expect(await call(staff, 'query', 'mailAdmin.domains')).toMatchObject({
      status: 200,
      data: ['mail.test', 'alt.test', 'reader.example'],
    });
    const found = await call<{
      accounts: { name: string; owner: { email: string } | null }[];
      total: number;
    }>(staff, 'query', 'mailAdmin.searchAccounts', { query: 'reader' });
    expect(found.data?.accounts.map((account) => account.name)).toEqual([
      'other-reader@mail.test',
      'reader@mail.test',
    ]);
    expect(found.data?.accounts[1]?.owner?.email).toBe(person.user.email);

    expect(
      await call(staff, 'mutation', 'mailAdmin.setQuota', { name: 'reader@mail.test', quotaBytes: 123_456 }),
    ).toMatchObject({
      data: { quotaBytes: 123_456, owner: { quotaOverrideBytes: 123_456 } },
    });
    expect(
      await call(staff, 'mutation', 'mailAdmin.setActive', { name: 'Reader@mail.test', active: false }),
    ).toMatchObject({
      data: { active: false, loginAllowed: false, owner: { suspended: true, state: 'inactive' } },
    });

    const group = await call(staff, 'mutation', 'mailAdmin.createGroup', {
      localPart: 'Support',
      domain: 'mail.test',
      description: 'Support team',
    });
    expect(group).toMatchObject({ status: 200, data: { name: 'support@mail.test', type: 'group' } });
    expect(
      await call(staff, 'mutation', 'mailAdmin.addGroupMember', {
        group: 'support@mail.test',
        member: 'reader@mail.test',
      }),
    ).toMatchObject({
      data: { members: ['reader@mail.test'] },
    });
    expect(
      await call(staff, 'mutation', 'mailAdmin.addListAddress', {
        account: 'support@mail.test',
        localPart: 'help',
        domain: 'mail.test',
      }),
    ).toMatchObject({
      data: { addresses: expect.arrayContaining([{ address: 'help@mail.test', type: 'list' }]) },
    });
    const unserved = await call(staff, 'mutation', 'mailAdmin.addListAddress', {
      account: 'support@mail.test',
      localPart: 'help',
      domain: 'nowhere.example',
    });
    expect(unserved).toMatchObject({
      status: 400,
      error: { data: { fieldErrors: { domain: [expect.any(String)] } } },
    });

    // Someone deleted rows by hand; repair rebuilds them (suspension still holds).
    await sql(`delete from directory.emails where address = 'reader@alt.test'`);
    const repaired = await call<{ fixed: string[]; problems: string[] }>(
      staff,
      'mutation',
      'mailAdmin.repairMailbox',
      {
        userId: person.user.id,
      },
    );
    expect(repaired.data).toEqual({ fixed: ['added alias address reader@alt.test'], problems: [] });
    // Staff's quota and suspension outlive the repair.
    expect(await sql(`select active, quota from directory.accounts where name = 'reader@mail.test'`)).toEqual(
      [{ active: false, quota: '123456' }],
    );

    await call(staff, 'mutation', 'mailAdmin.setActive', { name: 'reader@mail.test', active: true });
    expect(
      await call(staff, 'mutation', 'mailAdmin.setQuota', { name: 'reader@mail.test', quotaBytes: null }),
    ).toMatchObject({
      data: { quotaBytes: 5 * 1024 ** 3, owner: { quotaOverrideBytes: null } },
    });
    expect(
      await sql(`select active, login_allowed from directory.accounts where name = 'reader@mail.test'`),
    ).toEqual([{ active: true, login_allowed: true }]);
    const groupQuota = await call(staff, 'mutation', 'mailAdmin.setQuota', {
      name: 'support@mail.test',
      quotaBytes: null,
    });
    expect(groupQuota).toMatchObject({
      status: 400,
      error: { data: { fieldErrors: { quotaBytes: [expect.any(String)] } } },
    });

    const audit = await sql(
      `select action, entity_id, actor_id, subject_user_id from audit_entries order by created_at, action`,
    );
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'mail.account.quota',
        'mail.account.deactivate',
        'mail.group.create',
        'mail.group.member.add',
        'mail.list.add',
        'mail.mailbox.repair',
        'mail.account.activate',
      ]),
    );
    // Staff actions are mail.*; the people's own changes (their mailbox, app passwords) are theirs.
    const staffActions = audit.filter((row) => row.action.startsWith('mail.'));
    expect(staffActions.every((row) => row.actor_id === staff.user.id)).toBe(true);
    expect(audit.find((row) => row.action === 'mail.account.quota')).toMatchObject({
      entity_id: 'reader@mail.test',
      subject_user_id: person.user.id,
    });
  });
});
