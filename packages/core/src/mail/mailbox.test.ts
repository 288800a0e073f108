import { describe, expect, it } from 'vitest';
import type { MailEntitlements } from '../billing/index.ts';
import { HubError } from '../kernel/errors.ts';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { createAppPassword } from './app-passwords.ts';
import { Mailbox } from './entities.ts';
import { applyMailEntitlements, deleteMailData, mailEntitlementsOf } from './entitlements.ts';
import { checkAddressAvailability, mailOverview, provisionMailbox } from './mailbox.ts';
import { checkLocalPart, RESERVED_LOCAL_PARTS } from './rules.ts';
import { createPerson, createPlan } from './test-support.ts';

const GIB = 1024 ** 3;

describe('directory rules', () => {
  it('lower-cases local parts and gives a reason for each refusal', () => {
    expect(checkLocalPart('  Jane.Doe ')).toEqual({ ok: true, localPart: 'jane.doe' });
    const reasons = (input: string) => {
      const result = checkLocalPart(input);
      return result.ok ? null : result.reason;
    };
    expect(reasons('jane+news')).toMatch(/\+ sign/);
    expect(reasons('jane@x.org')).toMatch(/only the part before the @/);
    expect(reasons('j')).toMatch(/at least 2/);
    expect(reasons('a'.repeat(65))).toMatch(/at most 64/);
    expect(reasons('jané')).toMatch(/letters a–z/);
    expect(reasons('jane doe')).toMatch(/letters a–z/);
    expect(reasons('.jane')).toMatch(/Start and end/);
    expect(reasons('jane..doe')).toMatch(/Two dots/);
    expect(reasons('')).toMatch(/Enter the part/);
    for (const reserved of ['postmaster', 'Abuse', 'admin', 'root', 'noreply', 'no-reply', 'mailer-daemon']) {
      expect(reasons(reserved)).toMatch(/reserved/);
    }
    expect(RESERVED_LOCAL_PARTS).toEqual(
      expect.arrayContaining(['hostmaster', 'webmaster', 'security', 'support', 'info']),
    );
    expect(checkLocalPart('postmaster', { allowReserved: true })).toEqual({
      ok: true,
      localPart: 'postmaster',
    });
  });
});

