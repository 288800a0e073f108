import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from './config.ts';

/**
 * Changes a lower layer makes that a higher layer must follow in the same transaction (billing
 * decides a person's entitlements; mail resizes or suspends the mailbox). The lower layer
 * publishes; the higher one handles; neither imports the other upwards. Unlike the outbox
 * (events/outbox.ts), nothing leaves the process: handlers run inline, inside the publisher's
 * transaction, and their failure fails it.
 *
 * The publishing layer declares its events by augmenting this interface:
 *   declare module '../kernel/domain-events.ts' { interface DomainEvents { 'x.y': Payload } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation
export interface DomainEvents {}

export type DomainEventHandler<T> = (em: EntityManager, config: HubConfig, event: T) => Promise<void>;

const handlers = new Map<keyof DomainEvents, DomainEventHandler<never>[]>();

/** Registers a higher layer's handler; the layer's public module does this when it loads. */
export function handleDomainEvent<K extends keyof DomainEvents>(
  type: K,
  handler: DomainEventHandler<DomainEvents[K]>,
): void {
  const list = handlers.get(type) ?? [];
  if (!list.includes(handler as DomainEventHandler<never>)) list.push(handler as DomainEventHandler<never>);
  handlers.set(type, list);
}

/**
 * Runs every handler of `type` in order, in the caller's transaction. An event nobody handles is
 * a wiring mistake, not something to skip silently: the handlers' layer was never loaded.
 */
export async function publishDomainEvent<K extends keyof DomainEvents>(
  em: EntityManager,
  config: HubConfig,
  type: K,
  event: DomainEvents[K],
): Promise<void> {
  const list = handlers.get(type);
  if (!list?.length) {
    throw new Error(`domain event ${String(type)} has no handler: the layer that follows it was not loaded`);
  }
  for (const handler of list) await (handler as DomainEventHandler<DomainEvents[K]>)(em, config, event);
}
