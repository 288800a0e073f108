import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MailEntitlements } from '../billing/index.ts';
import { User, type UserEntity } from '../identity/index.ts';
import { type ChangeSource, recordAccountChange, SYSTEM_CHANGE } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { command } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import {
  badInput,
  conflict,
  type HubErrorReason,
  isUniqueViolation,
  notFound,
  preconditionFailed,
  type ReasonParams,
} from '../kernel/errors.ts';
import { DirectoryAccount, DirectoryEmail, Mailbox, type MailboxEntity } from './entities.ts';
import {
  applyStateToAccount,
  effectiveState,
  type MailboxState,
  mailEntitlementsOf,
} from './entitlements.ts';
import { emitMailboxUpdated } from './events.ts';
import { checkLocalPart } from './rules.ts';

/** The hub's own mail domains, lower-case; the first one holds primary addresses. */
export function mailDomains(config: HubConfig): string[] {
  return config.mail.domains.map((domain) => domain.toLowerCase());
}

export function primaryDomain(config: HubConfig): string {
  const first = mailDomains(config)[0];
  if (!first) throw new Error('MAIL_DOMAINS names no domain');
  return first;
}

/** Makes sure Stalwart's `domains` query knows every MAIL_DOMAINS entry. Idempotent. */
export async function ensureMailDomains(em: EntityManager, config: HubConfig): Promise<void> {
  for (const domain of mailDomains(config)) {
    await command(
      em,
      sql`insert into directory.domains (id, name) values (gen_random_uuid(), ${domain}) on conflict (name) do nothing`,
    );
  }
}

export interface AddressAvailability {
  localPart: string;
  address: string;
  available: boolean;
  /** Why not, in words for the person (English). */
  reason: string | null;
  /** Why not, as a stable code (errors.ts) the dashboard words in the person's language. */
  reasonCode: HubErrorReason | null;
  reasonParams: ReasonParams | null;
}

/** As the person types: is `<local part>@<first domain>` (and its twins on the other domains) free? */
export async function checkAddressAvailability(
  em: EntityManager,
  config: HubConfig,
  input: string,
): Promise<AddressAvailability> {
  const checked = checkLocalPart(input);
  const localPart = checked.ok ? checked.localPart : input.trim().toLowerCase();
  const address = `${localPart}@${primaryDomain(config)}`;
  if (!checked.ok) {
    return {
      localPart,
      address,
      available: false,
      reason: checked.reason,
      reasonCode: checked.code,
      reasonParams: checked.params ?? null,
    };
  }
  const addresses = mailDomains(config).map((domain) => `${localPart}@${domain}`);
  const [takenAddress, takenName, takenLocalPart] = await Promise.all([
    em.count(DirectoryEmail, { address: { $in: addresses } }),
    em.count(DirectoryAccount, { name: { $in: addresses } }),
    em.count(Mailbox, { localPart }),
  ]);
  if (takenAddress + takenName + takenLocalPart > 0) {
    return {
      localPart,
      address,
      available: false,
      reason: 'This address is already taken.',
      reasonCode: 'taken',
      reasonParams: null,
    };
  }
  return { localPart, address, available: true, reason: null, reasonCode: null, reasonParams: null };
}

/**
 * Keeps the directory account's description (the name Stalwart gives the account) equal to the
 * person's display name, in the caller's transaction. Nothing to do without a mailbox.
 */
export async function followDisplayName(
  em: EntityManager,
  userId: string,
  displayName: string | null,
): Promise<void> {
  const mailbox = await em.findOne(Mailbox, { user: userId });
  if (!mailbox) return;
  const account = await em.findOne(DirectoryAccount, { name: mailbox.accountName });
  if (account) account.description = displayName;
}

export interface RepairReport {
  /** What was missing or wrong and has been put right. */
  fixed: string[];
  /** What could not be put right, e.g. an address now held by someone else. */
  problems: string[];
}

/**
 * Builds or rebuilds the directory rows of a mailbox from the person's entitlements: the account
 * (name = primary address), the primary address, the same local part as alias on the other
 * MAIL_DOMAINS, quota and state. Never removes an address the person added.
 */
