import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthenticatedEnvironment, ClientEnvironmentEntity } from '../../clients/index.ts';
import {
  authenticateClientToken,
  authenticateClientTokenWithSession,
  recordClientConnection,
} from '../../clients/index.ts';
import {
  ACCESS_TOKEN_SECONDS,
  type ClientUserProfile,
  loadSessionState,
  revokeSession,
  Session,
  type SessionEntity,
  signAccessToken,
  toClientUserProfile,
  type UserEntity,
  type VerifiedAccessToken,
  verifyAccessToken,
} from '../../identity/index.ts';
import type { Hub } from '../../kernel/context.ts';
import { randomToken, sha256 } from '../../kernel/crypto/tokens.ts';
import { HubError } from '../../kernel/errors.ts';
import { AuthorizationCode, RefreshToken } from './entities.ts';

/** The code a client's server exchanges: 60 seconds, once. */
export const AUTHORIZATION_CODE_SECONDS = 60;
export const AUTHORIZATION_CODE_PREFIX = 'acc_code_';
export const REFRESH_TOKEN_PREFIX = 'acc_rt_';
/** A refresh token lives as long as the hub session it belongs to, and at most this long. */
export const REFRESH_TOKEN_SECONDS = 30 * 86400;

/** The asking environment: `ctx.environment`, or an entity with its client loaded. */
type Environment = Pick<AuthenticatedEnvironment, 'id'> & {
  client: Pick<AuthenticatedEnvironment['client'], 'id'>;
};

export async function issueAuthorizationCode(
  em: EntityManager,
  input: { userId: string; sessionId: string; environment: ClientEnvironmentEntity },
): Promise<string> {
  const code = randomToken(32, AUTHORIZATION_CODE_PREFIX);
  em.create(AuthorizationCode, {
    codeHash: sha256(code),
    user: input.userId,
    session: input.sessionId,
    environment: input.environment,
    expiresAt: new Date(Date.now() + AUTHORIZATION_CODE_SECONDS * 1000),
  });
  await em.flush();
  return code;
}

export interface ClientTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  tokenType: 'Bearer';
  sessionId: string;
}

export interface ExchangeResult extends ClientTokens {
  user: ClientUserProfile;
}

const invalidCode = () =>
  new HubError('BAD_INPUT', 'This authorization code is not valid: it is unknown, used or expired.', {
    fieldErrors: { code: ['This authorization code is not valid.'] },
  });
const invalidRefresh = () =>
  new HubError('UNAUTHENTICATED', 'This refresh token is not valid. Send the person through login again.');

/** The one rule for a hub session behind a client app's tokens: unexpired, and its person active. */
function sessionAlive(
  session: Pick<SessionEntity, 'expiresAt' | 'absoluteExpiresAt'>,
  user: Pick<UserEntity, 'isActive'>,
): boolean {
  const now = Date.now();
  return session.expiresAt.getTime() > now && session.absoluteExpiresAt.getTime() > now && user.isActive;
}

async function issueTokens(
  em: EntityManager,
  hub: Hub,
  input: { user: UserEntity; session: SessionEntity; environment: Environment; familyId: string },
): Promise<ClientTokens> {
  const { user, session, environment } = input;
  const refreshToken = randomToken(32, REFRESH_TOKEN_PREFIX);
  const refreshTokenExpiresAt = new Date(
    Math.min(Date.now() + REFRESH_TOKEN_SECONDS * 1000, session.absoluteExpiresAt.getTime()),
  );
  em.create(RefreshToken, {
    familyId: input.familyId,
    tokenHash: sha256(refreshToken),
    user,
    session,
    environment: environment.id,
    expiresAt: refreshTokenExpiresAt,
  });
  const access = await signAccessToken(em, hub.config, {
    sub: user.id,
    aud: environment.id,
    client_id: environment.client.id,
    sid: session.id,
    email: user.email,
    email_verified: user.emailVerified,
  });
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken,
    refreshTokenExpiresAt,
    tokenType: 'Bearer',
    sessionId: session.id,
  };
}

