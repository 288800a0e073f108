import type { EntityManager } from '@mikro-orm/postgresql';
import { notifyPerson, User } from '../identity/index.ts';
import { type ChangeSource, recordAccountChange, SYSTEM_CHANGE } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { randomToken } from '../kernel/crypto/tokens.ts';
import { command } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { type DnsResolver, isNoRecord } from '../kernel/dns.ts';
import { badInput, conflict, isUniqueViolation, notFound, preconditionFailed } from '../kernel/errors.ts';
import {
  CustomDomain,
  type CustomDomainEntity,
  DirectoryDomain,
  DirectoryEmail,
  Mailbox,
} from './entities.ts';
import { mailEntitlementsOf } from './entitlements.ts';
import { lockMailbox, mailDomains, requireMailbox } from './mailbox.ts';
import { customDomainVerifiedMail } from './notice-templates.ts';
import { checkDomainName } from './rules.ts';

/** Where the verification token lives: `_hub-verification.<domain>` TXT `hub-verification=<token>`. */
export const VERIFICATION_PREFIX = '_hub-verification';

export type DnsRecordPurpose = 'verification' | 'mx' | 'spf' | 'dkim' | 'dmarc';

export interface DnsRecord {
  purpose: DnsRecordPurpose;
  type: 'TXT' | 'MX' | 'CNAME';
  /** Fully qualified name to publish the record at. */
  host: string;
  value: string;
  priority?: number;
}

export type DnsRecordStatus = 'ok' | 'missing' | 'different' | 'error';

export interface CheckedDnsRecord extends DnsRecord {
  status: DnsRecordStatus;
  /** What DNS answered, for "different". */
  found: string[];
}

export interface CustomDomainDto {
  domain: string;
  verified: boolean;
  verifiedAt: Date | null;
  lastCheckedAt: Date | null;
  catchAll: boolean;
  records: (DnsRecord & { status: DnsRecordStatus | null; found: string[] })[];
}

/** The records a person publishes for `domain`: our TXT proof plus MX, SPF, DKIM and DMARC from configuration. */
export function dnsRecordsFor(config: HubConfig, domain: string, token: string): DnsRecord[] {
  const dns = config.mail.dns;
  return [
    {
      purpose: 'verification',
      type: 'TXT',
      host: `${VERIFICATION_PREFIX}.${domain}`,
      value: `hub-verification=${token}`,
    },
    { purpose: 'mx', type: 'MX', host: domain, value: dns.mxHost, priority: 10 },
    { purpose: 'spf', type: 'TXT', host: domain, value: dns.spf },
    {
      purpose: 'dkim',
      type: 'CNAME',
      host: `${dns.dkimSelector}._domainkey.${domain}`,
      value: dns.dkimTarget,
    },
    { purpose: 'dmarc', type: 'TXT', host: `_dmarc.${domain}`, value: dns.dmarc },
  ];
}

function toDto(config: HubConfig, claim: CustomDomainEntity): CustomDomainDto {
  const checked = (claim.checkResult?.records ?? []) as CheckedDnsRecord[];
  return {
    domain: claim.domain,
    verified: Boolean(claim.verifiedAt),
    verifiedAt: claim.verifiedAt ?? null,
    lastCheckedAt: claim.lastCheckedAt ?? null,
    catchAll: claim.catchAll,
    records: dnsRecordsFor(config, claim.domain, claim.verificationToken).map((record) => {
      const result = checked.find((row) => row.purpose === record.purpose);
      return { ...record, status: result?.status ?? null, found: result?.found ?? [] };
    }),
  };
}

