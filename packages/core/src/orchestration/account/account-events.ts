import type { EntityManager } from '@mikro-orm/postgresql';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import {
  currentAccessToken,
  discover,
  fetchProfile,
  followMozillaProfile,
  MOZILLA_FIELDS,
  MozillaAccountsError,
  recordMozillaProfileChange,
  revokeUserSessions,
  SecurityEventReceipt,
  User,
  type UserEntity,
} from '../../identity/index.ts';
import { changeVia, recordAccountChange, snapshot } from '../../kernel/audit/audit.ts';
import { configScopedCache } from '../../kernel/config-scoped-cache.ts';
import type { Hub } from '../../kernel/context.ts';
import { HubError, isUniqueViolation, unavailable } from '../../kernel/errors.ts';
import { text } from '../../kernel/text-schemas.ts';
import { deleteUserAccount } from './account-deletion.ts';

/**
 * Account events Mozilla pushes to POST /webhooks/mozilla-accounts as Security Event Tokens:
 * RS256 JWTs signed with a key from Mozilla's JWKS, aud = our client id, no exp, jti unique.
 */
export const EVENT_PREFIX = 'https://schemas.accounts.firefox.com/event/';

const jwksByUri = configScopedCache<ReturnType<typeof createRemoteJWKSet>>();

function remoteJwks(hub: Hub, uri: string) {
  const cached = jwksByUri(hub.config);
  let jwks = cached.get(uri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(uri), {
      timeoutDuration: hub.config.fxa.timeoutMs,
      cooldownDuration: 30_000,
      cacheMaxAge: 60 * 60 * 1000,
    });
    cached.set(uri, jwks);
  }
  return jwks;
}

const trimSlash = (value: string) => value.replace(/\/+$/, '');

// The shared text type: a signed token with a NUL in its jti is refused, not a failed INSERT.
const claimsSchema = z.object({
  sub: text.min(1).max(255),
  jti: text.min(1).max(255),
  events: z.record(text, z.record(z.string(), z.unknown())),
});

export interface AccountEventResult {
  status: 'processed' | 'replayed' | 'unknown-user';
  events: string[];
}

const refused = (message: string) => new HubError('UNAUTHENTICATED', message);