export async function ensureMailboxRows(
  em: EntityManager,
  config: HubConfig,
  mailbox: MailboxEntity,
  user: UserEntity,
  entitlements: MailEntitlements | null,
): Promise<RepairReport> {
  const report: RepairReport = { fixed: [], problems: [] };
  await ensureMailDomains(em, config);
  const state = effectiveState(mailbox, entitlements);
  let account = await em.findOne(DirectoryAccount, { name: mailbox.accountName });
  if (!account) {
    account = em.create(DirectoryAccount, {
      name: mailbox.accountName,
      description: user.displayName ?? null,
      type: 'individual',
      quota: mailbox.quotaOverride ?? entitlements?.quotaBytes ?? 0,
    });
    report.fixed.push(`created account ${mailbox.accountName}`);
  }
  if ((account.description ?? null) !== (user.displayName ?? null)) {
    account.description = user.displayName ?? null;
    report.fixed.push(`set the description to the display name`);
  }
  const before = { quota: account.quota, active: account.active, loginAllowed: account.loginAllowed };
  applyStateToAccount(account, mailbox, state, entitlements);
  if (
    before.quota !== account.quota ||
    before.active !== account.active ||
    before.loginAllowed !== account.loginAllowed
  ) {
    report.fixed.push(
      `set quota ${account.quota}, active ${account.active}, sign-in ${account.loginAllowed}`,
    );
  }
  // Emails reference the account by name: the account row must exist first.
  await em.flush();

  const wanted = mailDomains(config).map((domain, index) => ({
    address: `${mailbox.localPart}@${domain}`,
    type: index === 0 ? ('primary' as const) : ('alias' as const),
  }));
  const existing = await em.find(DirectoryEmail, { address: { $in: wanted.map((row) => row.address) } });
  for (const row of wanted) {
    const found = existing.find((email) => email.address === row.address);
    if (!found) {
      em.create(DirectoryEmail, { name: mailbox.accountName, address: row.address, type: row.type });
      report.fixed.push(`added ${row.type} address ${row.address}`);
    } else if (found.name !== mailbox.accountName) {
      report.problems.push(`${row.address} belongs to ${found.name}`);
    } else if (found.type !== row.type) {
      found.type = row.type;
      report.fixed.push(`made ${row.address} the ${row.type} address`);
    }
  }
  if (mailbox.state !== state) {
    mailbox.state = state;
    report.fixed.push(`mailbox state ${state}`);
  }
  await em.flush();
  return report;
}

/**
 * Gives a person their mailbox at `<local part>@<first domain>`. Idempotent: asking again for the
 * same address changes nothing; a different address is refused (the address is the account name).
 * The rows and the `mailbox.updated` event commit together or not at all.
 */