export async function listCustomDomains(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<CustomDomainDto[]> {
  const claims = await em.find(CustomDomain, { user: userId }, { orderBy: { domain: 'asc' } });
  return claims.map((claim) => toDto(config, claim));
}

function refuseOwnDomains(config: HubConfig, domain: string): void {
  for (const own of mailDomains(config)) {
    if (domain === own || domain.endsWith(`.${own}`)) {
      throw badInput(
        `${domain} belongs to the mail service and cannot be added.`,
        'domain',
        'service-domain',
        { domain },
      );
    }
  }
}

export async function addCustomDomain(
  em: EntityManager,
  config: HubConfig,
  userId: string,
  input: string,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<CustomDomainDto> {
  const checked = checkDomainName(input);
  if (!checked.ok) throw badInput(checked.reason, 'domain', checked.code);
  const domain = checked.domain;
  refuseOwnDomains(config, domain);
  const alreadyAdded = () => conflict(`You have already added ${domain}.`, 'domain', 'duplicate');
  try {
    const claim = await em.transactional(async (tx) => {
      // Counting and inserting under the mailbox lock: parallel requests cannot pass the limit.
      await lockMailbox(tx, userId, { activeFor: 'adding a domain' });
      const entitlements = await mailEntitlementsOf(tx, config, userId);
      const limit = entitlements?.maxCustomDomains ?? 0;
      const claims = await tx.find(CustomDomain, { user: userId });
      if (claims.some((claim) => claim.domain === domain)) throw alreadyAdded();
      if (claims.length >= limit) {
        throw limit === 0
          ? preconditionFailed('Your plan does not include your own domains.', 'not-included')
          : preconditionFailed(
              `Your plan allows ${limit} domains and you have ${claims.length}. Remove one first.`,
              'limit-reached',
              { limit },
            );
      }
      if (await tx.count(CustomDomain, { domain, verifiedAt: { $ne: null } })) {
        throw conflict(`${domain} is already in use by another account.`, 'domain', 'domain-taken');
      }
      const created = tx.create(CustomDomain, { user: userId, domain, verificationToken: randomToken(18) });
      recordAccountChange(tx, source, {
        action: 'domain.added',
        entityType: 'custom_domain',
        entityId: domain,
        subjectUserId: userId,
        after: { domain },
      });
      await tx.flush();
      return created;
    });
    return toDto(config, claim);
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyAdded();
    throw error;
  }
}

async function findOwnClaim(em: EntityManager, userId: string, input: string): Promise<CustomDomainEntity> {
  const checked = checkDomainName(input);
  if (!checked.ok) throw badInput(checked.reason, 'domain', checked.code);
  const claim = await em.findOne(CustomDomain, { user: userId, domain: checked.domain });
  if (!claim) throw notFound(`The domain ${checked.domain}`);
  return claim;
}

const normalizeHost = (host: string) => host.trim().toLowerCase().replace(/\.$/, '');
const normalizeTxt = (text: string) => text.trim().replace(/\s+/g, ' ').replace(/;\s*$/, '');

async function lookup<T>(resolve: () => Promise<T[]>): Promise<{ ok: true; values: T[] } | { ok: false }> {
  try {
    return { ok: true, values: await resolve() };
  } catch (error) {
    return isNoRecord(error) ? { ok: true, values: [] } : { ok: false };
  }
}

async function checkRecord(resolver: DnsResolver, record: DnsRecord): Promise<CheckedDnsRecord> {
  if (record.type === 'MX') {
    const answer = await lookup(() => resolver.resolveMx(record.host));
    if (!answer.ok) return { ...record, status: 'error', found: [] };
    const found = answer.values.map((mx) => normalizeHost(mx.exchange));
    const status = found.includes(normalizeHost(record.value))
      ? 'ok'
      : found.length
        ? 'different'
        : 'missing';
    return { ...record, status, found };
  }
  if (record.type === 'CNAME') {
    const answer = await lookup(() => resolver.resolveCname(record.host));
    if (!answer.ok) return { ...record, status: 'error', found: [] };
    const found = answer.values.map(normalizeHost);
    const status = found.includes(normalizeHost(record.value))
      ? 'ok'
      : found.length
        ? 'different'
        : 'missing';
    return { ...record, status, found };
  }
  const answer = await lookup(() => resolver.resolveTxt(record.host));
  if (!answer.ok) return { ...record, status: 'error', found: [] };
  // TXT answers come in 255-byte chunks; a record is their concatenation.
  const texts = answer.values.map((chunks) => chunks.join(''));
  // Only records of the same kind count as "different": an SPF record next to a site verification is fine.
  const kind =
    record.purpose === 'spf'
      ? /^v=spf1\b/i
      : record.purpose === 'dmarc'
        ? /^v=DMARC1\b/i
        : /^hub-verification=/;
  const found = texts.filter((text) => kind.test(text.trim()));
  const expected = normalizeTxt(record.value);
  const status = found.some((text) => normalizeTxt(text) === expected)
    ? 'ok'
    : found.length
      ? 'different'
      : 'missing';
  return { ...record, status, found };
}

/**
 * Looks up every record of a claimed domain and stores the result. The first successful TXT proof
 * verifies the domain: only then does it get a `directory.domains` row, so Stalwart accepts mail
 * for it and aliases can use it. A verified domain stays verified when a later check fails (a DNS
 * glitch must not stop mail); staff can remove it.
 */
export async function checkCustomDomain(
  em: EntityManager,
  config: HubConfig,
  resolver: DnsResolver,
  userId: string,
  input: string,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<CustomDomainDto> {
  const claim = await findOwnClaim(em, userId, input);
  const records = dnsRecordsFor(config, claim.domain, claim.verificationToken);
  const results = await Promise.all(records.map((record) => checkRecord(resolver, record)));
  claim.lastCheckedAt = new Date();
  claim.checkResult = { records: results };
  const proven = results.find((result) => result.purpose === 'verification')?.status === 'ok';
  if (proven && !claim.verifiedAt) {
    try {
      await em.transactional(async (tx) => {
        const managed = await tx.findOneOrFail(CustomDomain, { id: claim.id });
        managed.verifiedAt = new Date();
        managed.lastCheckedAt = claim.lastCheckedAt;
        managed.checkResult = claim.checkResult;
        recordAccountChange(tx, source, {
          action: 'domain.verified',
          entityType: 'custom_domain',
          entityId: claim.domain,
          subjectUserId: userId,
          after: { domain: claim.domain },
        });
        const person = await tx.findOneOrFail(User, { id: userId });
        notifyPerson(tx, config, person, 'mail.custom-domain-verified', customDomainVerifiedMail, {
          domain: claim.domain,
          link: `${config.publicUrl}/mail/domains`,
        });
        await tx.flush();
        await command(
          tx,
          sql`insert into directory.domains (id, name) values (gen_random_uuid(), ${claim.domain}) on conflict (name) do nothing`,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`${claim.domain} was verified by another account first.`, 'domain', 'domain-taken');
      }
      throw error;
    }
    await em.refresh(claim);
    return toDto(config, claim);
  }
  await em.flush();
  return toDto(config, claim);
}

/** Verified domains of the person: the only custom domains their aliases may use. */
export async function verifiedDomainsOf(em: EntityManager, userId: string): Promise<string[]> {
  const claims = await em.find(CustomDomain, { user: userId, verifiedAt: { $ne: null } });
  return claims.map((claim) => claim.domain);
}

/** Turns the catch-all of a verified domain on or off: an `@<domain>` alias on the person's account. */
export async function setCatchAll(
  em: EntityManager,
  userId: string,
  input: string,
  enabled: boolean,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<void> {
  const claim = await findOwnClaim(em, userId, input);
  if (!claim.verifiedAt) {
    throw preconditionFailed(`Verify ${claim.domain} before turning on its catch-all.`, 'domain-unverified', {
      domain: claim.domain,
    });
  }
  const mailbox = await requireMailbox(em, userId, enabled ? { activeFor: 'turning on a catch-all' } : {});
  const address = `@${claim.domain}`;
  if (enabled) {
    const existing = await em.findOne(DirectoryEmail, { address });
    if (existing && existing.name !== mailbox.accountName) {
      throw conflict(
        `Another account already receives ${claim.domain}'s catch-all.`,
        undefined,
        'domain-taken',
      );
    }
    if (!existing) em.create(DirectoryEmail, { name: mailbox.accountName, address, type: 'alias' });
  } else {
    await em.nativeDelete(DirectoryEmail, { address, name: mailbox.accountName });
  }
  if (claim.catchAll !== enabled) {
    recordAccountChange(em, source, {
      action: enabled ? 'domain.catch-all-on' : 'domain.catch-all-off',
      entityType: 'custom_domain',
      entityId: claim.domain,
      subjectUserId: userId,
      after: { domain: claim.domain, catchAll: enabled },
    });
  }
  claim.catchAll = enabled;
  await em.flush();
}

/**
 * Removes a domain claim. A verified domain must have no aliases left (the person removes them
 * first, so no address disappears by surprise); its catch-all goes with it, and Stalwart stops
 * accepting mail for it.
 */
export async function removeCustomDomain(
  em: EntityManager,
  userId: string,
  input: string,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<void> {
  const claim = await findOwnClaim(em, userId, input);
  await em.transactional(async (tx) => {
    if (claim.verifiedAt) {
      const mailbox = await tx.findOne(Mailbox, { user: userId });
      if (mailbox) {
        const onDomain = await tx.find(DirectoryEmail, {
          name: mailbox.accountName,
          address: { $like: `%@${claim.domain}` },
        });
        const aliases = onDomain.filter((row) => !row.address.startsWith('@'));
        if (aliases.length > 0) {
          throw preconditionFailed(
            `Remove the addresses on ${claim.domain} first: ${aliases.map((row) => row.address).join(', ')}.`,
            'domain-has-aliases',
            { domain: claim.domain, addresses: aliases.map((row) => row.address).join(', ') },
          );
        }
        await tx.nativeDelete(DirectoryEmail, { address: `@${claim.domain}`, name: mailbox.accountName });
      }
      await tx.nativeDelete(DirectoryDomain, { name: claim.domain });
    }
    await tx.nativeDelete(CustomDomain, { id: claim.id });
    recordAccountChange(tx, source, {
      action: 'domain.removed',
      entityType: 'custom_domain',
      entityId: claim.domain,
      subjectUserId: userId,
      before: { domain: claim.domain, verified: Boolean(claim.verifiedAt) },
    });
  });
}
