import { type Clock, systemClock } from '../kernel/clock.ts';
import type { Job } from '../kernel/jobs.ts';
import { deliverDueWebhooks } from './webhook-delivery.ts';
import { dispatchOutboxEvents } from './webhook-dispatch.ts';

export interface WebhookJobOptions {
  clock?: Clock;
  idleMs?: number;
}

/** Outbox events -> pending deliveries, one per matching webhook. */
export function webhookDispatchJob(options: WebhookJobOptions = {}): Job {
  const clock = options.clock ?? systemClock;
  return {
    name: 'webhooks.dispatch',
    idleMs: options.idleMs ?? 500,
    runOnce: (hub) => dispatchOutboxEvents(hub.orm.em.fork(), clock),
  };
}

/** Pending deliveries -> signed HTTP requests, with retries on the Standard Webhooks schedule. */
export function webhookDeliveryJob(options: WebhookJobOptions = {}): Job {
  const clock = options.clock ?? systemClock;
  return {
    name: 'webhooks.deliver',
    idleMs: options.idleMs ?? 500,
    runOnce: (hub, stopping) =>
      deliverDueWebhooks(hub.orm.em.fork(), hub.config, clock, hub.log, { stopping }),
  };
}
