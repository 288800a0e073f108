import { z } from 'zod';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../identity/browser.ts';
import { multilineText, nameText, text } from '../kernel/text-schemas.ts';

/** Input schemas for billing procedures. Browser-safe (zod only), so the dashboard's forms reuse them. */

export const paddlePriceId = text
  .trim()
  .regex(/^pri_[A-Za-z0-9_]{1,64}$/, 'must be a Paddle price id (pri_…)');

const limit = z.number().int().min(0).max(100_000);

/** The languages a plan's text can be translated into: every supported one but English, its base. */
export const PLAN_TRANSLATION_LANGUAGES = SUPPORTED_LANGUAGES.filter(
  (language): language is Exclude<SupportedLanguage, 'en'> => language !== 'en',
);

const planTranslation = z.object({
  name: nameText.trim().max(100).nullable().default(null),
  description: multilineText.trim().max(2000).nullable().default(null),
});

/** Per language, a plan's name and description; what is missing shows in English. */
export const planTranslations = z.partialRecord(z.enum(PLAN_TRANSLATION_LANGUAGES), planTranslation);
export type PlanTranslations = z.infer<typeof planTranslations>;

/** Without defaults, so a partial update leaves unnamed fields alone. */
const planFields = z.object({
  name: nameText.trim().min(1, 'is required').max(100),
  description: multilineText.trim().max(2000).nullable(),
  translations: planTranslations,
  paddlePriceIds: z
    .array(paddlePriceId)
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, 'lists a price twice'),
  /** Display price in minor units (cents). */
  priceAmount: z.number().int().min(0).max(100_000_000),
  currency: text
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  billingInterval: z.enum(['month', 'year']),
  mailboxQuotaBytes: z
    .number()
    .int()
    .min(0)
    .max(1024 ** 5),
  maxAliases: limit,
  maxAppPasswords: limit,
  maxCustomDomains: limit,
  clientIds: z.array(z.uuid()).max(100),
  isActive: z.boolean(),
  sortOrder: z.number().int().min(-1000).max(1000),
});

export const planInput = planFields.extend({
  description: planFields.shape.description.default(null),
  translations: planTranslations.default({}),
  clientIds: planFields.shape.clientIds.default([]),
  isActive: planFields.shape.isActive.default(true),
  sortOrder: planFields.shape.sortOrder.default(0),
});
export type PlanInput = z.infer<typeof planInput>;

export const planUpdateInput = planFields.partial().extend({ id: z.uuid() });
export type PlanUpdateInput = z.infer<typeof planUpdateInput>;

export const paddleEventFilter = z.object({
  status: z.enum(['received', 'applied', 'skipped', 'failed']).optional(),
  /** An event type (subscription.updated) or a family prefix (subscription.). */
  eventType: text.trim().max(100).optional(),
  /** sub_…, txn_…, ctm_…, or an event id evt_…. */
  search: nameText.trim().max(255).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type PaddleEventFilter = z.infer<typeof paddleEventFilter>;

export const subscriptionStatus = z.enum(['active', 'canceled', 'past_due', 'paused', 'trialing']);

export const subscriptionListFilter = z.object({
  /** An email (the person's or Paddle's customer), or an id: sub_…, ctm_…, txn_…. */
  search: nameText.trim().max(255).optional(),
  status: subscriptionStatus.optional(),
  /** Only subscriptions nobody could be bound to (a binding problem, waiting for staff). */
  flagged: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type SubscriptionListFilter = z.infer<typeof subscriptionListFilter>;

export const paddleSubscriptionId = text
  .trim()
  .regex(/^sub_[A-Za-z0-9_]{1,64}$/, 'must be a Paddle subscription id (sub_…)');

export const paddleTransactionId = text
  .trim()
  .regex(/^txn_[A-Za-z0-9_]{1,64}$/, 'must be a Paddle transaction id (txn_…)');
