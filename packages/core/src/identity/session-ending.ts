import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubEventData } from '../kernel/events/event-payloads.ts';
import { emitEvent } from '../kernel/events/outbox.ts';
import { Session } from './entities.ts';

/**
 * Ends every session of a person and tells client apps (session.revoked per session). The
 * deletion runs at once and the events are persisted for the next flush: call it inside
 * `em.transactional` so both commit together. Refresh tokens of those sessions cascade.
 */
export async function endAllSessions(em: EntityManager, userId: string): Promise<number> {
  const sessions = await em.find(Session, { user: userId }, { fields: ['id'] });
  for (const session of sessions) {
    emitEvent(em, {
      type: 'session.revoked',
      userId,
      data: { user: { id: userId }, sessionId: session.id } satisfies HubEventData['session.revoked'],
    });
  }
  if (sessions.length > 0) {
    await em.nativeDelete(Session, { id: { $in: sessions.map((session) => session.id) } });
  }
  return sessions.length;
}
