import { describe, expect, it } from 'vitest';
import { Plan } from '../../billing/entities.ts';
import { Client, ClientContact, ClientEnvironment } from '../../clients/entities.ts';
import { authenticateClientToken } from '../../clients/environment-tokens.ts';
import { User } from '../../identity/entities.ts';
import { verifySecret } from '../../kernel/crypto/argon2.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { seedDevData } from './seed.ts';

const OPTIONS = {
  staffEmail: 'Staff@Example.test',
  staffPassword: 'dev-password',
  demoRedirectUrl: 'http://localhost:4000/callback',
};

describe('the dev seed (pnpm dev, pnpm accounts db:seed)', () => {
  const hub = useTestHub(() => testConfig());

  it('creates a staff user, two plans and a demo client with a working dev environment token', async () => {
    const result = await seedDevData(hub().orm.em.fork(), OPTIONS);
    expect(result.created).toEqual([
      'staff user staff@example.test',
      'plan Mail Basic',
      'plan Mail Plus',
      'client Demo Calendar (dev environment)',
    ]);

    const em = hub().orm.em.fork();
    const staff = await em.findOneOrFail(User, { email: 'staff@example.test' }, { populate: ['password'] });
    expect(staff).toMatchObject({ username: 'staff', isStaff: true, isSuperuser: true, isActive: true });
    expect(await verifySecret(staff.password!, 'dev-password')).toBe(true);

    const plans = await em.find(Plan, {}, { orderBy: { sortOrder: 'asc' } });
    expect(plans.map((plan) => [plan.name, plan.paddlePriceIds, plan.priceAmount, plan.currency])).toEqual([
      ['Mail Basic', ['pri_dev_basic_month'], 300, 'EUR'],
      ['Mail Plus', ['pri_dev_plus_month'], 900, 'EUR'],
    ]);
    expect(plans[0]!.mailboxQuotaBytes).toBeLessThan(plans[1]!.mailboxQuotaBytes);

    const client = await em.findOneOrFail(Client, { name: 'Demo Calendar' });
    expect(await em.count(ClientContact, { client })).toBe(1);
    const environment = await em.findOneOrFail(ClientEnvironment, { client });
    expect(environment).toMatchObject({
      environment: 'dev',
      redirectUrl: OPTIONS.demoRedirectUrl,
      isActive: true,
    });
    // Only the hash is stored; the token shown once is the one that authenticates.
    expect(result.demoEnvironmentToken).toMatch(/^acc_env_/);
    expect(Buffer.isBuffer(environment.authToken)).toBe(true);
    const authenticated = await authenticateClientToken(em, result.demoEnvironmentToken!);
    expect(authenticated.id).toBe(environment.id);
  });

  it('is idempotent: a second run adds nothing, changes nothing and shows no new token', async () => {
    const em = hub().orm.em.fork();
    const counts = async () => ({
      users: await em.count(User),
      plans: await em.count(Plan),
      clients: await em.count(Client),
      contacts: await em.count(ClientContact),
      environments: await em.count(ClientEnvironment),
    });
    const before = await counts();
    expect(before).toEqual({ users: 1, plans: 2, clients: 1, contacts: 1, environments: 1 });
    const tokenBefore = (await em.findOneOrFail(ClientEnvironment, { environment: 'dev' })).authToken;

    const again = await seedDevData(hub().orm.em.fork(), OPTIONS);
    expect(again).toEqual({ created: [], demoEnvironmentToken: null });
    expect(await counts()).toEqual(before);
    em.clear();
    expect((await em.findOneOrFail(ClientEnvironment, { environment: 'dev' })).authToken).toEqual(
      tokenBefore,
    );
  });
});