/**
 * Exchanges a one-time code for the person's profile and tokens. The code is claimed by one
 * conditional update, so it works once however many requests race; it works only for the
 * environment it was issued to.
 */
export async function exchangeAuthorizationCode(
  em: EntityManager,
  hub: Hub,
  environment: Environment,
  code: string,
): Promise<ExchangeResult> {
  if (!code.startsWith(AUTHORIZATION_CODE_PREFIX) || code.length > 128) throw invalidCode();
  const now = new Date();
  const claimed = await em.nativeUpdate(
    AuthorizationCode,
    { codeHash: sha256(code), usedAt: null, expiresAt: { $gt: now }, environment: environment.id },
    { usedAt: now },
  );
  if (claimed !== 1) throw invalidCode();
  const row = await em.findOneOrFail(
    AuthorizationCode,
    { codeHash: sha256(code) },
    { populate: ['user', 'session'] },
  );
  const user = row.user as UserEntity;
  const session = row.session as SessionEntity;
  if (!sessionAlive(session, user)) throw invalidCode();
  return em.transactional(async (tx) => {
    await recordClientConnection(tx, user.id, environment.client.id);
    const tokens = await issueTokens(tx, hub, { user, session, environment, familyId: crypto.randomUUID() });
    return { ...tokens, user: toClientUserProfile(user) };
  });
}

/**
 * Rotates a refresh token. Presenting one that was already rotated means two parties hold it: the
 * whole family is revoked and the hub session behind it ends (session.revoked goes out).
 */
export async function refreshClientTokens(
  em: EntityManager,
  hub: Hub,
  environment: Environment,
  refreshToken: string,
): Promise<ClientTokens> {
  const { row, user, session } = await liveRefreshToken(em, hub, environment, refreshToken);
  if (!sessionAlive(session, user)) throw invalidRefresh();
  // Claim the rotation; losing this race is the same as reuse.
  const claimed = await em.nativeUpdate(
    RefreshToken,
    { id: row.id, rotatedAt: null, revokedAt: null },
    { rotatedAt: new Date() },
  );
  if (claimed !== 1) {
    await revokeFamilyForReuse(em, hub, row.familyId, user.id, session.id);
    throw invalidRefresh();
  }
  return em.transactional(async (tx) => {
    await recordClientConnection(tx, user.id, environment.client.id);
    return issueTokens(tx, hub, { user, session, environment, familyId: row.familyId });
  });
}

async function revokeFamilyForReuse(
  em: EntityManager,
  hub: Hub,
  familyId: string,
  userId: string,
  sessionId: string,
): Promise<void> {
  await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  hub.log.warn({ familyId, userId, sessionId }, 'refresh token reused: family revoked, session ended');
  await revokeSession(em, sessionId, userId);
}

/**
 * The hub session behind a refresh token, for logout when the app's access token has expired. Only
 * this environment's live token counts; one already rotated is reuse, handled as refresh does (the
 * family is revoked and the session ends) before it is refused.
 */
export async function refreshTokenSession(
  em: EntityManager,
  hub: Hub,
  environment: Environment,
  refreshToken: string,
): Promise<{ session: SessionEntity; user: UserEntity }> {
  const { session, user } = await liveRefreshToken(em, hub, environment, refreshToken);
  return { session, user };
}

/**
 * This environment's unexpired, unrevoked refresh token. Presenting one already rotated is reuse:
 * the family is revoked and the session ends before it is refused.
 */
async function liveRefreshToken(em: EntityManager, hub: Hub, environment: Environment, refreshToken: string) {
  if (!refreshToken.startsWith(REFRESH_TOKEN_PREFIX) || refreshToken.length > 128) throw invalidRefresh();
  const row = await em.findOne(
    RefreshToken,
    { tokenHash: sha256(refreshToken), environment: environment.id },
    { populate: ['user', 'session'] },
  );
  if (!row || row.revokedAt) throw invalidRefresh();
  const user = row.user as UserEntity;
  const session = row.session as SessionEntity;
  if (row.rotatedAt) {
    await revokeFamilyForReuse(em, hub, row.familyId, user.id, session.id);
    throw invalidRefresh();
  }
  if (row.expiresAt <= new Date()) throw invalidRefresh();
  return { row, user, session };
}