export async function verifySecurityEventToken(
  hub: Hub,
  token: string,
): Promise<z.infer<typeof claimsSchema> & JWTPayload> {
  let endpoints: Awaited<ReturnType<typeof discover>>;
  try {
    endpoints = await discover(hub.config);
  } catch (error) {
    throw unavailable('Mozilla accounts could not be reached to check the event.', error);
  }
  let payload: JWTPayload;
  try {
    // No exp is required (Mozilla sends none); one that is present and past is refused, as RFC 7519
    // §4.1.4 says (jose's default): a token that says it has expired is not honoured.
    ({ payload } = await jwtVerify(token, remoteJwks(hub, endpoints.jwksUri), {
      algorithms: ['RS256'],
      audience: hub.config.fxa.clientId,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWKS_TIMEOUT' || (code === 'ERR_JOSE_GENERIC' && /fetch/i.test(String(error)))) {
      throw unavailable('Mozilla accounts keys could not be fetched.', error);
    }
    throw refused(`The account event token was refused (${code ?? 'invalid'}).`);
  }
  // Mozilla's issuer is compared with and without a trailing slash.
  if (typeof payload.iss !== 'string' || trimSlash(payload.iss) !== trimSlash(endpoints.issuer)) {
    throw refused('The account event token has the wrong issuer.');
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw refused('The account event token is missing sub, jti or events.');
  return { ...payload, ...parsed.data };
}

/**
 * Applies a verified token's events once: the jti receipt is written in the same transaction as
 * the changes, so a replay is ignored and a failure leaves nothing behind (Mozilla redelivers).
 */
export async function handleAccountEventToken(
  em: EntityManager,
  hub: Hub,
  token: string,
): Promise<AccountEventResult> {
  const claims = await verifySecurityEventToken(hub, token);
  const events = Object.keys(claims.events)
    .filter((key) => key.startsWith(EVENT_PREFIX))
    .map((key) => key.slice(EVENT_PREFIX.length));
  if (await em.findOne(SecurityEventReceipt, { jti: claims.jti })) return { status: 'replayed', events };

  const user = await em.findOne(User, { fxaId: claims.sub });
  const deleteRequested = events.includes('delete-user');
  try {
    await em.transactional(async (tx) => {
      tx.create(SecurityEventReceipt, { jti: claims.jti, subject: claims.sub, events });
      await tx.flush();
      if (!user) return;
      if (deleteRequested) {
        await deleteUserAccount(tx, hub, user.id, 'mozilla-account-deleted');
        return;
      }
      const fresh = await tx.findOneOrFail(User, { id: user.id });
      for (const event of events) {
        const data = claims.events[`${EVENT_PREFIX}${event}`] ?? {};
        if (event === 'password-change') await onPasswordChange(tx, hub, fresh, data, claims.iat);
        if (event === 'profile-change') await onProfileChange(tx, hub, fresh, data);
      }
    });
  } catch (error) {
    // Two deliveries of one event racing: the second one's receipt insert loses.
    if (isUniqueViolation(error) && String(error).includes('security_event_receipts')) {
      return { status: 'replayed', events };
    }
    throw error;
  }
  hub.log.info({ events, known: Boolean(user), jti: claims.jti }, 'Mozilla account event applied');
  return { status: user ? 'processed' : 'unknown-user', events };
}

/** changeTime is in milliseconds; sessions created before it end (never the seconds/ms mix-up). */
async function onPasswordChange(
  em: EntityManager,
  hub: Hub,
  user: UserEntity,
  data: Record<string, unknown>,
  issuedAt: number | undefined,
): Promise<void> {
  const changeTime =
    typeof data.changeTime === 'number'
      ? data.changeTime
      : issuedAt !== undefined
        ? issuedAt * 1000
        : Date.now();
  // A time no Date can hold (a signed 1e300) was a 500: read it as "now", which ends every older
  // session as a change in the far future would. Before 1970 ends none, as any past time would.
  const createdBefore = new Date(Math.max(0, changeTime));
  if (Number.isNaN(createdBefore.getTime())) createdBefore.setTime(Date.now());
  const ended = await revokeUserSessions(em, user.id, { createdBefore });
  recordAccountChange(em, changeVia('mozilla'), {
    action: 'password.changed',
    entityType: 'user',
    entityId: user.id,
    subjectUserId: user.id,
    after: { endedSessions: ended },
  });
  await em.flush();
  hub.log.info({ userId: user.id, ended }, 'Mozilla password change: older sessions ended');
}

async function onProfileChange(
  em: EntityManager,
  hub: Hub,
  user: UserEntity,
  data: Record<string, unknown>,
): Promise<void> {
  let changed = false;
  const before = snapshot(user, MOZILLA_FIELDS);
  try {
    const accessToken = await currentAccessToken(em, hub.config, user);
    if (accessToken) {
      const profile = await fetchProfile(hub.config, accessToken);
      changed = await followMozillaProfile(em, hub.config, user, profile);
    }
  } catch (error) {
    if (!(error instanceof MozillaAccountsError)) throw error;
    if (error.failure === 'unavailable') {
      throw unavailable('Mozilla accounts could not be reached to fetch the profile.', error);
    }
    hub.log.warn({ mozilla: error.toLog(), userId: user.id }, 'profile re-fetch refused; using the event');
  }
  if (!changed && typeof data.email === 'string' && data.email.includes('@')) {
    changed = await followMozillaProfile(em, hub.config, user, { uid: user.fxaId ?? '', email: data.email });
  }
  if (changed) recordMozillaProfileChange(em, user, before);
  await em.flush();
}
