import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../identity/index.ts';
import { type Actor, recordAudit } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { escapeLike } from '../kernel/db/sql.ts';
import { badInput, conflict, isUniqueViolation, notFound, preconditionFailed } from '../kernel/errors.ts';
import {
  DirectoryAccount,
  type DirectoryAccountEntity,
  DirectoryAppPassword,
  DirectoryDomain,
  DirectoryEmail,
  DirectoryGroupMember,
  Mailbox,
} from './entities.ts';
import { applyStateToAccount, effectiveState, mailEntitlementsOf } from './entitlements.ts';
import { emitMailboxUpdated } from './events.ts';
import { ensureMailboxRows, ensureMailDomains, mailDomains, type RepairReport } from './mailbox.ts';
import { checkDomainName, checkLocalPart } from './rules.ts';

/** Who did it and from where, for the audit log. */
export interface StaffActor extends Actor {
  ip: string | null;
}

export interface AccountSummaryDto {
  name: string;
  type: 'individual' | 'group';
  description: string | null;
  quotaBytes: number;
  active: boolean;
  loginAllowed: boolean;
  owner: {
    userId: string;
    email: string;
    state: string;
    suspended: boolean;
    /** Staff's quota instead of the plan's, if set. */
    quotaOverrideBytes: number | null;
  } | null;
}

export interface AccountDetailDto extends AccountSummaryDto {
  addresses: { address: string; type: 'primary' | 'alias' | 'list' }[];
  memberOf: string[];
  members: string[];
  appPasswords: number;
}

async function summaries(
  em: EntityManager,
  accounts: DirectoryAccountEntity[],
): Promise<AccountSummaryDto[]> {
  const mailboxes = accounts.length
    ? await em.find(Mailbox, { accountName: { $in: accounts.map((a) => a.name) } }, { populate: ['user'] })
    : [];
  return accounts.map((account) => {
    const mailbox = mailboxes.find((row) => row.accountName === account.name);
    return {
      name: account.name,
      type: account.type,
      description: account.description ?? null,
      quotaBytes: account.quota,
      active: account.active,
      loginAllowed: account.loginAllowed,
      owner: mailbox
        ? {
            userId: mailbox.user.id,
            email: (mailbox.user as { email: string }).email,
            state: mailbox.state,
            suspended: Boolean(mailbox.suspendedAt),
            quotaOverrideBytes: mailbox.quotaOverride ?? null,
          }
        : null,
    };
  });
}

/** Accounts whose name or one of whose addresses contains `query`; newest first. */
export async function searchAccounts(
  em: EntityManager,
  input: { query: string; type?: 'individual' | 'group'; limit: number; offset: number },
): Promise<{ accounts: AccountSummaryDto[]; total: number }> {
  const pattern = `%${escapeLike(input.query.trim().toLowerCase())}%`;
  const byAddress = input.query.trim()
    ? (await em.find(DirectoryEmail, { address: { $like: pattern } }, { fields: ['name'], limit: 500 })).map(
        (row) => row.name,
      )
    : [];
  const where = {
    ...(input.type ? { type: input.type } : {}),
    ...(input.query.trim() ? { $or: [{ name: { $like: pattern } }, { name: { $in: byAddress } }] } : {}),
  };
  const [accounts, total] = await em.findAndCount(DirectoryAccount, where, {
    orderBy: { createdAt: 'desc', name: 'asc' },
    limit: input.limit,
    offset: input.offset,
  });
  return { accounts: await summaries(em, accounts), total };
}

async function findAccount(em: EntityManager, nameInput: string): Promise<DirectoryAccountEntity> {
  const name = nameInput.trim().toLowerCase();
  const account = await em.findOne(DirectoryAccount, { name });
  if (!account) throw notFound(`The account ${name}`);
  return account;
}

export async function getAccount(em: EntityManager, name: string): Promise<AccountDetailDto> {
  const account = await findAccount(em, name);
  const [summary] = await summaries(em, [account]);
  const [addresses, memberOf, members, appPasswords] = await Promise.all([
    em.find(DirectoryEmail, { name: account.name }, { orderBy: { type: 'desc', address: 'asc' } }),
    em.find(DirectoryGroupMember, { name: account.name }, { orderBy: { memberOf: 'asc' } }),
    em.find(DirectoryGroupMember, { memberOf: account.name }, { orderBy: { name: 'asc' } }),
    em.count(DirectoryAppPassword, { name: account.name }),
  ]);
  return {
    ...summary!,
    addresses: addresses.map((row) => ({ address: row.address, type: row.type })),
    memberOf: memberOf.map((row) => row.memberOf),
    members: members.map((row) => row.name),
    appPasswords,
  };
}

