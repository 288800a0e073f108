import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../kernel/clock.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';

/**
 * One dispatcher at a time (any process may be it): deliveries must exist in event order, or a
 * later event for a person could be sent while an earlier one was still being fanned out.
 */
const DISPATCH_LOCK = 0x61636364; // "accd"

/**
 * Turns undispatched outbox events, oldest first, into one pending delivery per active webhook of
 * the event's type in every active environment of every active client concerned, and marks them
 * dispatched, in one statement. The clients concerned: every first-party client, plus the
 * audience fixed when the event was emitted, or else the person's connected clients, or else (an
 * event about no one) every client. Returns how many events it handled.
 */
export async function dispatchOutboxEvents(
  em: EntityManager,
  clock: Clock,
  batchSize = 500,
): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const [lock] = await query<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${DISPATCH_LOCK}) as locked`,
    );
    if (!lock?.locked) return 0;
    const now = clock.now();
    const dispatched = await query<{ id: string }>(
      tx,
      sql`with events as (
         select id, sequence, webhook_type, user_id, audience_client_ids from outbox_events
          where dispatched_at is null order by sequence limit ${batchSize} for update),
       created as (
         insert into webhook_deliveries
           (event_id, event_sequence, webhook_id, user_id, status, attempts, next_attempt_at, created_at, updated_at)
         select e.id, e.sequence, w.id, e.user_id, 'pending', 0, ${now}, ${now}, ${now}
           from events e
           join client_webhooks w on w.type = e.webhook_type and w.is_active
           join client_environments env on env.id = w.client_environment_id and env.is_active
           join clients c on c.id = env.client_id and c.is_active
          where c.is_first_party
             or (e.audience_client_ids is not null
                 and c.id::text in (select jsonb_array_elements_text(e.audience_client_ids)))
             or (e.audience_client_ids is null and e.user_id is null)
             or (e.audience_client_ids is null and exists (
                   select 1 from client_connections cc where cc.user_id = e.user_id and cc.client_id = c.id))
          order by e.sequence
         on conflict (event_id, webhook_id) do nothing
         returning 1)
       update outbox_events o set dispatched_at = ${now} from events e where o.id = e.id
       returning o.id`,
    );
    return dispatched.length;
  });
}
