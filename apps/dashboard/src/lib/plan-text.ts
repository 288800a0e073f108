import type { PlanTranslations } from '@accounts/core/billing/browser';

interface PlanWithText {
  name: string;
  description: string | null;
  translations: PlanTranslations;
}

/**
 * A plan's name and description in the page's language: staff's translation where they gave
 * one, else the plan's own (English) text, field by field.
 */
export function planText(plan: PlanWithText, language: string): { name: string; description: string | null } {
  const translated = (
    plan.translations as Record<string, { name: string | null; description: string | null } | undefined>
  )[language];
  return {
    name: translated?.name || plan.name,
    description: translated?.description || plan.description,
  };
}