const accountSnapshot = (account: DirectoryAccountEntity) => ({
  name: account.name,
  quota: account.quota,
  active: account.active,
  loginAllowed: account.loginAllowed,
});

/**
 * Staff set an account's quota. On a person's mailbox it is an override that outlives plan changes
 * and repairs; null clears it and the plan's quota applies again.
 */
export async function setQuota(
  em: EntityManager,
  config: HubConfig,
  actor: StaffActor,
  name: string,
  quotaBytes: number | null,
): Promise<AccountDetailDto> {
  const account = await findAccount(em, name);
  const before = accountSnapshot(account);
  const mailbox = await em.findOne(Mailbox, { accountName: account.name });
  if (mailbox) {
    mailbox.quotaOverride = quotaBytes;
    const entitlements = await mailEntitlementsOf(em, config, mailbox.user.id);
    applyStateToAccount(account, mailbox, effectiveState(mailbox, entitlements), entitlements);
  } else if (quotaBytes === null) {
    throw badInput('Only a person’s mailbox can go back to its plan’s quota; give a number.', 'quotaBytes');
  } else {
    account.quota = quotaBytes;
  }
  recordAudit(em, {
    actor,
    ip: actor.ip,
    action: 'mail.account.quota',
    entityType: 'directory.account',
    entityId: account.name,
    subjectUserId: mailbox?.user.id ?? null,
    before,
    after: { ...accountSnapshot(account), quotaOverride: mailbox?.quotaOverride ?? null },
  });
  await em.flush();
  return getAccount(em, account.name);
}

/**
 * Staff turn an account off or on. For a person's mailbox this is a suspension that outlives plan
 * changes (Mailbox.suspendedAt); turning it back on restores what the plan allows.
 */
export async function setActive(
  em: EntityManager,
  config: HubConfig,
  actor: StaffActor,
  name: string,
  active: boolean,
): Promise<AccountDetailDto> {
  const account = await findAccount(em, name);
  const before = accountSnapshot(account);
  const mailbox = await em.findOne(Mailbox, { accountName: account.name });
  if (mailbox) {
    mailbox.suspendedAt = active ? null : (mailbox.suspendedAt ?? new Date());
    const entitlements = await mailEntitlementsOf(em, config, mailbox.user.id);
    const state = effectiveState(mailbox, entitlements);
    applyStateToAccount(account, mailbox, state, entitlements);
    if (mailbox.state !== state) {
      mailbox.state = state;
      emitMailboxUpdated(em, mailbox);
    }
  } else {
    account.active = active;
  }
  recordAudit(em, {
    actor,
    ip: actor.ip,
    action: active ? 'mail.account.activate' : 'mail.account.deactivate',
    entityType: 'directory.account',
    entityId: account.name,
    subjectUserId: mailbox?.user.id ?? null,
    before,
    after: accountSnapshot(account),
  });
  await em.flush();
  return getAccount(em, account.name);
}

/**
 * The domains staff can put group and list addresses on: MAIL_DOMAINS (served from the start,
 * even before the first mailbox lists them) first, then the verified custom domains.
 */
export async function listServedDomains(em: EntityManager, config: HubConfig): Promise<string[]> {
  const own = mailDomains(config);
  const rows = await em.find(DirectoryDomain, { name: { $nin: own } }, { orderBy: { name: 'asc' } });
  return [...own, ...rows.map((row) => row.name)];
}

async function requireServedDomain(em: EntityManager, domainInput: string): Promise<string> {
  const checked = checkDomainName(domainInput);
  if (!checked.ok) throw badInput(checked.reason, 'domain');
  if (!(await em.count(DirectoryDomain, { name: checked.domain }))) {
    throw badInput(`The mail server does not serve ${checked.domain}.`, 'domain');
  }
  return checked.domain;
}

async function staffAddress(
  em: EntityManager,
  config: HubConfig,
  input: { localPart: string; domain: string },
): Promise<string> {
  // Our own domains are served from the start, even before the first mailbox listed them.
  await ensureMailDomains(em, config);
  const domain = await requireServedDomain(em, input.domain);
  const checked = checkLocalPart(input.localPart, { allowReserved: true });
  if (!checked.ok) throw badInput(checked.reason, 'localPart');
  const address = `${checked.localPart}@${domain}`;
  const taken =
    (await em.count(DirectoryEmail, { address })) + (await em.count(DirectoryAccount, { name: address }));
  if (taken) throw conflict(`${address} is already taken.`, 'localPart');
  return address;
}

