import type { EntityManager } from '@mikro-orm/postgresql';
import { ClientConnection } from './entities.ts';

/**
 * Records that the person uses this client app (connected apps, scoped user lookups, and the
 * audience of their webhook events). Idempotent; runs at once in the caller's transaction, so the
 * user row must already be flushed.
 */
export async function recordClientConnection(
  em: EntityManager,
  userId: string,
  clientId: string,
): Promise<void> {
  await em
    .createQueryBuilder(ClientConnection)
    .insert({ id: crypto.randomUUID(), user: userId, client: clientId, lastSeenAt: new Date() })
    .onConflict(['user', 'client'])
    .merge({ lastSeenAt: new Date(), updatedAt: new Date() })
    .execute();
}
