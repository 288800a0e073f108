import { z } from 'zod';

/**
 * The parts of Paddle's notification payloads the hub reads (../shared/REFERENCE.md). Unknown
 * fields pass through untouched: Paddle adds fields without notice.
 */
const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an RFC 3339 time');

export const paddleEnvelopeSchema = z.object({
  event_id: z.string().min(1).max(255),
  notification_id: z.string().max(255).nullish(),
  event_type: z.string().min(1).max(255),
  occurred_at: timestamp,
  // Only checked to be an object, not copied key by key: each event type's own schema reads it.
  data: z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'must be an object',
  ),
});
export type PaddleEnvelope = z.infer<typeof paddleEnvelopeSchema>;

export const SUBSCRIPTION_STATUSES = ['active', 'canceled', 'past_due', 'paused', 'trialing'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

const period = z.object({ starts_at: timestamp, ends_at: timestamp }).nullish();

export const paddleSubscriptionSchema = z.object({
  id: z.string().min(1).max(255),
  status: z.enum(SUBSCRIPTION_STATUSES),
  customer_id: z.string().max(255).nullish(),
  transaction_id: z.string().max(255).nullish(),
  items: z
    .array(
      z.object({
        price: z.object({ id: z.string(), product_id: z.string().nullish() }).nullish(),
        price_id: z.string().nullish(),
        quantity: z.number().nullish(),
      }),
    )
    .default([]),
  current_billing_period: period,
  next_billed_at: timestamp.nullish(),
  scheduled_change: z
    .object({
      action: z.enum(['cancel', 'pause', 'resume']),
      effective_at: timestamp,
      resume_at: timestamp.nullish(),
    })
    .nullish(),
  canceled_at: timestamp.nullish(),
  paused_at: timestamp.nullish(),
  custom_data: z.record(z.string(), z.unknown()).nullish(),
});
export type PaddleSubscription = z.infer<typeof paddleSubscriptionSchema>;

export const paddleCustomerSchema = z.object({
  id: z.string().min(1).max(255),
  name: z.string().nullish(),
  email: z.string().nullish(),
});
export type PaddleCustomer = z.infer<typeof paddleCustomerSchema>;

export const paddleTransactionSchema = z.object({
  id: z.string().min(1).max(255),
  status: z.string().nullish(),
  customer_id: z.string().nullish(),
  subscription_id: z.string().nullish(),
  custom_data: z.record(z.string(), z.unknown()).nullish(),
});
export type PaddleTransaction = z.infer<typeof paddleTransactionSchema>;

export function priceIdsOf(subscription: PaddleSubscription): string[] {
  const ids = subscription.items.map((item) => item.price?.id ?? item.price_id).filter(Boolean) as string[];
  return [...new Set(ids)].sort();
}

/**
 * A sortable key for "which event is newer": occurred_at in UTC with exactly six fraction digits
 * (Paddle sends microseconds; a JS Date keeps only milliseconds), then the event id as tiebreak.
 */
export function eventOrderKey(occurredAt: string, eventId: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})$/.exec(
    occurredAt.trim(),
  );
  let micros = '000000';
  let instant: Date;
  if (match) {
    const fraction = match[3] ?? '';
    micros = fraction.padEnd(6, '0').slice(0, 6);
    const zone = match[4]!.toUpperCase();
    instant = new Date(`${match[1]}T${match[2]}${zone === 'Z' ? 'Z' : zone}`);
  } else {
    instant = new Date(occurredAt);
    micros = String(instant.getUTCMilliseconds() * 1000).padStart(6, '0');
  }
  const seconds = instant.toISOString().slice(0, 19);
  return `${seconds}.${micros}Z|${eventId}`;
}

/** The id of the entity an event is about (sub_..., txn_..., ctm_...). */
export function entityIdOf(data: Record<string, unknown>): string | null {
  return typeof data.id === 'string' && data.id.length <= 255 ? data.id : null;
}
