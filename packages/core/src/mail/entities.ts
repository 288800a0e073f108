import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { User } from '../identity/index.ts';
import { baseProperties } from '../kernel/db/base-properties.ts';

/**
 * Stalwart's SQL directory lives in the `directory` schema so a read-only role can be given that
 * schema and nothing else. Column names and types follow Stalwart's sample schema, so its default
 * queries of every release line run unchanged; the uuid keys are ours and Stalwart ignores them.
 * Names and addresses are lower-case (check constraints).
 */
export const DIRECTORY_SCHEMA = 'directory';

/**
 * Account secrets Stalwart verifies as hashes (REFERENCE.md): argon2 and pbkdf2/scrypt PHC strings,
 * bcrypt, sha-crypt, and the salted {SSHA*} schemes. Anything else — {PLAIN}, {CLEAR}, unsalted
 * digests, an unknown prefix — is refused. Our code writes none (people use app passwords); this
 * is for staff tooling and imports. POSIX regex in `[$]` form so no escaping differs between
 * TypeScript and SQL.
 */
export const ACCOUNT_SECRET_PATTERN =
  '^([$]argon2(id|i|d)[$]v=[0-9]+[$]|[$]pbkdf2(-sha(1|256|512))?[$]|[$]scrypt[$]|[$]2[aby][$][0-9]{2}[$]|[$][56][$]|[{]SSHA(256|512)?[}]).+$';

/** `$app$<label>$` followed by a complete argon2id PHC string (base64 salt and hash, no padding). */
export const APP_PASSWORD_SECRET_PATTERN =
  '^[$]app[$][^$]+[$][$]argon2id[$]v=[0-9]+[$]m=[0-9]+,t=[0-9]+,p=[0-9]+[$][A-Za-z0-9+/]+[$][A-Za-z0-9+/]+$';

export const DirectoryAccount = defineEntity({
  name: 'DirectoryAccount',
  schema: DIRECTORY_SCHEMA,
  tableName: 'accounts',
  properties: {
    ...baseProperties,
    name: p.text().unique().check('name = lower(name)'),
    /** A login password hash, or null: people sign in to mail with app passwords (app_passwords). */
    // Stalwart compares a secret without a known scheme prefix as plain text, and takes {PLAIN} and
    // {CLEAR} at their word: only the hash schemes of ACCOUNT_SECRET_PATTERN may be stored.
    secret: p.text().nullable().hidden().check(`secret ~ '${ACCOUNT_SECRET_PATTERN}'`),
    description: p.text().nullable(),
    type: p.enum(['individual', 'group']).default('individual'),
    quota: p.bigint('number').default(0),
    active: p.boolean().default(true),
    /**
     * Ours, invisible to Stalwart's default queries: false turns sign-in off while delivery goes
     * on (a receive-only mailbox). The login and secrets queries we ship return no secret then.
     */
    loginAllowed: p.boolean().default(true),
  },
});
export type DirectoryAccountEntity = InferEntity<typeof DirectoryAccount>;

export const DirectoryGroupMember = defineEntity({
  name: 'DirectoryGroupMember',
  schema: DIRECTORY_SCHEMA,
  tableName: 'group_members',
  uniques: [{ properties: ['name', 'memberOf'] }],
  properties: {
    ...baseProperties,
    name: p.text().check('name = lower(name)'),
    memberOf: p.text().check('member_of = lower(member_of)'),
  },
});

export const DirectoryEmail = defineEntity({
  name: 'DirectoryEmail',
  schema: DIRECTORY_SCHEMA,
  tableName: 'emails',
  // Serves Stalwart's `emails` query (by name, ordered by type and address) from one index.
  indexes: [
    { properties: ['name', 'type', 'address'] },
    // Prefix search, our index-friendly replacement of the sample `verify` query.
    {
      name: 'emails_address_prefix_index',
      expression:
        'create index "emails_address_prefix_index" on "directory"."emails" ("address" text_pattern_ops)',
    },
  ],
  properties: {
    ...baseProperties,
    name: p.text().check('name = lower(name)'),
    /** Unique across the whole directory: an address belongs to one account at most. */
    address: p.text().unique().check('address = lower(address)'),
    type: p.enum(['primary', 'alias', 'list']),
  },
});
export type DirectoryEmailEntity = InferEntity<typeof DirectoryEmail>;

/** App passwords: several secrets per account, `$app$<label>$<argon2id PHC>`. */
export const DirectoryAppPassword = defineEntity({
  name: 'DirectoryAppPassword',
  schema: DIRECTORY_SCHEMA,
  tableName: 'app_passwords',
  uniques: [{ properties: ['name', 'label'] }],
  properties: {
    ...baseProperties,
    name: p.text().index().check('name = lower(name)'),
    label: p.text().check("label ~ '^[^$]+$'"),
    secret: p.text().hidden().check(`secret ~ '${APP_PASSWORD_SECRET_PATTERN}'`),
    lastUsedAt: p.datetime().nullable(),
  },
});

/** Domains this server accepts mail for: MAIL_DOMAINS and verified custom domains. */
export const DirectoryDomain = defineEntity({
  name: 'DirectoryDomain',
  schema: DIRECTORY_SCHEMA,
  tableName: 'domains',
  properties: {
    ...baseProperties,
    name: p.text().unique().check('name = lower(name)'),
  },
});

/** Links a person to their Stalwart account. */
export const Mailbox = defineEntity({
  name: 'Mailbox',
  tableName: 'mailboxes',
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).unique().deleteRule('cascade'),
    accountName: p.text().unique(),
    localPart: p.text(),
    /** active: sends and receives; receive-only and inactive follow a lapsed subscription. */
    state: p.enum(['active', 'receive-only', 'inactive']).default('active'),
    /** Set by staff (abuse, legal hold): the account stays inactive whatever the plan says. */
    suspendedAt: p.datetime().nullable(),
    /** Set by staff: this quota (bytes) instead of the plan's, until staff clear it. */
    quotaOverride: p.bigint('number').nullable(),
  },
});
export type MailboxEntity = InferEntity<typeof Mailbox>;

export const CustomDomain = defineEntity({
  name: 'CustomDomain',
  tableName: 'custom_domains',
  // Claims may compete until one is verified; the first verification wins the domain.
  uniques: [
    { properties: ['user', 'domain'] },
    {
      name: 'custom_domains_verified_domain_unique',
      properties: ['domain'],
      where: 'verified_at is not null',
    },
  ],
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    domain: p.text().index(),
    verificationToken: p.string(),
    verifiedAt: p.datetime().nullable(),
    lastCheckedAt: p.datetime().nullable(),
    /** The status of each DNS record at the last check. */
    checkResult: p.json<Record<string, unknown>>().nullable(),
    catchAll: p.boolean().default(false),
  },
});
export type CustomDomainEntity = InferEntity<typeof CustomDomain>;
