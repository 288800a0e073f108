import { randomBytes } from 'node:crypto';
import type { SubscriptionStatus } from './paddle-events.ts';

/**
 * Builds Paddle notifications in Paddle's own wire format (envelope and field names per
 * ../shared/REFERENCE.md). The offline `paddle:simulate` command and the tests send these through
 * the real webhook endpoint.
 */
export interface SubscriptionEventOptions {
  eventType: string;
  subscriptionId: string;
  customerId: string;
  status: SubscriptionStatus;
  priceIds: string[];
  /** The product name Paddle gives every item (`items[].product.name`). */
  productName?: string;
  customData: Record<string, unknown> | null;
  occurredAt?: Date | string;
  eventId?: string;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  nextBilledAt?: Date | null;
  scheduledChange?: {
    action: 'cancel' | 'pause' | 'resume';
    effective_at: string;
    resume_at?: string | null;
  } | null;
  canceledAt?: Date | null;
  pausedAt?: Date | null;
  transactionId?: string | null;
}

export interface PaddleNotification {
  event_id: string;
  notification_id: string;
  event_type: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

export const paddleId = (prefix: string) => `${prefix}_01${randomBytes(12).toString('hex')}`;

/** RFC 3339 with microseconds, as Paddle writes occurred_at. */
export function paddleTime(value: Date | string = new Date()): string {
  if (typeof value === 'string') return value;
  return value.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

export function subscriptionNotification(options: SubscriptionEventOptions): PaddleNotification {
  const occurredAt = paddleTime(options.occurredAt);
  const start = options.periodStart === undefined ? new Date(occurredAt) : options.periodStart;
  const end =
    options.periodEnd === undefined
      ? start
        ? new Date(start.getTime() + 30 * 86_400_000)
        : null
      : options.periodEnd;
  const ended = options.status === 'canceled';
  return {
    event_id: options.eventId ?? paddleId('evt'),
    notification_id: paddleId('ntf'),
    event_type: options.eventType,
    occurred_at: occurredAt,
    data: {
      id: options.subscriptionId,
      status: options.status,
      customer_id: options.customerId,
      address_id: 'add_01simulated',
      business_id: null,
      currency_code: 'EUR',
      created_at: occurredAt,
      updated_at: occurredAt,
      started_at: iso(start),
      first_billed_at: iso(start),
      next_billed_at:
        options.nextBilledAt === undefined
          ? ended || options.scheduledChange?.action === 'cancel'
            ? null
            : iso(end)
          : iso(options.nextBilledAt),
      paused_at: iso(options.pausedAt ?? null),
      canceled_at: iso(options.canceledAt ?? null),
      collection_mode: 'automatic',
      billing_details: null,
      current_billing_period: ended || !start || !end ? null : { starts_at: iso(start), ends_at: iso(end) },
      billing_cycle: { interval: 'month', frequency: 1 },
      scheduled_change: options.scheduledChange ?? null,
      items: options.priceIds.map((priceId) => ({
        status: 'active',
        quantity: 1,
        recurring: true,
        price: { id: priceId, product_id: 'pro_01simulated', name: null, description: `Price ${priceId}` },
        product: { id: 'pro_01simulated', name: options.productName ?? 'Simulated plan' },
      })),
      custom_data: options.customData,
      transaction_id: options.transactionId ?? null,
      management_urls: null,
      discount: null,
      import_meta: null,
    },
  };
}

export function transactionNotification(options: {
  eventType: string;
  transactionId: string;
  status: string;
  customerId: string | null;
  subscriptionId: string | null;
  customData: Record<string, unknown> | null;
  occurredAt?: Date | string;
  eventId?: string;
}): PaddleNotification {
  const occurredAt = paddleTime(options.occurredAt);
  return {
    event_id: options.eventId ?? paddleId('evt'),
    notification_id: paddleId('ntf'),
    event_type: options.eventType,
    occurred_at: occurredAt,
    data: {
      id: options.transactionId,
      status: options.status,
      customer_id: options.customerId,
      subscription_id: options.subscriptionId,
      custom_data: options.customData,
      origin: 'web',
      currency_code: 'EUR',
      created_at: occurredAt,
      updated_at: occurredAt,
    },
  };
}

export function customerNotification(options: {
  eventType: string;
  customerId: string;
  email: string;
  name?: string | null;
  occurredAt?: Date | string;
  eventId?: string;
}): PaddleNotification {
  const occurredAt = paddleTime(options.occurredAt);
  return {
    event_id: options.eventId ?? paddleId('evt'),
    notification_id: paddleId('ntf'),
    event_type: options.eventType,
    occurred_at: occurredAt,
    data: {
      id: options.customerId,
      name: options.name ?? null,
      email: options.email,
      status: 'active',
      locale: 'en',
      marketing_consent: false,
      created_at: occurredAt,
      updated_at: occurredAt,
    },
  };
}
