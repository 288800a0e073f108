// Shared by the mail tests: people with plans (held through an active subscription, as billing
// leaves them), and a DNS resolver that answers from a table.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Plan, type PlanEntity, Subscription, UserPlan } from '../billing/entities.ts';
import { User, type UserEntity } from '../identity/entities.ts';
import type { DnsResolver } from '../kernel/dns.ts';

const GIB = 1024 ** 3;

export interface PlanLimits {
  mailboxQuotaBytes?: number;
  maxAliases?: number;
  maxAppPasswords?: number;
  maxCustomDomains?: number;
}

export async function createPlan(em: EntityManager, limits: PlanLimits = {}): Promise<PlanEntity> {
  const plan = em.create(Plan, {
    name: `Plan ${randomBytes(4).toString('hex')}`,
    mailboxQuotaBytes: limits.mailboxQuotaBytes ?? 5 * GIB,
    maxAliases: limits.maxAliases ?? 3,
    maxAppPasswords: limits.maxAppPasswords ?? 2,
    maxCustomDomains: limits.maxCustomDomains ?? 1,
  });
  await em.flush();
  return plan;
}

export async function createPerson(
  em: EntityManager,
  options: { plan?: PlanEntity | null; isStaff?: boolean } = {},
): Promise<UserEntity> {
  const id = randomBytes(5).toString('hex');
  const user = em.create(User, {
    email: `person-${id}@example.test`,
    username: `person-${id}`,
    displayName: `Person ${id}`,
    isStaff: options.isStaff ?? false,
  });
  // A plan is held through a subscription: billing's decision (which mail reads) comes from it.
  if (options.plan) {
    em.create(Subscription, {
      paddleId: `sub_fixture_${id}`,
      status: 'active',
      isActive: true,
      user,
      plan: options.plan,
      priceIds: [],
    });
    em.create(UserPlan, { user, plan: options.plan });
  }
  await em.flush();
  return user;
}

type Answer = string[][] | { exchange: string; priority: number }[] | string[] | Error;

/** DNS from a table: `TXT name`, `MX name`, `CNAME name` -> answer; anything else is NXDOMAIN. */
export function tableResolver(
  table: Record<string, Answer>,
): DnsResolver & { set(key: string, answer: Answer): void } {
  const answer = async <T>(key: string): Promise<T> => {
    const found = table[key];
    if (found instanceof Error) throw found;
    if (found === undefined) throw Object.assign(new Error(`queryX ENOTFOUND ${key}`), { code: 'ENOTFOUND' });
    return found as T;
  };
  return {
    resolveTxt: (name) => answer(`TXT ${name}`),
    resolveMx: (name) => answer(`MX ${name}`),
    resolveCname: (name) => answer(`CNAME ${name}`),
    set(key, value) {
      table[key] = value;
    },
  };
}
