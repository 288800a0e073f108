import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base-properties.ts';

/** Transactional outbox: written in the same transaction as the change it announces. */
export const OutboxEvent = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox_events',
  indexes: [{ properties: ['dispatchedAt', 'sequence'] }],
  /**
   * One person's events commit in `sequence` order. Before a row about a person is inserted, the
   * inserting transaction takes that person's transaction-scoped advisory lock (the key billing's
   * `lockKey(em, 'user:<id>')` uses, so a transaction that already holds it just re-enters) and
   * only then draws the row's sequence number. A second transaction emitting for the same person
   * waits at its insert until the first commits or rolls back, so it draws a higher number and
   * commits later. A trigger rather than code in `emitEvent`, so every writer is covered, whatever
   * transaction or flush it inserts from.
   */
  triggers: [
    {
      name: 'outbox_events_user_order',
      timing: 'before',
      events: ['insert'],
      forEach: 'row',
      body: `if new.user_id is not null then
    perform pg_advisory_xact_lock(hashtextextended('user:' || new.user_id::text, 0));
    new.sequence := nextval(pg_get_serial_sequence('outbox_events', 'sequence'));
  end if;
  return new;`,
    },
  ],
  properties: {
    ...baseProperties,
    /** Monotonic order of commit-time insertion, used for per-user ordering. */
    sequence: p.bigint('number').autoincrement().unique(),
    type: p.string(),
    webhookType: p.enum(['auth', 'subscription']),
    /** The user the event is about; deliveries for one user go out in order. Not a FK: user.deleted outlives the user. */
    userId: p.uuid().nullable().index(),
    payload: p.json<Record<string, unknown>>(),
    /**
     * Clients to notify, fixed when the event was emitted. Needed where the rows that tell who is
     * connected disappear with the change itself (user.deleted); null means "work it out at dispatch".
     */
    audienceClientIds: p.json<string[]>().nullable(),
    /** The API request that caused the event, so the deliveries' log lines can be traced to it. */
    requestId: p.string().nullable(),
    /** Set once deliveries have been fanned out to the matching webhooks. */
    dispatchedAt: p.datetime().nullable(),
  },
});
