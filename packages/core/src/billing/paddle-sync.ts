import { randomUUID } from 'node:crypto';
import type { Hub } from '../kernel/context.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { HubError } from '../kernel/errors.ts';
import type { PaddleEventEntity } from './entities.ts';
import type { PaddleSubscription } from './paddle-events.ts';
import { applyEventNow, storePaddleEvent } from './paddle-webhooks.ts';

/**
 * Takes a subscription snapshot read from the Paddle API (a resync, or the answer to a cancel or
 * resume) through the same path as a webhook: stored as an event of our own, ordered at the time
 * we read it, and applied at once. A webhook that occurred earlier but arrives later is then
 * older and changes nothing, exactly as between two webhooks.
 */
export async function applyApiSnapshot(
  hub: Hub,
  snapshot: PaddleSubscription,
  reason: string,
): Promise<PaddleEventEntity> {
  const eventId = `hubsync_${randomUUID().replaceAll('-', '')}`;
  const occurredAt = new Date().toISOString();
  const envelope = {
    event_id: eventId,
    notification_id: null,
    event_type: 'subscription.synced',
    occurred_at: occurredAt,
    data: { ...snapshot, hub_reason: reason },
  };
  const em = hub.orm.em.fork();
  await storePaddleEvent(em, envelope, JSON.stringify(envelope));
  const [row] = await query<{ id: string }>(
    em,
    sql`select id from paddle_events where event_id = ${eventId}`,
  );
  if (!row) throw new HubError('UNAVAILABLE', 'The subscription snapshot could not be stored.');
  return applyEventNow(hub, row.id);
}
