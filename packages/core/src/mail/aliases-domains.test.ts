import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../testing/index.ts';
import { addAlias, listAddresses, removeAlias } from './aliases.ts';
import {
  addCustomDomain,
  checkCustomDomain,
  listCustomDomains,
  removeCustomDomain,
  setCatchAll,
} from './custom-domains.ts';
import { provisionMailbox } from './mailbox.ts';
import { createPerson, createPlan, tableResolver } from './test-support.ts';

describe('aliases', () => {
  const hub = useTestHub(() => testConfig());
  const em = () => hub().orm.em.fork();
  const sql = (query: string, params: unknown[] = []) => em().execute(query, params);

  async function personWithMailbox(
    localPart: string,
    limits: { maxAliases?: number; maxCustomDomains?: number } = {},
  ) {
    const person = await createPerson(em(), { plan: await createPlan(em(), limits) });
    await provisionMailbox(em(), hub().config, person.id, localPart);
    return person;
  }

  it('adds aliases on our domains, unique case-insensitively across the directory, within the plan', async () => {
    const ann = await personWithMailbox('ann', { maxAliases: 2 });
    const ben = await personWithMailbox('ben');
    expect(
      await addAlias(em(), hub().config, ann.id, { localPart: 'Ann.Smith', domain: 'MAIL.test' }),
    ).toMatchObject({
      address: 'ann.smith@mail.test',
      kind: 'alias',
    });
    await expect(
      addAlias(em(), hub().config, ben.id, { localPart: 'ANN.SMITH', domain: 'mail.test' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // Someone's primary and automatic twin count as taken too.
    await expect(
      addAlias(em(), hub().config, ann.id, { localPart: 'ben', domain: 'alt.test' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      addAlias(em(), hub().config, ann.id, { localPart: 'ann+x', domain: 'mail.test' }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      fieldErrors: { localPart: [expect.stringContaining('+')] },
    });
    await expect(
      addAlias(em(), hub().config, ann.id, { localPart: 'abuse', domain: 'mail.test' }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      fieldErrors: { localPart: [expect.stringMatching(/reserved/)] },
    });
    await expect(
      addAlias(em(), hub().config, ann.id, { localPart: 'ann2', domain: 'elsewhere.example' }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      fieldErrors: { domain: [expect.stringContaining('verified')] },
    });
    await addAlias(em(), hub().config, ann.id, { localPart: 'ann2', domain: 'alt.test' });
    await expect(
      addAlias(em(), hub().config, ann.id, { localPart: 'ann3', domain: 'mail.test' }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('allows 2'),
    });

    expect(await listAddresses(em(), hub().config, ann.id)).toEqual([
      { address: 'ann@mail.test', kind: 'primary', createdAt: expect.any(Date) },
      { address: 'ann@alt.test', kind: 'automatic', createdAt: expect.any(Date) },
      { address: 'ann.smith@mail.test', kind: 'alias', createdAt: expect.any(Date) },
      { address: 'ann2@alt.test', kind: 'alias', createdAt: expect.any(Date) },
    ]);
    // The rows Stalwart reads.
    expect(
      await sql('select address, type from directory.emails where name = ? order by address', [
        'ann@mail.test',
      ]),
    ).toEqual([
      { address: 'ann.smith@mail.test', type: 'alias' },
      { address: 'ann2@alt.test', type: 'alias' },
      { address: 'ann@alt.test', type: 'alias' },
      { address: 'ann@mail.test', type: 'primary' },
    ]);

    await expect(removeAlias(em(), hub().config, ann.id, 'ann@alt.test')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await expect(removeAlias(em(), hub().config, ann.id, 'ann@mail.test')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await expect(removeAlias(em(), hub().config, ben.id, 'ann2@alt.test')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await removeAlias(em(), hub().config, ann.id, 'ANN2@alt.test');
    await addAlias(em(), hub().config, ann.id, { localPart: 'ann3', domain: 'mail.test' });
  });
});

describe('custom domains', () => {
  const hub = useTestHub(() => testConfig());
  const em = () => hub().orm.em.fork();
  const sql = (query: string, params: unknown[] = []) => em().execute(query, params);
  const served = async (domain: string) =>
    (await sql('select count(*)::int as n from directory.domains where name = ?', [domain]))[0]!.n === 1;

  async function personWithMailbox(
    localPart: string,
    limits: { maxAliases?: number; maxCustomDomains?: number } = {},
  ) {
    const person = await createPerson(em(), { plan: await createPlan(em(), limits) });
    await provisionMailbox(em(), hub().config, person.id, localPart);
    return person;
  }

  function publishedFor(domain: string, token: string) {
    return {
      [`TXT _hub-verification.${domain}`]: [['hub-verification=', token]],
      [`MX ${domain}`]: [{ exchange: 'MX.mail.test.', priority: 10 }],
      [`TXT ${domain}`]: [['google-site-verification=abc'], ['v=spf1 mx -all']],
      [`CNAME hub._domainkey.${domain}`]: ['hub._domainkey.mail.test'],
      [`TXT _dmarc.${domain}`]: [['v=DMARC1; p=none']],
    };
  }

  it('gives the records to publish, serves mail only after the TXT proof, and reports each record', async () => {
    const owner = await personWithMailbox('domain-owner', { maxCustomDomains: 1, maxAliases: 5 });
    const added = await addCustomDomain(em(), hub().config, owner.id, 'Owner.Example.');
    expect(added.domain).toBe('owner.example');
    expect(added.verified).toBe(false);
    const token = added.records.find((record) => record.purpose === 'verification')!.value.split('=')[1]!;
    expect(token.length).toBeGreaterThanOrEqual(20);
    expect(added.records.map(({ purpose, type, host, value }) => ({ purpose, type, host, value }))).toEqual([
      {
        purpose: 'verification',
        type: 'TXT',
        host: '_hub-verification.owner.example',
        value: `hub-verification=${token}`,
      },
      { purpose: 'mx', type: 'MX', host: 'owner.example', value: 'mx.mail.test' },
      { purpose: 'spf', type: 'TXT', host: 'owner.example', value: 'v=spf1 mx -all' },
      {
        purpose: 'dkim',
        type: 'CNAME',
        host: 'hub._domainkey.owner.example',
        value: 'hub._domainkey.mail.test',
      },
      { purpose: 'dmarc', type: 'TXT', host: '_dmarc.owner.example', value: 'v=DMARC1; p=quarantine' },
    ]);

    // Not verified: no mail, no aliases, no catch-all.
    expect(await served('owner.example')).toBe(false);
    await expect(
      addAlias(em(), hub().config, owner.id, { localPart: 'me', domain: 'owner.example' }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(setCatchAll(em(), owner.id, 'owner.example', true)).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });

    // Nothing published yet.
    const nothing = await checkCustomDomain(em(), hub().config, tableResolver({}), owner.id, 'owner.example');
    expect(nothing.verified).toBe(false);
    expect(nothing.records.map((record) => record.status)).toEqual([
      'missing',
      'missing',
      'missing',
      'missing',
      'missing',
    ]);
    expect(await served('owner.example')).toBe(false);

    // A wrong token does not verify; a resolver failure is reported as such.
    const wrong = tableResolver({
      ...publishedFor('owner.example', 'not-the-token'),
      'MX owner.example': Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }),
    });
    const wrongResult = await checkCustomDomain(em(), hub().config, wrong, owner.id, 'owner.example');
    expect(wrongResult.verified).toBe(false);
    expect(wrongResult.records.map((record) => [record.purpose, record.status])).toEqual([
      ['verification', 'different'],
      ['mx', 'error'],
      ['spf', 'ok'],
      ['dkim', 'ok'],
      ['dmarc', 'different'],
    ]);
    expect(await served('owner.example')).toBe(false);

    const right = await checkCustomDomain(
      em(),
      hub().config,
      tableResolver(publishedFor('owner.example', token)),
      owner.id,
      'owner.example',
    );
    expect(right.verified).toBe(true);
    expect(right.records.find((record) => record.purpose === 'mx')).toMatchObject({
      status: 'ok',
      found: ['mx.mail.test'],
    });
    expect(await served('owner.example')).toBe(true);
    expect((await listCustomDomains(em(), hub().config, owner.id))[0]).toMatchObject({
      domain: 'owner.example',
      verified: true,
    });

    // Now aliases, reserved local parts included (postmaster@ their own domain), and a catch-all.
    await addAlias(em(), hub().config, owner.id, { localPart: 'postmaster', domain: 'owner.example' });
    await setCatchAll(em(), owner.id, 'owner.example', true);
    expect(
      await sql(
        `select address, type from directory.emails where name = 'domain-owner@mail.test' and address like '%owner.example' order by address`,
      ),
    ).toEqual([
      { address: '@owner.example', type: 'alias' },
      { address: 'postmaster@owner.example', type: 'alias' },
    ]);
    expect(
      (await listAddresses(em(), hub().config, owner.id)).filter((row) => row.kind === 'catch-all'),
    ).toHaveLength(1);

    // The domain limit.
    await expect(addCustomDomain(em(), hub().config, owner.id, 'second.example')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });

    // Removing needs the aliases gone first; the catch-all goes with the domain.
    await expect(removeCustomDomain(em(), owner.id, 'owner.example')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('postmaster@owner.example'),
    });
    expect(await served('owner.example')).toBe(true);
    await removeAlias(em(), hub().config, owner.id, 'postmaster@owner.example');
    await removeCustomDomain(em(), owner.id, 'owner.example');
    expect(await served('owner.example')).toBe(false);
    expect(await sql(`select address from directory.emails where address like '%owner.example'`)).toEqual([]);
    expect(await listCustomDomains(em(), hub().config, owner.id)).toEqual([]);
  });

  it('lets claims compete until the first verification, and never squats a domain', async () => {
    const first = await personWithMailbox('first-claim');
    const second = await personWithMailbox('second-claim');
    const a = await addCustomDomain(em(), hub().config, first.id, 'contested.example');
    const b = await addCustomDomain(em(), hub().config, second.id, 'contested.example');
    const tokenOf = (dto: typeof a) => dto.records[0]!.value.split('=')[1]!;
    expect(tokenOf(a)).not.toBe(tokenOf(b));
    // The second claimant publishes their token first and wins.
    await checkCustomDomain(
      em(),
      hub().config,
      tableResolver(publishedFor('contested.example', tokenOf(b))),
      second.id,
      'contested.example',
    );
    expect(await served('contested.example')).toBe(true);
    await expect(
      checkCustomDomain(
        em(),
        hub().config,
        tableResolver(publishedFor('contested.example', tokenOf(a))),
        first.id,
        'contested.example',
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const third = await personWithMailbox('third-claim');
    await expect(addCustomDomain(em(), hub().config, third.id, 'contested.example')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already in use'),
    });
    // The loser removing their claim leaves the winner's domain alone.
    await removeCustomDomain(em(), first.id, 'contested.example');
    expect(await served('contested.example')).toBe(true);
  });

  it('refuses our own domains and names that are not domains', async () => {
    const person = await personWithMailbox('refused', { maxCustomDomains: 5 });
    await expect(addCustomDomain(em(), hub().config, person.id, 'mail.test')).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(addCustomDomain(em(), hub().config, person.id, 'sub.alt.test')).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(addCustomDomain(em(), hub().config, person.id, 'not a domain')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      fieldErrors: { domain: [expect.stringContaining('domain name')] },
    });
    const noDomains = await personWithMailbox('no-domains', { maxCustomDomains: 0 });
    await expect(addCustomDomain(em(), hub().config, noDomains.id, 'mine.example')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('does not include'),
    });
  });
});