export async function provisionMailbox(
  em: EntityManager,
  config: HubConfig,
  userId: string,
  input: string,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<MailboxEntity> {
  const checked = checkLocalPart(input);
  if (!checked.ok) throw badInput(checked.reason, 'localPart', checked.code, checked.params);
  const localPart = checked.localPart;
  try {
    return await em.transactional(async (tx) => {
      const user = await tx.findOne(User, { id: userId });
      if (!user) throw notFound('The person');
      const entitlements = await mailEntitlementsOf(tx, config, userId);
      const existing = await tx.findOne(Mailbox, { user: userId });
      if (existing) {
        if (existing.localPart !== localPart) {
          throw conflict(
            `You already have the mailbox ${existing.accountName}; its address cannot change.`,
            undefined,
            'address-fixed',
          );
        }
        await ensureMailboxRows(tx, config, existing, user, entitlements);
        return existing;
      }
      if (entitlements?.mailbox !== 'active') {
        throw preconditionFailed(
          'Your plan does not include a mailbox. Choose a plan with mail first.',
          'no-mail-plan',
        );
      }
      const availability = await checkAddressAvailability(tx, config, localPart);
      if (!availability.available) {
        throw conflict(
          availability.reason ?? 'This address is taken.',
          'localPart',
          availability.reasonCode ?? 'taken',
          availability.reasonParams ?? undefined,
        );
      }
      const mailbox = tx.create(Mailbox, {
        user,
        accountName: availability.address,
        localPart,
        state: 'active',
      });
      await ensureMailboxRows(tx, config, mailbox, user, entitlements);
      emitMailboxUpdated(tx, mailbox);
      recordAccountChange(tx, source, {
        action: 'mailbox.created',
        entityType: 'mailbox',
        entityId: mailbox.accountName,
        subjectUserId: userId,
        after: { address: mailbox.accountName },
      });
      await tx.flush();
      return mailbox;
    });
  } catch (error) {
    // Someone took the address between the check and the insert.
    if (isUniqueViolation(error)) {
      throw conflict('This address was just taken. Try another.', 'localPart', 'taken');
    }
    throw error;
  }
}

export interface ConnectionSettings {
  username: string;
  imap: { host: string; port: number; security: 'tls' | 'starttls' };
  smtp: { host: string; port: number; security: 'tls' | 'starttls' };
  jmap: { url: string };
  /** Mail apps sign in with an app password, never with the hub password. */
  password: 'app-password';
}

export function connectionSettings(config: HubConfig, address: string): ConnectionSettings {
  return {
    username: address,
    imap: { ...config.mail.imap },
    smtp: { ...config.mail.smtp },
    jmap: { url: config.mail.jmapUrl },
    password: 'app-password',
  };
}

export interface MailOverview {
  mailbox: {
    address: string;
    state: MailboxState;
    suspended: boolean;
    quota: {
      totalBytes: number;
      /**
       * Stalwart counts usage in its own store (its management API reports it per account); the
       * hub cannot read it, so this is null until a Stalwart API client is configured.
       */
      usedBytes: number | null;
    };
    createdAt: Date;
  } | null;
  entitlements: MailEntitlements | null;
  /** True when the person may choose an address now (a plan with a mailbox, none yet). */
  canChooseAddress: boolean;
  domains: string[];
  connection: ConnectionSettings | null;
}

export async function mailOverview(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<MailOverview> {
  const [mailbox, entitlements] = await Promise.all([
    em.findOne(Mailbox, { user: userId }),
    mailEntitlementsOf(em, config, userId),
  ]);
  const account = mailbox ? await em.findOne(DirectoryAccount, { name: mailbox.accountName }) : null;
  return {
    mailbox: mailbox
      ? {
          address: mailbox.accountName,
          state: mailbox.state,
          suspended: Boolean(mailbox.suspendedAt),
          quota: { totalBytes: account?.quota ?? 0, usedBytes: null },
          createdAt: mailbox.createdAt,
        }
      : null,
    entitlements,
    canChooseAddress: !mailbox && entitlements?.mailbox === 'active',
    domains: mailDomains(config),
    connection: mailbox ? connectionSettings(config, mailbox.accountName) : null,
  };
}

/** The person's mailbox, or a clear refusal when they have none (or it cannot be used for `what`). */
export async function requireMailbox(
  em: EntityManager,
  userId: string,
  options: { activeFor?: string } = {},
): Promise<MailboxEntity> {
  const mailbox = await em.findOne(Mailbox, { user: userId });
  return usableMailbox(mailbox, options);
}

/**
 * The person's mailbox, locked (SELECT … FOR UPDATE) until the caller's transaction ends: plan
 * limits are counted and then inserted under this lock, so concurrent requests of one person
 * cannot each see room for one more. Call it inside `em.transactional`.
 */
export async function lockMailbox(
  tx: EntityManager,
  userId: string,
  options: { activeFor?: string } = {},
): Promise<MailboxEntity> {
  const mailbox = await tx.findOne(
    Mailbox,
    { user: userId },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  return usableMailbox(mailbox, options);
}

function usableMailbox(mailbox: MailboxEntity | null, options: { activeFor?: string }): MailboxEntity {
  if (!mailbox) {
    throw preconditionFailed('You have no mailbox yet. Choose your address first.', 'no-mailbox');
  }
  if (options.activeFor && mailbox.state !== 'active') {
    throw mailbox.state === 'receive-only'
      ? preconditionFailed(
          `Your mailbox only receives mail while your plan has lapsed, so ${options.activeFor} is not possible now.`,
          'mailbox-receive-only',
        )
      : preconditionFailed(
          `Your mailbox is inactive, so ${options.activeFor} is not possible now.`,
          'mailbox-inactive',
        );
  }
  return mailbox;
}
