import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../kernel/db/base-properties.ts';

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    ...baseProperties,
    fxaId: p.string().nullable().unique(),
    /** Stored lower-case; unique case-insensitively. */
    email: p.string().unique().check('email = lower(email)'),
    /**
     * Whether the person is known to control `email` (Mozilla confirmed it, or staff or the CLI
     * created the account): false for self sign-up with a password. Client apps receive it.
     */
    emailVerified: p.boolean().default(false),
    lastUsedEmail: p.string().nullable().check('last_used_email = lower(last_used_email)'),
    /** Stored lower-case, like email. */
    username: p.string().unique().check('username = lower(username)'),
    /** argon2id PHC string; null for people who sign in only through Mozilla Accounts. */
    password: p.string().nullable().hidden().lazy(),
    displayName: p.string().nullable(),
    /**
     * When the person last set their display name here. Until then Mozilla owns it (sign-ins and
     * profile events copy Mozilla's); from then on it is theirs and Mozilla's never replaces it
     * (docs/decisions/0062).
     */
    displayNameEditedAt: p.datetime().nullable(),
    avatarUrl: p.string().nullable(),
    language: p.string().default('en'),
    timezone: p.string().default('UTC'),
    /** Mozilla Accounts tokens, sealed with ENCRYPTION_KEY (see crypto/sealed-box.ts). */
    fxaToken: p.blob().nullable().hidden().lazy(),
    isSuperuser: p.boolean().default(false),
    isStaff: p.boolean().default(false),
    isActive: p.boolean().default(true),
    dateJoined: p
      .datetime()
      .onCreate(() => new Date())
      .defaultRaw('now()'),
    lastLogin: p.datetime().nullable(),
  },
});
export type UserEntity = InferEntity<typeof User>;

export const Session = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    /** SHA-256 of the cookie token; the token itself is never stored. */
    tokenHash: p.blob().unique().hidden(),
    lastSeenAt: p.datetime().onCreate(() => new Date()),
    /** Sliding expiry, pushed forward on use but never past absoluteExpiresAt. */
    expiresAt: p.datetime(),
    absoluteExpiresAt: p.datetime(),
    ip: p.string().nullable(),
    userAgent: p.text().nullable(),
    /** How the person signed in: fxa or password. */
    method: p.enum(['fxa', 'password']),
  },
});
export type SessionEntity = InferEntity<typeof Session>;

/** Asymmetric keys for the JWTs client apps verify through /.well-known/jwks.json. */
export const SigningKey = defineEntity({
  name: 'SigningKey',
  tableName: 'signing_keys',
  properties: {
    ...baseProperties,
    kid: p.string().unique(),
    algorithm: p.string(),
    publicJwk: p.json<Record<string, unknown>>(),
    /** The private JWK, sealed with ENCRYPTION_KEY. */
    privateKey: p.blob().hidden().lazy(),
    /** Signing starts at activatesAt so every instance publishes the key before it is used. */
    activatesAt: p.datetime(),
    retiresAt: p.datetime().nullable(),
    /** Published until expiresAt so tokens signed before retirement still verify. */
    expiresAt: p.datetime().nullable(),
  },
});

/** Security Event Token ids already processed, so a replayed account event is ignored. */
export const SecurityEventReceipt = defineEntity({
  name: 'SecurityEventReceipt',
  tableName: 'security_event_receipts',
  properties: {
    ...baseProperties,
    jti: p.string().unique(),
    subject: p.string(),
    events: p.json<string[]>(),
  },
});

/** Fixed-window counters shared by every API process (sign-in throttling and the like). */
export const RateLimitBucket = defineEntity({
  name: 'RateLimitBucket',
  tableName: 'rate_limit_buckets',
  properties: {
    ...baseProperties,
    key: p.string().unique(),
    hits: p.integer().default(0),
    resetAt: p.datetime().index(),
  },
});

/** Invitation, password-reset and email-verification links; only the token's hash is stored. */
export const UserToken = defineEntity({
  name: 'UserToken',
  tableName: 'user_tokens',
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    purpose: p.enum(['invite', 'password-reset', 'email-verification']),
    /** The address the link was mailed to: the one an email-verification link confirms. */
    email: p.string().nullable(),
    tokenHash: p.blob().unique().hidden(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
