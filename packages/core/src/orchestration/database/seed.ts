import type { EntityManager } from '@mikro-orm/postgresql';
import { Plan } from '../../billing/index.ts';
import { Client, ClientContact, ClientEnvironment, generateEnvironmentToken } from '../../clients/index.ts';
import { changeRoles, User } from '../../identity/index.ts';
import { hashSecret } from '../../kernel/crypto/argon2.ts';

export interface SeedOptions {
  staffEmail: string;
  staffPassword: string;
  demoRedirectUrl: string;
}

export interface SeedResult {
  created: string[];
  /** Shown once, only when the demo environment was created by this run. */
  demoEnvironmentToken: string | null;
}

const GIB = 1024 ** 3;

/** Dev data: a staff user, two plans and a demo client with a dev environment. Idempotent. */
export async function seedDevData(em: EntityManager, options: SeedOptions): Promise<SeedResult> {
  const created: string[] = [];
  let demoEnvironmentToken: string | null = null;

  const staffEmail = options.staffEmail.toLowerCase();
  if (!(await em.findOne(User, { email: staffEmail }))) {
    const staff = em.create(User, {
      email: staffEmail,
      emailVerified: true,
      username: staffEmail.split('@')[0]!,
      displayName: 'Dev Staff',
      password: await hashSecret(options.staffPassword),
    });
    changeRoles(em, null, staff, { isSuperuser: true }, null);
    created.push(`staff user ${staffEmail}`);
  }

  const plans = [
    {
      name: 'Mail Basic',
      description: 'A mailbox with 5 GB and a few aliases.',
      paddlePriceIds: ['pri_dev_basic_month'],
      priceAmount: 300,
      mailboxQuotaBytes: 5 * GIB,
      maxAliases: 5,
      maxAppPasswords: 5,
      maxCustomDomains: 0,
      sortOrder: 1,
    },
    {
      name: 'Mail Plus',
      description: '50 GB, many aliases and your own domains.',
      paddlePriceIds: ['pri_dev_plus_month'],
      priceAmount: 900,
      mailboxQuotaBytes: 50 * GIB,
      maxAliases: 50,
      maxAppPasswords: 20,
      maxCustomDomains: 3,
      sortOrder: 2,
    },
  ];
  for (const plan of plans) {
    if (!(await em.findOne(Plan, { name: plan.name }))) {
      em.create(Plan, { ...plan, currency: 'EUR', billingInterval: 'month' });
      created.push(`plan ${plan.name}`);
    }
  }

  if (!(await em.findOne(Client, { name: 'Demo Calendar' }))) {
    const client = em.create(Client, {
      name: 'Demo Calendar',
      description: 'A sample client app for development.',
    });
    em.create(ClientContact, { client, name: 'Dev Team', email: 'dev@example.test', website: null });
    const token = generateEnvironmentToken();
    em.create(ClientEnvironment, {
      client,
      environment: 'dev',
      redirectUrl: options.demoRedirectUrl,
      authToken: token.hash,
      tokenHint: token.hint,
    });
    demoEnvironmentToken = token.token;
    created.push('client Demo Calendar (dev environment)');
  }

  await em.flush();
  return { created, demoEnvironmentToken };
}
