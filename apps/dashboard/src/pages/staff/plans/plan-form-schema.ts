import type { PlanDto } from '@accounts/core/billing/browser';
import { planInput } from '@accounts/core/billing/browser';
import { multilineText, nameText } from '@accounts/core/kernel/browser';
import { z } from 'zod';

/**
 * The plan form in the units staff think in (a price like 9.99, a quota in GiB, price ids one per
 * line), checked with the API's own field rules after conversion. Field names match the API's,
 * so whatever the server still refuses lands on the same field.
 */
const GIB = 1024 ** 3;
const shape = planInput.shape;

const wholeNumber = (rule: z.ZodType<number, number>) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(rule);

export const planFormSchema = z.object({
  name: shape.name,
  description: multilineText.trim().max(2000),
  // The German text (the one language besides English today); empty means "show the English".
  nameDe: nameText.trim().max(100),
  descriptionDe: multilineText.trim().max(2000),
  paddlePriceIds: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .pipe(shape.paddlePriceIds),
  priceAmount: z
    .string()
    .trim()
    .regex(/^\d+([.,]\d{1,2})?$/, 'must be an amount like 9.99')
    .transform((text) => Math.round(Number(text.replace(',', '.')) * 100))
    .pipe(shape.priceAmount),
  currency: shape.currency,
  billingInterval: shape.billingInterval,
  mailboxQuotaBytes: z
    .string()
    .trim()
    .regex(/^\d+([.,]\d{1,3})?$/, 'must be a number of GiB')
    .transform((text) => Math.round(Number(text.replace(',', '.')) * GIB))
    .pipe(
      z
        .number()
        .int()
        .min(0)
        .max(1024 ** 5),
    ),
  maxAliases: wholeNumber(z.number().int().min(0).max(100_000)),
  maxAppPasswords: wholeNumber(z.number().int().min(0).max(100_000)),
  maxCustomDomains: wholeNumber(z.number().int().min(0).max(100_000)),
  clientIds: z.array(z.uuid()).max(100),
  isActive: z.boolean(),
  sortOrder: wholeNumber(z.number().int().min(-1000).max(1000)),
});

export type PlanFormValues = z.input<typeof planFormSchema>;
export type PlanFormOutput = z.output<typeof planFormSchema>;

export const EMPTY_PLAN_FORM: PlanFormValues = {
  name: '',
  description: '',
  nameDe: '',
  descriptionDe: '',
  paddlePriceIds: '',
  priceAmount: '',
  currency: 'EUR',
  billingInterval: 'month',
  mailboxQuotaBytes: '',
  maxAliases: '0',
  maxAppPasswords: '0',
  maxCustomDomains: '0',
  clientIds: [],
  isActive: true,
  sortOrder: '0',
};

/** A plan as the form shows it; the inverse of what the schema produces. */
export function planToForm(plan: PlanDto): PlanFormValues {
  return {
    name: plan.name,
    description: plan.description ?? '',
    nameDe: plan.translations.de?.name ?? '',
    descriptionDe: plan.translations.de?.description ?? '',
    paddlePriceIds: plan.paddlePriceIds.join('\n'),
    priceAmount: (plan.priceAmount / 100).toFixed(2),
    currency: plan.currency,
    billingInterval: plan.billingInterval,
    mailboxQuotaBytes: String(Math.round((plan.mailboxQuotaBytes / GIB) * 1000) / 1000),
    maxAliases: String(plan.maxAliases),
    maxAppPasswords: String(plan.maxAppPasswords),
    maxCustomDomains: String(plan.maxCustomDomains),
    clientIds: plan.clients.map((client) => client.id),
    isActive: plan.isActive,
    sortOrder: String(plan.sortOrder),
  };
}

export function formToPlanInput(values: PlanFormOutput) {
  const { nameDe, descriptionDe, ...rest } = values;
  return {
    ...rest,
    description: values.description || null,
    translations:
      nameDe || descriptionDe ? { de: { name: nameDe || null, description: descriptionDe || null } } : {},
  };
}
