import type { EntityManager } from '@mikro-orm/postgresql';
import { type ChangeSource, recordAccountChange, SYSTEM_CHANGE } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { badInput, conflict, isUniqueViolation, notFound, preconditionFailed } from '../kernel/errors.ts';
import { verifiedDomainsOf } from './custom-domains.ts';
import {
  DirectoryAccount,
  DirectoryEmail,
  type DirectoryEmailEntity,
  type MailboxEntity,
} from './entities.ts';
import { mailEntitlementsOf } from './entitlements.ts';
import { lockMailbox, mailDomains, requireMailbox } from './mailbox.ts';
import { checkDomainName, checkLocalPart, splitAddress } from './rules.ts';

/**
 * - primary: the account's address;
 * - automatic: the same local part on the other MAIL_DOMAINS, part of the mailbox;
 * - alias: added by the person, counted against their plan's limit;
 * - catch-all: `@<domain>`, an option of a verified custom domain;
 * - list: a mailing-list address staff attached to the account.
 */
export type AddressKind = 'primary' | 'automatic' | 'alias' | 'catch-all' | 'list';

export interface AddressDto {
  address: string;
  kind: AddressKind;
  createdAt: Date;
}

export function addressKind(
  config: HubConfig,
  mailbox: MailboxEntity,
  row: DirectoryEmailEntity,
): AddressKind {
  if (row.type === 'primary') return 'primary';
  if (row.type === 'list') return 'list';
  if (row.address.startsWith('@')) return 'catch-all';
  const parts = splitAddress(row.address);
  if (parts && parts.localPart === mailbox.localPart && mailDomains(config).includes(parts.domain)) {
    return 'automatic';
  }
  return 'alias';
}

export async function listAddresses(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<AddressDto[]> {
  const mailbox = await requireMailbox(em, userId);
  const rows = await em.find(DirectoryEmail, { name: mailbox.accountName }, { orderBy: { address: 'asc' } });
  const order: AddressKind[] = ['primary', 'automatic', 'alias', 'catch-all', 'list'];
  return rows
    .map((row) => ({
      address: row.address,
      kind: addressKind(config, mailbox, row),
      createdAt: row.createdAt,
    }))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.address.localeCompare(b.address));
}

async function countOwnAliases(
  em: EntityManager,
  config: HubConfig,
  mailbox: MailboxEntity,
): Promise<number> {
  const rows = await em.find(DirectoryEmail, { name: mailbox.accountName, type: 'alias' });
  return rows.filter((row) => addressKind(config, mailbox, row) === 'alias').length;
}

/**
 * Adds `<local part>@<domain>` to the person's mailbox. The domain is one of MAIL_DOMAINS or one of
 * their verified domains; reserved local parts are refused on MAIL_DOMAINS but allowed on the
 * person's own domain (postmaster@ their domain should reach them). Unique across the directory.
 */
export async function addAlias(
  em: EntityManager,
  config: HubConfig,
  userId: string,
  input: { localPart: string; domain: string },
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<AddressDto> {
  const domainCheck = checkDomainName(input.domain);
  if (!domainCheck.ok) throw badInput(domainCheck.reason, 'domain', domainCheck.code);
  const domain = domainCheck.domain;
  const ownDomains = mailDomains(config);
  const isServiceDomain = ownDomains.includes(domain);
  const localCheck = checkLocalPart(input.localPart, { allowReserved: !isServiceDomain });
  const taken = (address: string) => conflict(`${address} is already taken.`, 'localPart', 'taken');
  try {
    return await em.transactional(async (tx) => {
      // Counting and inserting under the mailbox lock: parallel requests cannot pass the limit.
      const mailbox = await lockMailbox(tx, userId, { activeFor: 'adding an alias' });
      if (!isServiceDomain && !(await verifiedDomainsOf(tx, userId)).includes(domain)) {
        throw badInput(
          `${domain} is not one of your verified domains. Add and verify it first.`,
          'domain',
          'domain-unverified',
          { domain },
        );
      }
      if (!localCheck.ok) throw badInput(localCheck.reason, 'localPart', localCheck.code, localCheck.params);
      const address = `${localCheck.localPart}@${domain}`;

      const entitlements = await mailEntitlementsOf(tx, config, userId);
      const limit = entitlements?.maxAliases ?? 0;
      const used = await countOwnAliases(tx, config, mailbox);
      if (used >= limit) {
        throw limit === 0
          ? preconditionFailed('Your plan includes no aliases.', 'not-included')
          : preconditionFailed(
              `Your plan allows ${limit} aliases and you have ${used}. Remove one first.`,
              'limit-reached',
              { limit },
            );
      }
      const inUse =
        (await tx.count(DirectoryEmail, { address })) + (await tx.count(DirectoryAccount, { name: address }));
      if (inUse > 0) throw taken(address);
      const row = tx.create(DirectoryEmail, { name: mailbox.accountName, address, type: 'alias' });
      recordAccountChange(tx, source, {
        action: 'alias.added',
        entityType: 'alias',
        entityId: address,
        subjectUserId: userId,
        after: { address },
      });
      await tx.flush();
      return { address, kind: 'alias' as const, createdAt: row.createdAt };
    });
  } catch (error) {
    if (isUniqueViolation(error) && localCheck.ok) throw taken(`${localCheck.localPart}@${domain}`);
    throw error;
  }
}

export async function removeAlias(
  em: EntityManager,
  config: HubConfig,
  userId: string,
  addressInput: string,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<void> {
  const address = addressInput.trim().toLowerCase();
  const mailbox = await requireMailbox(em, userId);
  const row = await em.findOne(DirectoryEmail, { address, name: mailbox.accountName });
  if (!row) throw notFound(`The alias ${address}`);
  const kind = addressKind(config, mailbox, row);
  if (kind !== 'alias') {
    throw kind === 'catch-all'
      ? preconditionFailed('Turn the catch-all off in the domain settings instead.', 'catch-all-setting')
      : preconditionFailed(`${address} comes with your mailbox and cannot be removed.`, 'not-removable');
  }
  em.remove(row);
  recordAccountChange(em, source, {
    action: 'alias.removed',
    entityType: 'alias',
    entityId: address,
    subjectUserId: userId,
    before: { address },
  });
  await em.flush();
}
