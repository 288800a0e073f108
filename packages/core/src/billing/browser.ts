/**
 * What a browser may load from billing: zod schemas and constants (no server code), and the
 * types of what its procedures answer. The dashboard imports billing only through this module.
 */
export type { CheckoutSettingsDto, SubscriptionCardDto } from './account-service.ts';
export type { AdminSubscriptionDto, PaddleEventDetailDto } from './admin-service.ts';
export type { PlanDto } from './plans.ts';
export type { PlanTranslations } from './schemas.ts';
export { PLAN_TRANSLATION_LANGUAGES, planInput, planTranslations } from './schemas.ts';
