import { z } from 'zod';
import { isCleanText, isStorableInJsonb, TEXT_REFUSED, text } from '../kernel/text-schemas.ts';

/**
 * The parts of Paddle's notification payloads the hub reads (../shared/REFERENCE.md). Unknown
 * fields pass through untouched: Paddle adds fields without notice. Text goes through the shared
 * text type: a signed body with a NUL in an id must be a 400, not a failed INSERT.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](0\d|1[0-5]):?[0-5]\d)$/;

/**
 * RFC 3339 as Paddle writes it, naming a real day and time PostgreSQL's timestamptz takes as the
 * same instant: Date.parse alone also takes "1", "-1" or 30 February, which PostgreSQL refuses.
 */
function isRfc3339(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

const timestamp = z.string().refine(isRfc3339, 'must be an RFC 3339 time');

/** Paddle's ids and short values, as long as the varchar(255) columns they are kept in. */
const paddleText = text.max(255);

/** custom_data is kept in a jsonb column, which refuses NUL and lone surrogates anywhere inside. */
const customData = z
  .record(z.string(), z.unknown())
  .refine(isStorableInJsonb, 'must not contain NUL or broken characters')
  .nullish();

/** The fields of `data` the webhook stores in columns before any event type's schema reads it. */
const STORED_DATA_FIELDS = ['id', 'status', 'subscription_id'] as const;

export const paddleEnvelopeSchema = z.object({
  event_id: text.min(1).max(255),
  notification_id: text.max(255).nullish(),
  event_type: text.min(1).max(255),
  occurred_at: timestamp,
  // Only checked to be an object, not copied key by key: each event type's own schema reads it.
  data: z
    .custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      'must be an object',
    )
    .refine(
      (data) =>
        STORED_DATA_FIELDS.every((field) => typeof data[field] !== 'string' || isCleanText(data[field])),
      TEXT_REFUSED,
    ),
});
export type PaddleEnvelope = z.infer<typeof paddleEnvelopeSchema>;

export const SUBSCRIPTION_STATUSES = ['active', 'canceled', 'past_due', 'paused', 'trialing'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

const period = z.object({ starts_at: timestamp, ends_at: timestamp }).nullish();

export const paddleSubscriptionSchema = z.object({
  id: paddleText.min(1),
  status: z.enum(SUBSCRIPTION_STATUSES),
  customer_id: paddleText.nullish(),
  transaction_id: paddleText.nullish(),
  items: z
    .array(
      z.object({
        price: z
          .object({
            id: paddleText,
            product_id: paddleText.nullish(),
            name: paddleText.nullish(),
            description: paddleText.nullish(),
          })
          .nullish(),
        price_id: paddleText.nullish(),
        // Paddle includes the product entity of each item (its `name` is what the person bought).
        product: z.object({ id: paddleText.nullish(), name: paddleText.nullish() }).nullish(),
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
  custom_data: customData,
});
export type PaddleSubscription = z.infer<typeof paddleSubscriptionSchema>;

export const paddleCustomerSchema = z.object({
  id: paddleText.min(1),
  name: paddleText.nullish(),
  email: paddleText.nullish(),
});
export type PaddleCustomer = z.infer<typeof paddleCustomerSchema>;

export const paddleTransactionSchema = z.object({
  id: paddleText.min(1),
  status: paddleText.nullish(),
  customer_id: paddleText.nullish(),
  subscription_id: paddleText.nullish(),
  custom_data: customData,
});
export type PaddleTransaction = z.infer<typeof paddleTransactionSchema>;

export function priceIdsOf(subscription: PaddleSubscription): string[] {
  const ids = subscription.items.map((item) => item.price?.id ?? item.price_id).filter(Boolean) as string[];
  return [...new Set(ids)].sort();
}

/** subscriptions.name is a varchar(255). */
const NAME_MAX = 255;

function joinedNames(names: (string | null | undefined)[]): string | null {
  const name = [...new Set(names.map((value) => value?.trim()).filter(Boolean))].join(', ');
  return name ? name.slice(0, NAME_MAX) : null;
}

/**
 * What the person pays for, in Paddle's words: the product names of the items, distinct, in item
 * order. A snapshot without product entities (an older API version) keeps the `previous` name; with
 * none yet, the prices' names or descriptions stand in.
 */
export function subscriptionNameOf(subscription: PaddleSubscription, previous: string | null): string | null {
  return (
    joinedNames(subscription.items.map((item) => item.product?.name)) ??
    previous ??
    joinedNames(subscription.items.map((item) => item.price?.name || item.price?.description))
  );
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
