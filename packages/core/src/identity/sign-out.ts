import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hub } from '../kernel/context.ts';
import { destroyMozillaTokens } from './mozilla/stored-tokens.ts';
import { revokeSession } from './sessions.ts';

/**
 * Ends one hub session; when it came from Mozilla accounts, the Mozilla access and refresh tokens
 * are destroyed at Mozilla too (best effort: an outage there must not keep anyone signed in here).
 */
export async function signOut(
  em: EntityManager,
  hub: Hub,
  session: { id: string; method: 'fxa' | 'password' },
  userId: string,
): Promise<void> {
  await revokeSession(em, session.id, userId);
  if (session.method === 'fxa') await destroyMozillaTokens(em, hub.config, hub.log, userId);
}