/** A group account (shared mailbox, team): name = its address, reserved local parts allowed. */
export async function createGroup(
  em: EntityManager,
  config: HubConfig,
  actor: StaffActor,
  input: { localPart: string; domain: string; description: string | null },
): Promise<AccountDetailDto> {
  const address = await staffAddress(em, config, input);
  try {
    await em.transactional(async (tx) => {
      tx.create(DirectoryAccount, { name: address, type: 'group', description: input.description });
      await tx.flush();
      tx.create(DirectoryEmail, { name: address, address, type: 'primary' });
      recordAudit(tx, {
        actor,
        ip: actor.ip,
        action: 'mail.group.create',
        entityType: 'directory.account',
        entityId: address,
        after: { name: address, type: 'group', description: input.description },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`${address} is already taken.`, 'localPart');
    throw error;
  }
  return getAccount(em, address);
}

export async function deleteGroup(em: EntityManager, actor: StaffActor, name: string): Promise<void> {
  const account = await findAccount(em, name);
  if (account.type !== 'group') throw preconditionFailed(`${account.name} is not a group account.`);
  recordAudit(em, {
    actor,
    ip: actor.ip,
    action: 'mail.group.delete',
    entityType: 'directory.account',
    entityId: account.name,
    before: accountSnapshot(account),
  });
  em.remove(account);
  await em.flush();
}

export async function setGroupMember(
  em: EntityManager,
  actor: StaffActor,
  input: { group: string; member: string; isMember: boolean },
): Promise<AccountDetailDto> {
  const group = await findAccount(em, input.group);
  if (group.type !== 'group') throw preconditionFailed(`${group.name} is not a group account.`);
  const member = await findAccount(em, input.member);
  if (member.name === group.name) throw badInput('A group cannot be a member of itself.', 'member');
  const existing = await em.findOne(DirectoryGroupMember, { name: member.name, memberOf: group.name });
  if (input.isMember && !existing)
    em.create(DirectoryGroupMember, { name: member.name, memberOf: group.name });
  if (!input.isMember && existing) em.remove(existing);
  if (input.isMember !== Boolean(existing)) {
    recordAudit(em, {
      actor,
      ip: actor.ip,
      action: input.isMember ? 'mail.group.member.add' : 'mail.group.member.remove',
      entityType: 'directory.account',
      entityId: group.name,
      after: { member: member.name },
    });
  }
  await em.flush();
  return getAccount(em, group.name);
}

/**
 * Attaches a mailing-list address to an account (usually a group). Addresses are unique across the
 * directory, so one list address leads to exactly one account.
 */
export async function addListAddress(
  em: EntityManager,
  config: HubConfig,
  actor: StaffActor,
  input: { account: string; localPart: string; domain: string },
): Promise<AccountDetailDto> {
  const account = await findAccount(em, input.account);
  const address = await staffAddress(em, config, input);
  em.create(DirectoryEmail, { name: account.name, address, type: 'list' });
  recordAudit(em, {
    actor,
    ip: actor.ip,
    action: 'mail.list.add',
    entityType: 'directory.account',
    entityId: account.name,
    after: { address },
  });
  try {
    await em.flush();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`${address} is already taken.`, 'localPart');
    throw error;
  }
  return getAccount(em, account.name);
}

export async function removeListAddress(
  em: EntityManager,
  actor: StaffActor,
  addressInput: string,
): Promise<void> {
  const address = addressInput.trim().toLowerCase();
  const row = await em.findOne(DirectoryEmail, { address, type: 'list' });
  if (!row) throw notFound(`The list address ${address}`);
  recordAudit(em, {
    actor,
    ip: actor.ip,
    action: 'mail.list.remove',
    entityType: 'directory.account',
    entityId: row.name,
    before: { address },
  });
  em.remove(row);
  await em.flush();
}

/** Rebuilds a person's directory rows from their mailbox link and entitlements. */
export async function repairMailbox(
  em: EntityManager,
  config: HubConfig,
  actor: StaffActor,
  userId: string,
): Promise<RepairReport> {
  return em.transactional(async (tx) => {
    const user = await tx.findOne(User, { id: userId });
    if (!user) throw notFound('The person');
    const mailbox = await tx.findOne(Mailbox, { user: userId });
    if (!mailbox) throw preconditionFailed(`${user.email} has no mailbox to repair.`);
    const entitlements = await mailEntitlementsOf(tx, config, userId);
    const report = await ensureMailboxRows(tx, config, mailbox, user, entitlements);
    recordAudit(tx, {
      actor,
      ip: actor.ip,
      action: 'mail.mailbox.repair',
      entityType: 'mailbox',
      entityId: mailbox.id,
      subjectUserId: userId,
      after: { fixed: report.fixed, problems: report.problems },
    });
    await tx.flush();
    return report;
  });
}
