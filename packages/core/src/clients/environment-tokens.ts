import type { EntityManager } from '@mikro-orm/postgresql';
import { randomToken, sha256 } from '../crypto/tokens.ts';
import { HubError } from '../errors.ts';
import { type ClientEntity, ClientEnvironment, type ClientEnvironmentEntity } from './entities.ts';

/** Recognisable by secret scanners; the rest is 256 random bits. */
export const ENVIRONMENT_TOKEN_PREFIX = 'acc_env_';

export function generateEnvironmentToken(): { token: string; hash: Buffer; hint: string } {
  const token = randomToken(32, ENVIRONMENT_TOKEN_PREFIX);
  return { token, hash: sha256(token), hint: token.slice(0, ENVIRONMENT_TOKEN_PREFIX.length + 4) };
}

export type AuthenticatedEnvironment = ClientEnvironmentEntity & { client: ClientEntity };

/**
 * The active environment a server-to-server token belongs to. Only the token's SHA-256 is stored
 * and looked up, so nothing secret is compared in JavaScript.
 */
export async function authenticateClientToken(
  em: EntityManager,
  token: string,
): Promise<AuthenticatedEnvironment> {
  const refused = new HubError('UNAUTHENTICATED', 'This environment token is not valid.');
  if (!token.startsWith(ENVIRONMENT_TOKEN_PREFIX) || token.length > 128) throw refused;
  const hash = sha256(token);
  const environment = await em.findOne(
    ClientEnvironment,
    {
      $or: [{ authToken: hash }, { previousAuthToken: hash, previousTokenExpiresAt: { $gt: new Date() } }],
      isActive: true,
      client: { isActive: true },
    },
    { populate: ['client'] },
  );
  if (!environment) throw refused;
  return environment as AuthenticatedEnvironment;
}
