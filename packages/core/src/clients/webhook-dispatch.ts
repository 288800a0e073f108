import type { EntityManager } from '@mikro-orm/postgresql';
import { connectedClientIds } from '../identity/user-lookup.ts';
import type { Clock } from './clock.ts';
import { ClientWebhook, OutboxEvent, WebhookDelivery } from './entities.ts';

/**
 * One dispatcher at a time (any process may be it): deliveries must exist in event order, or a
 * later event for a person could be sent while an earlier one was still being fanned out.
 */
const DISPATCH_LOCK = 0x61636364; // "accd"

interface EventRow {
  id: string;
  webhook_type: 'auth' | 'subscription';
  user_id: string | null;
  audience_client_ids: string[] | null;
}

/** The clients an event concerns: the given audience, or the person's connected clients; null = all. */
async function audienceOf(em: EntityManager, event: EventRow): Promise<string[] | null> {
  if (event.audience_client_ids) return event.audience_client_ids;
  if (event.user_id) return connectedClientIds(em, event.user_id);
  return null;
}

/**
 * Turns undispatched outbox events, oldest first, into one pending delivery per active webhook of
 * the event's type in every active environment of every active client concerned (the person's
 * connected clients plus every first-party client). Returns how many events it handled.
 */
export async function dispatchOutboxEvents(
  em: EntityManager,
  clock: Clock,
  batchSize = 100,
): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [
      DISPATCH_LOCK,
    ]);
    if (!lock?.locked) return 0;
    const events = await tx.execute<EventRow[]>(
      `select id, webhook_type, user_id, audience_client_ids from outbox_events
        where dispatched_at is null order by sequence limit ? for update`,
      [batchSize],
    );
    const now = clock.now();
    for (const event of events) {
      const audience = await audienceOf(tx, event);
      const webhooks = await tx.find(
        ClientWebhook,
        {
          type: event.webhook_type,
          isActive: true,
          clientEnvironment: {
            isActive: true,
            client: {
              isActive: true,
              ...(audience ? { $or: [{ isFirstParty: true }, { id: { $in: audience } }] } : {}),
            },
          },
        },
        { fields: ['id'] },
      );
      for (const webhook of webhooks) {
        tx.create(WebhookDelivery, {
          event: tx.getReference(OutboxEvent, event.id),
          webhook: tx.getReference(ClientWebhook, webhook.id),
          userId: event.user_id,
          status: 'pending',
          nextAttemptAt: now,
        });
      }
    }
    if (events.length > 0) {
      await tx.flush();
      await tx.nativeUpdate(
        OutboxEvent,
        { id: { $in: events.map((event) => event.id) } },
        { dispatchedAt: now },
      );
    }
    return events.length;
  });
}