/** Revokes the refresh token's whole family (the app's login); unknown tokens are fine (RFC 7009). */
export async function revokeRefreshToken(
  em: EntityManager,
  environment: Environment,
  refreshToken: string,
): Promise<void> {
  const row = await em.findOne(RefreshToken, {
    tokenHash: sha256(refreshToken),
    environment: environment.id,
  });
  if (!row) return;
  await em.nativeUpdate(RefreshToken, { familyId: row.familyId, revokedAt: null }, { revokedAt: new Date() });
}

export type AccessTokenStatus =
  | { active: true; claims: VerifiedAccessToken }
  | { active: false; reason: 'invalid' | 'wrong-environment' | 'session-ended' };

/**
 * Online verification: the signature and expiry (as offline), plus that the token belongs to the
 * asking environment and its hub session still exists.
 */
export async function checkAccessToken(
  em: EntityManager,
  hub: Hub,
  environment: Environment,
  accessToken: string,
): Promise<AccessTokenStatus> {
  const claims = await verifyAccessToken(em, hub.config, accessToken);
  if (!claims) return { active: false, reason: 'invalid' };
  if (claims.aud !== environment.id || claims.client_id !== environment.client.id) {
    return { active: false, reason: 'wrong-environment' };
  }
  // Plain values with bound parameters (session-lookup.ts): this runs on every verify.
  const session = await loadSessionState(em, claims.sid, claims.sub);
  if (!session || !sessionAlive(session, { isActive: session.userIsActive }))
    return { active: false, reason: 'session-ended' };
  return { active: true, claims };
}

/**
 * `checkAccessToken` for a caller known only by its environment token (`clientAuth.verify`), in one
 * database round trip (decision 0064): the signature is checked first (remembered per token, so no
 * database once the key is known), then the environment token and the session the access token
 * names are read in one statement. An environment token that is not an active environment's is
 * refused (UNAUTHENTICATED) whatever the access token, as before any answer.
 */
export async function checkAccessTokenOnline(
  em: EntityManager,
  hub: Hub,
  environmentToken: string,
  accessToken: string,
): Promise<AccessTokenStatus> {
  const claims = await verifyAccessToken(em, hub.config, accessToken);
  if (!claims) {
    await authenticateClientToken(em, environmentToken);
    return { active: false, reason: 'invalid' };
  }
  const { environment, session } = await authenticateClientTokenWithSession(em, environmentToken, {
    sessionId: claims.sid,
    userId: claims.sub,
  });
  if (claims.aud !== environment.id || claims.client_id !== environment.client.id) {
    return { active: false, reason: 'wrong-environment' };
  }
  if (!session || !sessionAlive(session, { isActive: session.userIsActive }))
    return { active: false, reason: 'session-ended' };
  return { active: true, claims };
}

export async function requireAccessToken(
  em: EntityManager,
  hub: Hub,
  environment: Environment,
  accessToken: string,
): Promise<{ claims: VerifiedAccessToken; user: UserEntity }> {
  const status = await checkAccessToken(em, hub, environment, accessToken);
  if (!status.active) throw new HubError('UNAUTHENTICATED', 'This access token is not valid.');
  const session = await em.findOneOrFail(Session, { id: status.claims.sid }, { populate: ['user'] });
  return { claims: status.claims, user: session.user as UserEntity };
}

/** The hub session behind a valid (unexpired) access token of this environment. */
export async function accessTokenSession(
  em: EntityManager,
  hub: Hub,
  environment: Environment,
  accessToken: string,
): Promise<{ session: SessionEntity; user: UserEntity }> {
  const { claims, user } = await requireAccessToken(em, hub, environment, accessToken);
  return { session: await em.findOneOrFail(Session, { id: claims.sid }), user };
}

export { ACCESS_TOKEN_SECONDS };