describe('mailboxes', () => {
  const hub = useTestHub(() => testConfig({ mail: { domains: ['mail.test', 'alt.test', 'third.test'] } }));
  const em = () => hub().orm.em.fork();
  const sql = (query: string, params: unknown[] = []) => em().execute(query, params);

  it('provisions the account, primary address, twins on the other domains, quota and event in one go', async () => {
    const plan = await createPlan(em(), { mailboxQuotaBytes: 7 * GIB });
    const person = await createPerson(em(), { plan });
    const before = await em().count(OutboxEvent, { type: 'mailbox.updated', userId: person.id });
    expect(before).toBe(0);

    const mailbox = await provisionMailbox(em(), hub().config, person.id, 'Jane.Doe');
    expect(mailbox.accountName).toBe('jane.doe@mail.test');

    expect(
      await sql(
        'select name, type, quota, active, login_allowed, secret from directory.accounts where name = ?',
        ['jane.doe@mail.test'],
      ),
    ).toEqual([
      {
        name: 'jane.doe@mail.test',
        type: 'individual',
        quota: String(7 * GIB),
        active: true,
        login_allowed: true,
        secret: null,
      },
    ]);
    expect(
      await sql('select address, type from directory.emails where name = ? order by address', [
        'jane.doe@mail.test',
      ]),
    ).toEqual([
      { address: 'jane.doe@alt.test', type: 'alias' },
      { address: 'jane.doe@mail.test', type: 'primary' },
      { address: 'jane.doe@third.test', type: 'alias' },
    ]);
    expect(await sql('select name from directory.domains order by name')).toEqual([
      { name: 'alt.test' },
      { name: 'mail.test' },
      { name: 'third.test' },
    ]);
    const events = await em().find(OutboxEvent, { type: 'mailbox.updated', userId: person.id });
    expect(events.map((event) => event.payload.data)).toEqual([
      { user: { id: person.id }, mailbox: { address: 'jane.doe@mail.test', state: 'active' } },
    ]);

    // Asking again changes nothing and emits nothing.
    await provisionMailbox(em(), hub().config, person.id, 'jane.doe');
    expect(
      await sql('select count(*)::int as n from directory.emails where name = ?', ['jane.doe@mail.test']),
    ).toEqual([{ n: 3 }]);
    expect(await em().count(OutboxEvent, { type: 'mailbox.updated', userId: person.id })).toBe(1);

    // A second address is refused: the address is the account name.
    await expect(provisionMailbox(em(), hub().config, person.id, 'other')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('jane.doe@mail.test'),
    });
  });

  it('tells the person why an address cannot be had, and refuses it the same way', async () => {
    const plan = await createPlan(em());
    const first = await createPerson(em(), { plan });
    const second = await createPerson(em(), { plan });
    await provisionMailbox(em(), hub().config, first.id, 'taken');

    expect(await checkAddressAvailability(em(), hub().config, 'Free.One')).toEqual({
      localPart: 'free.one',
      address: 'free.one@mail.test',
      available: true,
      reason: null,
      reasonCode: null,
      reasonParams: null,
    });
    expect(await checkAddressAvailability(em(), hub().config, 'TAKEN')).toMatchObject({
      available: false,
      reason: 'This address is already taken.',
      reasonCode: 'taken',
    });
    expect(await checkAddressAvailability(em(), hub().config, 'postmaster')).toMatchObject({
      available: false,
      reason: expect.stringMatching(/reserved/),
      reasonCode: 'reserved',
    });
    expect(await checkAddressAvailability(em(), hub().config, 'a+b')).toMatchObject({
      available: false,
      reasonCode: 'plus-sign',
    });

    await expect(provisionMailbox(em(), hub().config, second.id, 'taken')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(provisionMailbox(em(), hub().config, second.id, 'root')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      fieldErrors: { localPart: [expect.stringMatching(/reserved/)] },
    });
    // An alias someone holds on another domain blocks the same local part too.
    await sql(
      `insert into directory.emails (name, address, type) values ('taken@mail.test', 'blocked@alt.test', 'alias')`,
    );
    expect(await checkAddressAvailability(em(), hub().config, 'blocked')).toMatchObject({ available: false });
    expect(await em().count(Mailbox, { user: second.id })).toBe(0);
  });

  it('gives no mailbox without a plan that includes one', async () => {
    const noPlan = await createPerson(em());
    const noMail = await createPerson(em(), { plan: await createPlan(em(), { mailboxQuotaBytes: 0 }) });
    for (const person of [noPlan, noMail]) {
      await expect(
        provisionMailbox(em(), hub().config, person.id, `nomail-${person.username}`),
      ).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
      });
      const overview = await mailOverview(em(), hub().config, person.id);
      expect(overview).toMatchObject({
        mailbox: null,
        entitlements: null,
        canChooseAddress: false,
        connection: null,
      });
    }
  });

  it('shows the overview with quota and connection settings from configuration', async () => {
    const plan = await createPlan(em(), { mailboxQuotaBytes: 3 * GIB });
    const person = await createPerson(em(), { plan });
    expect((await mailOverview(em(), hub().config, person.id)).canChooseAddress).toBe(true);
    await provisionMailbox(em(), hub().config, person.id, 'overview');
    const overview = await mailOverview(em(), hub().config, person.id);
    expect(overview.mailbox).toMatchObject({
      address: 'overview@mail.test',
      state: 'active',
      suspended: false,
      quota: { totalBytes: 3 * GIB, usedBytes: null },
    });
    expect(overview.canChooseAddress).toBe(false);
    expect(overview.connection).toEqual({
      username: 'overview@mail.test',
      imap: { host: 'imap.mail.test', port: 993, security: 'tls' },
      smtp: { host: 'smtp.mail.test', port: 465, security: 'tls' },
      jmap: { url: 'https://jmap.mail.test/.well-known/jmap' },
      password: 'app-password',
    });
  });

  it('applies entitlements: receive-only keeps delivery and stops sign-in, none deactivates, nothing is deleted', async () => {
    const plan = await createPlan(em(), { mailboxQuotaBytes: 2 * GIB, maxAppPasswords: 2 });
    const person = await createPerson(em(), { plan });
    await provisionMailbox(em(), hub().config, person.id, 'lapsing');
    await createAppPassword(em(), hub().config, person.id, 'Phone');
    const account = () =>
      sql('select quota, active, login_allowed from directory.accounts where name = ?', [
        'lapsing@mail.test',
      ]);
    const rows = async () =>
      (
        await sql(
          `select (select count(*) from directory.emails where name = ?)::int as emails,
                (select count(*) from directory.app_passwords where name = ?)::int as passwords`,
          ['lapsing@mail.test', 'lapsing@mail.test'],
        )
      )[0];
    const apply = async (entitlements: MailEntitlements | null) => {
      const fork = em();
      await applyMailEntitlements(fork, hub().config, person.id, entitlements);
      await fork.flush();
    };
    const base = (await mailEntitlementsOf(em(), hub().config, person.id))!;
    expect(base).toEqual({
      quotaBytes: 2 * GIB,
      maxAliases: 3,
      maxAppPasswords: 2,
      maxCustomDomains: 1,
      mailbox: 'active',
    });

    await apply({ ...base, mailbox: 'receive-only' });
    expect(await account()).toEqual([{ quota: String(2 * GIB), active: true, login_allowed: false }]);
    await apply({ ...base, mailbox: 'receive-only' }); // idempotent: no second event

    await apply(null);
    expect(await account()).toEqual([{ quota: String(2 * GIB), active: false, login_allowed: false }]);
    expect(await rows()).toEqual({ emails: 3, passwords: 1 });

    await apply({ ...base, quotaBytes: 9 * GIB });
    expect(await account()).toEqual([{ quota: String(9 * GIB), active: true, login_allowed: true }]);
    const states = (
      await em().find(
        OutboxEvent,
        { type: 'mailbox.updated', userId: person.id },
        { orderBy: { sequence: 'asc' } },
      )
    ).map((event) => (event.payload.data as { mailbox: { state: string } }).mailbox.state);
    expect(states).toEqual(['active', 'receive-only', 'inactive', 'active']);

    // Without a mailbox there is nothing to apply and nothing is created.
    const other = await createPerson(em(), { plan });
    const fork = em();
    await applyMailEntitlements(fork, hub().config, other.id, base);
    await fork.flush();
    expect(await em().count(Mailbox, { user: other.id })).toBe(0);
  });

  it('deletes every mail row of a person on account deletion', async () => {
    const plan = await createPlan(em());
    const person = await createPerson(em(), { plan });
    const bystander = await createPerson(em(), { plan });
    await provisionMailbox(em(), hub().config, person.id, 'leaving');
    await provisionMailbox(em(), hub().config, bystander.id, 'staying');
    await createAppPassword(em(), hub().config, person.id, 'Laptop');
    await sql(
      `insert into custom_domains (user_id, domain, verification_token, verified_at) values (?, 'leaving.example', 't', now())`,
      [person.id],
    );
    await sql(`insert into directory.domains (name) values ('leaving.example')`);
    await sql(
      `insert into directory.emails (name, address, type) values ('leaving@mail.test', 'me@leaving.example', 'alias')`,
    );

    const fork = em();
    await fork.transactional((tx) => deleteMailData(tx, person.id));

    const count = async (table: string, where: string) =>
      (await sql(`select count(*)::int as n from ${table} where ${where}`))[0]!.n;
    expect(await count('directory.accounts', "name = 'leaving@mail.test'")).toBe(0);
    expect(await count('directory.emails', "name = 'leaving@mail.test'")).toBe(0);
    expect(await count('directory.app_passwords', "name = 'leaving@mail.test'")).toBe(0);
    expect(await count('directory.domains', "name = 'leaving.example'")).toBe(0);
    expect(await count('mailboxes', `user_id = '${person.id}'`)).toBe(0);
    expect(await count('custom_domains', `user_id = '${person.id}'`)).toBe(0);
    // Nobody else's rows, and never our own domains.
    expect(await count('directory.emails', "name = 'staying@mail.test'")).toBe(3);
    expect(await count('directory.domains', "name = 'mail.test'")).toBe(1);
  });

  it('maps every refusal to a HubError, never a raw database error', async () => {
    const person = await createPerson(em(), { plan: await createPlan(em()) });
    const error = await provisionMailbox(em(), hub().config, person.id, 'x y').catch((caught) => caught);
    expect(error).toBeInstanceOf(HubError);
  });
});
