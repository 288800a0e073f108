import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../../kernel/config.ts';
import type { Logger } from '../../kernel/context.ts';
import type { SealedColumn } from '../../kernel/crypto/reseal.ts';
import { openText, seal } from '../../kernel/crypto/sealed-box.ts';
import { User, type UserEntity } from '../entities.ts';
import { destroyToken, type MozillaTokens, refreshTokens } from './client.ts';

/** The sealed value only opens in the row of the user it was sealed for. */
const contextFor = (userId: string) => `user:${userId}:fxa-token`;

/** The stored tokens, for `keys:reseal`. */
export const SEALED_MOZILLA_TOKENS: SealedColumn = {
  entity: User as EntityName<object>,
  property: 'fxaToken',
  contextProperty: 'id',
  context: contextFor,
};

export function sealMozillaTokens(config: HubConfig, userId: string, tokens: MozillaTokens): Buffer {
  return seal(config.encryptionKeys, JSON.stringify(tokens), contextFor(userId));
}

export async function loadMozillaTokens(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<MozillaTokens | null> {
  const user = await em.findOne(User, { id: userId }, { populate: ['fxaToken'] });
  if (!user?.fxaToken) return null;
  try {
    return JSON.parse(
      openText(config.encryptionKeys, Buffer.from(user.fxaToken), contextFor(userId)),
    ) as MozillaTokens;
  } catch {
    return null; // sealed with a key we no longer hold: as if there were none
  }
}

/** A usable access token: the stored one, or a refreshed one (stored again) when it has expired. */
export async function currentAccessToken(
  em: EntityManager,
  config: HubConfig,
  user: UserEntity,
): Promise<string | null> {
  const tokens = await loadMozillaTokens(em, config, user.id);
  if (!tokens) return null;
  if (new Date(tokens.accessTokenExpiresAt).getTime() - Date.now() > 30_000) return tokens.accessToken;
  if (!tokens.refreshToken) return null;
  const refreshed = await refreshTokens(config, tokens.refreshToken);
  user.fxaToken = sealMozillaTokens(config, user.id, refreshed);
  await em.flush();
  return refreshed.accessToken;
}

/**
 * Revokes the stored tokens at Mozilla and forgets them. Best effort: a Mozilla outage must not
 * keep a person signed in here, so failures are logged, not thrown.
 */
export async function destroyMozillaTokens(
  em: EntityManager,
  config: HubConfig,
  log: Logger,
  userId: string,
): Promise<void> {
  const tokens = await loadMozillaTokens(em, config, userId);
  if (!tokens) return;
  await em.nativeUpdate(User, { id: userId }, { fxaToken: null });
  await revokeMozillaTokens(config, log, tokens);
}

/** Revokes tokens at Mozilla (already forgotten here, or about to be). Failures are logged, never thrown. */
export async function revokeMozillaTokens(
  config: HubConfig,
  log: Logger,
  tokens: MozillaTokens,
): Promise<void> {
  const results = await Promise.allSettled([
    destroyToken(config, { accessToken: tokens.accessToken }),
    ...(tokens.refreshToken ? [destroyToken(config, { refreshToken: tokens.refreshToken })] : []),
  ]);
  for (const result of results) {
    if (result.status === 'rejected') {
      const reason = result.reason as { toLog?: () => Record<string, unknown> };
      log.warn({ mozilla: reason.toLog?.() ?? String(result.reason) }, 'could not destroy Mozilla token');
    }
  }
}
