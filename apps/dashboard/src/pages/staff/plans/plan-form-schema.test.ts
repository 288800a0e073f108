import type { PlanDto } from '@accounts/core/billing/browser';
import { describe, expect, it } from 'vitest';
import { EMPTY_PLAN_FORM, formToPlanInput, planFormSchema, planToForm } from './plan-form-schema.ts';

const plan: PlanDto = {
  id: '7f1c3c8e-4d4b-4a59-9c1e-0d1f5b0c2a11',
  name: 'Mail Plus',
  description: null,
  translations: { de: { name: null, description: 'Viel Platz für Ihre Post.' } },
  priceAmount: 999,
  currency: 'EUR',
  billingInterval: 'year',
  checkoutPriceId: 'pri_plus_year',
  mailboxQuotaBytes: 50 * 1024 ** 3,
  maxAliases: 20,
  maxAppPasswords: 10,
  maxCustomDomains: 2,
  clients: [{ id: '0b7e8c1a-3f2d-4c5b-8a9e-1f2d3c4b5a69', name: 'Calendar' }],
  paddlePriceIds: ['pri_plus_year', 'pri_plus_old'],
  isActive: false,
  sortOrder: 3,
  subscriberCount: 4,
  createdAt: new Date(),
  updatedAt: new Date(),
};

const issuesOf = (values: Record<string, unknown>) => {
  const parsed = planFormSchema.safeParse({ ...planToForm(plan), ...values });
  return parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0]));
};

describe('the staff plan form', () => {
  it('shows a plan in staff units and saves exactly the same plan back', () => {
    const form = planToForm(plan);
    expect(form).toMatchObject({
      priceAmount: '9.99',
      mailboxQuotaBytes: '50',
      paddlePriceIds: 'pri_plus_year\npri_plus_old',
    });
    expect(formToPlanInput(planFormSchema.parse(form))).toEqual({
      name: 'Mail Plus',
      description: null,
      translations: { de: { name: null, description: 'Viel Platz für Ihre Post.' } },
      paddlePriceIds: ['pri_plus_year', 'pri_plus_old'],
      priceAmount: 999,
      currency: 'EUR',
      billingInterval: 'year',
      mailboxQuotaBytes: 50 * 1024 ** 3,
      maxAliases: 20,
      maxAppPasswords: 10,
      maxCustomDomains: 2,
      clientIds: ['0b7e8c1a-3f2d-4c5b-8a9e-1f2d3c4b5a69'],
      isActive: false,
      sortOrder: 3,
    });
  });

  it('sends no translation when the German fields are empty (the English text shows)', () => {
    const form = { ...planToForm(plan), nameDe: ' ', descriptionDe: '' };
    expect(formToPlanInput(planFormSchema.parse(form)).translations).toEqual({});
  });

  it('takes a decimal comma, price ids separated by commas or spaces, and fractions of a GiB', () => {
    const parsed = planFormSchema.parse({
      ...planToForm(plan),
      priceAmount: '4,50',
      paddlePriceIds: ' pri_a, pri_b  pri_c ',
      mailboxQuotaBytes: '0.5',
      currency: 'usd',
    });
    expect(parsed).toMatchObject({
      priceAmount: 450,
      paddlePriceIds: ['pri_a', 'pri_b', 'pri_c'],
      mailboxQuotaBytes: 512 * 1024 ** 2,
      currency: 'USD',
    });
  });

  it('refuses what the API would refuse, on the field concerned', () => {
    expect(issuesOf({ paddlePriceIds: 'price_123' })).toEqual(['paddlePriceIds']);
    expect(issuesOf({ paddlePriceIds: 'pri_a pri_a' })).toEqual(['paddlePriceIds']);
    expect(issuesOf({ priceAmount: '9.999' })).toEqual(['priceAmount']);
    expect(issuesOf({ priceAmount: '-1' })).toEqual(['priceAmount']);
    expect(issuesOf({ maxAliases: '2.5' })).toEqual(['maxAliases']);
    expect(issuesOf({ maxAppPasswords: '100001' })).toEqual(['maxAppPasswords']);
    expect(issuesOf({ currency: 'EURO' })).toEqual(['currency']);
    expect(issuesOf({ name: '  ' })).toEqual(['name']);
    expect(issuesOf({ sortOrder: '5000' })).toEqual(['sortOrder']);
  });

  it('starts empty forms with nothing that would pass unnoticed', () => {
    const parsed = planFormSchema.safeParse(EMPTY_PLAN_FORM);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path[0])).toEqual(
      expect.arrayContaining(['name', 'priceAmount', 'mailboxQuotaBytes']),
    );
  });
});
