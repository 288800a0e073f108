import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../testing/index.ts';
import {
  addListAddress,
  createGroup,
  deleteGroup,
  getAccount,
  listServedDomains,
  removeListAddress,
  type StaffActor,
  searchAccounts,
  setActive,
  setGroupMember,
} from './admin.ts';
import { addCustomDomain, checkCustomDomain } from './custom-domains.ts';
import { provisionMailbox } from './mailbox.ts';
import { createPerson, createPlan, tableResolver } from './test-support.ts';

describe('staff administration of the directory', () => {
  const hub = useTestHub(() => testConfig());
  const em = () => hub().orm.em.fork();
  const sql = (query: string, params: unknown[] = []) => em().execute(query, params);
  const actor: StaffActor = {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'staff@example.test',
    ip: '192.0.2.1',
  };

  it('creates groups on our domains from the start, with role addresses, members and list addresses', async () => {
    // No mailbox exists yet, so nothing has listed MAIL_DOMAINS in directory.domains.
    const group = await createGroup(em(), hub().config, actor, {
      localPart: 'Postmaster',
      domain: 'mail.test',
      description: 'Postmaster',
    });
    expect(group).toMatchObject({
      name: 'postmaster@mail.test',
      type: 'group',
      addresses: [{ address: 'postmaster@mail.test', type: 'primary' }],
    });
    await expect(
      createGroup(em(), hub().config, actor, {
        localPart: 'team',
        domain: 'unknown.example',
        description: null,
      }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      fieldErrors: { domain: [expect.stringContaining('does not serve')] },
    });
    await expect(
      createGroup(em(), hub().config, actor, {
        localPart: 'postmaster',
        domain: 'mail.test',
        description: null,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    const person = await createPerson(em(), { plan: await createPlan(em()) });
    await provisionMailbox(em(), hub().config, person.id, 'helper');
    await setGroupMember(em(), actor, {
      group: 'postmaster@mail.test',
      member: 'helper@mail.test',
      isMember: true,
    });
    await setGroupMember(em(), actor, {
      group: 'postmaster@mail.test',
      member: 'helper@mail.test',
      isMember: true,
    });
    await expect(
      setGroupMember(em(), actor, {
        group: 'helper@mail.test',
        member: 'postmaster@mail.test',
        isMember: true,
      }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const list = await addListAddress(em(), hub().config, actor, {
      account: 'postmaster@mail.test',
      localPart: 'abuse',
      domain: 'alt.test',
    });
    expect(list.addresses).toContainEqual({ address: 'abuse@alt.test', type: 'list' });
    expect(list.members).toEqual(['helper@mail.test']);
    expect((await getAccount(em(), 'helper@mail.test')).memberOf).toEqual(['postmaster@mail.test']);

    expect(
      await sql('select member_of from directory.group_members where name = ?', ['helper@mail.test']),
    ).toEqual([{ member_of: 'postmaster@mail.test' }]);
    expect(
      (await searchAccounts(em(), { query: '', type: 'group', limit: 10, offset: 0 })).accounts.map(
        (a) => a.name,
      ),
    ).toEqual(['postmaster@mail.test']);
    expect(
      (await searchAccounts(em(), { query: 'abuse@', limit: 10, offset: 0 })).accounts.map((a) => a.name),
    ).toEqual(['postmaster@mail.test']);

    // A group account is switched off directly; people's accounts go through their mailbox.
    expect(await setActive(em(), hub().config, actor, 'postmaster@mail.test', false)).toMatchObject({
      active: false,
      owner: null,
    });

    await removeListAddress(em(), actor, 'abuse@alt.test');
    await setGroupMember(em(), actor, {
      group: 'postmaster@mail.test',
      member: 'helper@mail.test',
      isMember: false,
    });
    await expect(deleteGroup(em(), actor, 'helper@mail.test')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await deleteGroup(em(), actor, 'postmaster@mail.test');
    expect(
      await sql(`select count(*)::int as n from directory.emails where name = 'postmaster@mail.test'`),
    ).toEqual([{ n: 0 }]);

    // Staff changes only: the mailboxes this test made are in their holders' histories as the system's.
    const audit = await sql(
      'select action, actor_email, ip from audit_entries where actor_id is not null order by created_at',
    );
    // Changes within one millisecond share a timestamp, so compare the set of actions.
    expect(audit.map((row) => row.action).sort()).toEqual(
      [
        'mail.group.create',
        'mail.group.member.add',
        'mail.list.add',
        'mail.account.deactivate',
        'mail.list.remove',
        'mail.group.member.remove',
        'mail.group.delete',
      ].sort(),
    );
    expect(audit.every((row) => row.actor_email === 'staff@example.test' && row.ip === '192.0.2.1')).toBe(
      true,
    );
  });

  it('offers our domains first, then verified custom domains, never a domain still waiting for its proof', async () => {
    expect(await listServedDomains(em(), hub().config)).toEqual(['mail.test', 'alt.test']);

    const owner = await createPerson(em(), { plan: await createPlan(em(), { maxCustomDomains: 2 }) });
    await provisionMailbox(em(), hub().config, owner.id, 'domain-owner');
    const verified = await addCustomDomain(em(), hub().config, owner.id, 'zeta.example');
    await addCustomDomain(em(), hub().config, owner.id, 'alpha.example');
    const token = verified.records.find((record) => record.purpose === 'verification')!.value;
    const resolver = tableResolver({ 'TXT _hub-verification.zeta.example': [[token]] });
    await checkCustomDomain(em(), hub().config, resolver, owner.id, 'zeta.example');

    // The first mailbox listed MAIL_DOMAINS in directory.domains; they are still not repeated.
    expect(await listServedDomains(em(), hub().config)).toEqual(['mail.test', 'alt.test', 'zeta.example']);
  });
});
