import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../testing/index.ts';
import { addAlias } from './aliases.ts';
import { createAppPassword } from './app-passwords.ts';
import { addCustomDomain, setCatchAll } from './custom-domains.ts';
import { CustomDomain, DirectoryAppPassword, DirectoryEmail, Mailbox } from './entities.ts';
import { provisionMailbox } from './mailbox.ts';
import { checkDomainName, checkLocalPart } from './rules.ts';
import { createPerson, createPlan, type PlanLimits } from './test-support.ts';

const PARALLEL = 10;

/** Settles every promise and counts the outcomes by error code. */
async function outcomes(attempts: Promise<unknown>[]) {
  const results = await Promise.allSettled(attempts);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  return {
    succeeded: results.length - failures.length,
    refusals: failures.map((error: { code?: string; reason?: string }) => `${error.code}:${error.reason}`),
  };
}

describe('plan limits under concurrent requests', () => {
  const hub = useTestHub(() => testConfig());
  const em = () => hub().orm.em.fork();

  async function personAtLimitMinusOne(limits: PlanLimits, setUp: (userId: string) => Promise<unknown>) {
    const person = await createPerson(em(), { plan: await createPlan(em(), limits) });
    await provisionMailbox(em(), hub().config, person.id, `lim-${person.username}`);
    await setUp(person.id);
    return person.id;
  }

  it('lets exactly one of ten parallel app passwords through at limit - 1', async () => {
    const userId = await personAtLimitMinusOne({ maxAppPasswords: 2 }, (id) =>
      createAppPassword(em(), hub().config, id, 'first'),
    );
    const result = await outcomes(
      Array.from({ length: PARALLEL }, (_, index) =>
        createAppPassword(em(), hub().config, userId, `device-${index}`),
      ),
    );
    expect(result.succeeded).toBe(1);
    expect(result.refusals).toEqual(Array(PARALLEL - 1).fill('PRECONDITION_FAILED:limit-reached'));
    const mailbox = await em().findOneOrFail(Mailbox, { user: userId });
    expect(await em().count(DirectoryAppPassword, { name: mailbox.accountName })).toBe(2);
  });

  it('lets exactly one of ten parallel aliases through at limit - 1', async () => {
    const userId = await personAtLimitMinusOne({ maxAliases: 2 }, (id) =>
      addAlias(em(), hub().config, id, { localPart: `first-${id.slice(0, 8)}`, domain: 'mail.test' }),
    );
    const result = await outcomes(
      Array.from({ length: PARALLEL }, (_, index) =>
        addAlias(em(), hub().config, userId, {
          localPart: `par-${index}-${userId.slice(0, 8)}`,
          domain: 'mail.test',
        }),
      ),
    );
    expect(result.succeeded).toBe(1);
    expect(result.refusals).toEqual(Array(PARALLEL - 1).fill('PRECONDITION_FAILED:limit-reached'));
    expect(await em().count(DirectoryEmail, { type: 'alias', address: { $like: 'par-%' } })).toBe(1);
  });

  it('lets exactly one of ten parallel custom domains through at limit - 1', async () => {
    const userId = await personAtLimitMinusOne({ maxCustomDomains: 2 }, (id) =>
      addCustomDomain(em(), hub().config, id, 'first.example'),
    );
    const result = await outcomes(
      Array.from({ length: PARALLEL }, (_, index) =>
        addCustomDomain(em(), hub().config, userId, `parallel-${index}.example`),
      ),
    );
    expect(result.succeeded).toBe(1);
    expect(result.refusals).toEqual(Array(PARALLEL - 1).fill('PRECONDITION_FAILED:limit-reached'));
    expect(await em().count(CustomDomain, { user: userId })).toBe(2);
  });
});

describe('refusal reason codes', () => {
  const hub = useTestHub(() => testConfig());
  const em = () => hub().orm.em.fork();

  it('gives every address and domain rule a stable code beside its English reason', () => {
    const code = (input: string) => {
      const result = checkLocalPart(input);
      return result.ok ? null : result.code;
    };
    expect(code('')).toBe('required');
    expect(code('jane@x.org')).toBe('only-local-part');
    expect(code('jane+news')).toBe('plus-sign');
    expect(code('j')).toBe('too-short');
    expect(code('a'.repeat(65))).toBe('too-long');
    expect(code('jané')).toBe('invalid-characters');
    expect(code('.jane')).toBe('invalid-edges');
    expect(code('jane..doe')).toBe('double-dot');
    expect(code('postmaster')).toBe('reserved');
    expect(code('jane')).toBeNull();
    const domain = checkDomainName('not a domain');
    expect(domain.ok ? null : domain.code).toBe('invalid-domain');
  });

  it('puts the code on the errors of plan limits, taken addresses and unverified domains', async () => {
    const config = hub().config;
    const none = await createPerson(em(), {
      plan: await createPlan(em(), { maxAliases: 0, maxAppPasswords: 0, maxCustomDomains: 0 }),
    });
    await expect(createAppPassword(em(), hub().config, none.id, 'x')).rejects.toMatchObject({
      reason: 'no-mailbox',
    });
    await provisionMailbox(em(), config, none.id, 'reasons-none');
    await expect(createAppPassword(em(), hub().config, none.id, 'x')).rejects.toMatchObject({
      reason: 'not-included',
    });
    await expect(
      addAlias(em(), config, none.id, { localPart: 'other-none', domain: 'mail.test' }),
    ).rejects.toMatchObject({ reason: 'not-included' });
    await expect(addCustomDomain(em(), config, none.id, 'none.example')).rejects.toMatchObject({
      reason: 'not-included',
    });

    const some = await createPerson(em(), { plan: await createPlan(em()) });
    await expect(provisionMailbox(em(), config, some.id, 'reasons-none')).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'taken',
    });
    await expect(provisionMailbox(em(), config, some.id, 'abuse')).rejects.toMatchObject({
      reason: 'reserved',
      reasonParams: { localPart: 'abuse' },
    });
    await provisionMailbox(em(), config, some.id, 'reasons-some');
    await expect(
      addAlias(em(), config, some.id, { localPart: 'reasons-none', domain: 'mail.test' }),
    ).rejects.toMatchObject({ reason: 'taken' });
    await expect(
      addAlias(em(), config, some.id, { localPart: 'me+x', domain: 'mail.test' }),
    ).rejects.toMatchObject({ reason: 'plus-sign' });
    await expect(
      addAlias(em(), config, some.id, { localPart: 'me', domain: 'unverified.example' }),
    ).rejects.toMatchObject({ reason: 'domain-unverified', reasonParams: { domain: 'unverified.example' } });
    await expect(createAppPassword(em(), hub().config, some.id, 'a$b')).rejects.toMatchObject({
      reason: 'dollar-sign',
    });
    await addCustomDomain(em(), config, some.id, 'pending.example');
    await expect(setCatchAll(em(), some.id, 'pending.example', true)).rejects.toMatchObject({
      reason: 'domain-unverified',
    });
    await expect(addCustomDomain(em(), config, some.id, 'mail.test')).rejects.toMatchObject({
      reason: 'service-domain',
    });
  });
});
