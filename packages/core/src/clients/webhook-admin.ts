import type { FilterQuery, InferEntity, Loaded } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../kernel/audit/audit.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { conflict, notFound, preconditionFailed } from '../kernel/errors.ts';
import type { HubEventData } from '../kernel/events/event-payloads.ts';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { type Page, pageWindow } from '../kernel/paging.ts';
import { FLAG_AFTER_CONSECUTIVE_FAILURES, toWebhookDto, type WebhookDto } from './dto.ts';
import { ClientWebhook, WebhookDelivery, WebhookDeliveryAttempt } from './entities.ts';
import type { StaffChange } from './registry.ts';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryDto {
  id: string;
  eventId: string;
  eventType: string;
  userId: string | null;
  webhook: {
    id: string;
    name: string;
    url: string;
    clientId: string;
    clientName: string;
    environment: string;
  };
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryAttemptDto {
  id: string;
  attempt: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  createdAt: Date;
}

export interface DeliveryQuery {
  webhookId?: string | undefined;
  clientId?: string | undefined;
  status?: DeliveryStatus | undefined;
  eventType?: string | undefined;
  userId?: string | undefined;
  page: number;
  pageSize: number;
}

const POPULATE = ['event', 'webhook.clientEnvironment.client'] as const;

type DeliveryRow = Awaited<ReturnType<typeof loadDelivery>>;

async function loadDelivery(em: EntityManager, id: string) {
  const delivery = await em.findOne(WebhookDelivery, id, { populate: POPULATE });
  if (!delivery) throw notFound('The delivery');
  return delivery;
}

function toDeliveryDto(delivery: DeliveryRow): DeliveryDto {
  const webhook = delivery.webhook;
  const environment = webhook.clientEnvironment;
  return {
    id: delivery.id,
    eventId: delivery.event.id,
    eventType: delivery.event.type,
    userId: delivery.userId ?? null,
    webhook: {
      id: webhook.id,
      name: webhook.name,
      url: webhook.webhookUrl,
      clientId: environment.client.id,
      clientName: environment.client.name,
      environment: environment.environment,
    },
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode ?? null,
    lastLatencyMs: delivery.lastLatencyMs ?? null,
    lastError: delivery.lastError ?? null,
    nextAttemptAt: delivery.status === 'pending' ? (delivery.nextAttemptAt ?? null) : null,
    deliveredAt: delivery.deliveredAt ?? null,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

function deliveryFilter(
  query: Omit<DeliveryQuery, 'page' | 'pageSize'>,
): FilterQuery<InferEntity<typeof WebhookDelivery>> {
  return {
    ...(query.webhookId ? { webhook: query.webhookId } : {}),
    ...(query.clientId ? { webhook: { clientEnvironment: { client: query.clientId } } } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.eventType ? { event: { type: query.eventType } } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
  };
}

/** Deliveries, newest first, with what staff need to see why one did not arrive. */
export async function listDeliveries(em: EntityManager, query: DeliveryQuery): Promise<Page<DeliveryDto>> {
  const [deliveries, total] = await em.findAndCount(WebhookDelivery, deliveryFilter(query), {
    ...pageWindow(query),
    populate: POPULATE,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return { items: deliveries.map(toDeliveryDto), total, page: query.page, pageSize: query.pageSize };
}

export async function getDelivery(
  em: EntityManager,
  id: string,
): Promise<DeliveryDto & { attemptLog: DeliveryAttemptDto[] }> {
  const delivery = await loadDelivery(em, id);
  const attempts = await em.find(WebhookDeliveryAttempt, { delivery: id }, { orderBy: { createdAt: 'asc' } });
  return {
    ...toDeliveryDto(delivery),
    attemptLog: attempts.map((attempt) => ({
      id: attempt.id,
      attempt: attempt.attempt,
      statusCode: attempt.statusCode ?? null,
      latencyMs: attempt.latencyMs,
      error: attempt.error ?? null,
      createdAt: attempt.createdAt,
    })),
  };
}

/** Sends a finished delivery (failed or succeeded) again, from a fresh retry schedule. */
export async function redeliver(
  em: EntityManager,
  by: StaffChange,
  id: string,
  now: Date = new Date(),
): Promise<DeliveryDto> {
  const delivery = await loadDelivery(em, id);
  if (delivery.status === 'pending') {
    throw conflict('This delivery is still being attempted; it will be retried on its own.');
  }
  const before = { status: delivery.status, attempts: delivery.attempts };
  delivery.status = 'pending';
  delivery.attempts = 0;
  delivery.nextAttemptAt = now;
  delivery.lockedUntil = null;
  recordAudit(em, {
    ...by,
    action: 'webhook.redeliver',
    entityType: 'WebhookDelivery',
    entityId: delivery.id,
    before,
    after: { status: 'pending', eventId: delivery.event.id, webhookId: delivery.webhook.id },
  });
  await em.flush();
  return toDeliveryDto(delivery);
}

/** Queues every failed delivery again (of one webhook, or all). Returns how many. */
export async function redeliverFailed(
  em: EntityManager,
  by: StaffChange,
  filter: { webhookId?: string | undefined },
  now: Date = new Date(),
): Promise<number> {
  return em.transactional(async (tx) => {
    const count = await tx.nativeUpdate(
      WebhookDelivery,
      { status: 'failed', ...(filter.webhookId ? { webhook: filter.webhookId } : {}) },
      { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null },
    );
    recordAudit(tx, {
      ...by,
      action: 'webhook.redeliver-failed',
      entityType: 'ClientWebhook',
      entityId: filter.webhookId ?? null,
      after: { requeued: count },
    });
    return count;
  });
}

/** A `webhook.test` event to one webhook only, signed and retried like any other. */
export async function sendTestEvent(
  em: EntityManager,
  by: StaffChange,
  webhookId: string,
  now: Date = new Date(),
): Promise<DeliveryDto> {
  const webhook = await em.findOne(ClientWebhook, webhookId, { populate: ['clientEnvironment.client'] });
  if (!webhook) throw notFound('The webhook');
  if (
    !webhook.isActive ||
    !webhook.clientEnvironment.isActive ||
    !webhook.clientEnvironment.client.isActive
  ) {
    throw preconditionFailed('This webhook, its environment or its client is inactive: activate it first.');
  }
  // Drawn here so the delivery can carry it (an event about no one takes no person's lock).
  const [drawn] = await query<{ sequence: string }>(
    em,
    sql`select nextval(pg_get_serial_sequence('outbox_events', 'sequence')) as sequence`,
  );
  const event = em.create(OutboxEvent, {
    sequence: Number(drawn!.sequence),
    type: 'webhook.test',
    webhookType: webhook.type,
    userId: null,
    payload: {
      type: 'webhook.test',
      timestamp: now.toISOString(),
      data: {
        webhook: { id: webhook.id, name: webhook.name },
        requestedBy: by.actor.email,
      } satisfies HubEventData['webhook.test'],
    },
    // Goes to this webhook only, so the dispatcher must not fan it out.
    dispatchedAt: now,
  });
  const delivery = em.create(WebhookDelivery, {
    event,
    eventSequence: event.sequence,
    webhook,
    userId: null,
    status: 'pending',
    nextAttemptAt: now,
  });
  recordAudit(em, {
    ...by,
    action: 'webhook.test',
    entityType: 'ClientWebhook',
    entityId: webhook.id,
    after: { eventId: event.id, deliveryId: delivery.id },
  });
  await em.flush();
  return toDeliveryDto(await loadDelivery(em.fork(), delivery.id));
}

/** A webhook with the client and environment it belongs to, for staff lists and pickers. */
export interface WebhookWithClientDto extends WebhookDto {
  clientId: string;
  clientName: string;
  environment: string;
}

export type FlaggedWebhookDto = WebhookWithClientDto;

type WebhookWithClientRow = Loaded<InferEntity<typeof ClientWebhook>, 'clientEnvironment.client'>;

function toWebhookWithClientDto(webhook: WebhookWithClientRow): WebhookWithClientDto {
  return {
    ...toWebhookDto(webhook),
    clientId: webhook.clientEnvironment.client.id,
    clientName: webhook.clientEnvironment.client.name,
    environment: webhook.clientEnvironment.environment,
  };
}

/** Webhooks whose last attempts all failed (FLAG_AFTER_CONSECUTIVE_FAILURES or more in a row). */
export async function listFlaggedWebhooks(em: EntityManager): Promise<FlaggedWebhookDto[]> {
  const webhooks = await em.find(
    ClientWebhook,
    { consecutiveFailures: { $gte: FLAG_AFTER_CONSECUTIVE_FAILURES } },
    { populate: ['clientEnvironment.client'], orderBy: { failingSince: 'asc' } },
  );
  return webhooks.map(toWebhookWithClientDto);
}

/** Every webhook, by client, environment and name: what staff choose from to filter or test. */
export async function listWebhooks(em: EntityManager): Promise<WebhookWithClientDto[]> {
  const webhooks = await em.find(ClientWebhook, {}, { populate: ['clientEnvironment.client'] });
  return webhooks
    .map(toWebhookWithClientDto)
    .sort(
      (a, b) =>
        a.clientName.localeCompare(b.clientName) ||
        a.environment.localeCompare(b.environment) ||
        a.name.localeCompare(b.name),
    );
}
