import type { EntityManager } from '@mikro-orm/postgresql';
import { currentRequestId } from '../correlation.ts';
import { OutboxEvent } from './outbox-event.ts';

/** Every event client apps can subscribe to, and the webhook type that carries it. */
export const EVENT_WEBHOOK_TYPES = {
  'user.created': 'auth',
  'user.updated': 'auth',
  'user.deleted': 'auth',
  'session.revoked': 'auth',
  'subscription.activated': 'subscription',
  'subscription.updated': 'subscription',
  'subscription.deactivated': 'subscription',
  'mailbox.updated': 'auth',
} as const;

export type HubEventType = keyof typeof EVENT_WEBHOOK_TYPES;

export interface HubEvent {
  type: HubEventType;
  /** The user the event is about: deliveries for one user go out in order. */
  userId: string | null;
  data: Record<string, unknown>;
  /**
   * The clients to notify, when the caller must fix them now: user.deleted deletes the
   * client_connections rows that dispatch would otherwise read (pass connectedClientIds first).
   */
  audienceClientIds?: string[];
}

/**
 * Adds an event to the transactional outbox. It is only persisted, not flushed: it commits with
 * the change that caused it (same flush or `em.transactional`), or not at all.
 */
export function emitEvent(em: EntityManager, event: HubEvent): { id: string } {
  const created = em.create(OutboxEvent, {
    type: event.type,
    webhookType: EVENT_WEBHOOK_TYPES[event.type],
    userId: event.userId,
    audienceClientIds: event.audienceClientIds ?? null,
    requestId: currentRequestId(),
    payload: { type: event.type, timestamp: new Date().toISOString(), data: event.data },
  });
  // The id is the webhook-id receivers see (stable across retries), known before the commit.
  return { id: created.id };
}
