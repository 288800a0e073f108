import { defineEntity, p } from '@mikro-orm/core';
import { ClientEnvironment } from '../../clients/index.ts';
import { Session, User } from '../../identity/index.ts';
import { baseProperties } from '../../kernel/db/base-properties.ts';

/** The records of a client app's login: the request, the one-time code and the refresh tokens. */

/** A client app's request to log someone in: the signed, single-use code behind /auth/login/<code>. */
export const LoginRequest = defineEntity({
  name: 'LoginRequest',
  tableName: 'login_requests',
  properties: {
    ...baseProperties,
    environment: () => p.manyToOne(ClientEnvironment).deleteRule('cascade').index(),
    state: p.text(),
    redirectTo: p.text().nullable(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});

/** The one-time code a client's server exchanges for tokens (60 s, single use). */
export const AuthorizationCode = defineEntity({
  name: 'AuthorizationCode',
  tableName: 'authorization_codes',
  properties: {
    ...baseProperties,
    codeHash: p.blob().unique().hidden(),
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    session: () => p.manyToOne(Session).deleteRule('cascade').index(),
    environment: () => p.manyToOne(ClientEnvironment).deleteRule('cascade').index(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});

/** Refresh tokens rotate; all tokens of one login share a family, revoked together on reuse. */
export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: {
    ...baseProperties,
    familyId: p.uuid().index(),
    tokenHash: p.blob().unique().hidden(),
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    session: () => p.manyToOne(Session).deleteRule('cascade').index(),
    environment: () => p.manyToOne(ClientEnvironment).deleteRule('cascade').index(),
    expiresAt: p.datetime(),
    rotatedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
