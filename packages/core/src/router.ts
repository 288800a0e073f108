import { billingAdminRouter } from './billing/billing-admin-router.ts';
import { billingRouter } from './billing/billing-router.ts';
import { entitlementsRouter } from './billing/entitlements-router.ts';
import { plansRouter } from './billing/plans-router.ts';
import { meRouter } from './identity/me-router.ts';
import { systemRouter } from './system/router.ts';
import { router } from './trpc.ts';

/** One namespace per area; each domain adds its routers here. */
export const appRouter = router({
  system: systemRouter,
  me: meRouter,
  plans: plansRouter,
  billing: billingRouter,
  billingAdmin: billingAdminRouter,
  entitlements: entitlementsRouter,
});

export type AppRouter = typeof appRouter;
