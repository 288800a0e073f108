import { billingAdminRouter } from '../billing/billing-admin-router.ts';
import { billingRouter } from '../billing/billing-router.ts';
import { entitlementsRouter } from '../billing/entitlements-router.ts';
import { plansRouter } from '../billing/plans-router.ts';
import { allowListRouter } from '../clients/allow-list-router.ts';
import { clientsRouter } from '../clients/clients-router.ts';
import { directoryRouter } from '../clients/directory-router.ts';
import { webhooksRouter } from '../clients/webhooks-router.ts';
import { meRouter } from '../identity/me-router.ts';
import { staffAccountsRouter } from '../identity/staff-accounts-router.ts';
import { router } from '../kernel/trpc.ts';
import { mailAdminRouter } from '../mail/mail-admin-router.ts';
import { mailRouter } from '../mail/mail-router.ts';
import { privacyRouter } from './account/privacy-router.ts';
import { profileRouter } from './account/profile-router.ts';
import { sessionsRouter } from './account/sessions-router.ts';
import { staffUsersRouter } from './account/staff-users-router.ts';
import { auditRouter } from './audit-router.ts';
import { clientAuthRouter } from './client-login/client-auth-router.ts';
import { authRouter } from './sign-in/auth-router.ts';
import { systemRouter } from './system/system-router.ts';

/** One namespace per area; each domain adds its routers here. */
export const appRouter = router({
  system: systemRouter,
  me: meRouter,
  clients: clientsRouter,
  webhooks: webhooksRouter,
  audit: auditRouter,
  allowList: allowListRouter,
  directory: directoryRouter,
  mail: mailRouter,
  mailAdmin: mailAdminRouter,
  profile: profileRouter,
  privacy: privacyRouter,
  staffUsers: staffUsersRouter,
  auth: authRouter,
  sessions: sessionsRouter,
  clientAuth: clientAuthRouter,
  staffAccounts: staffAccountsRouter,
  plans: plansRouter,
  billing: billingRouter,
  billingAdmin: billingAdminRouter,
  entitlements: entitlementsRouter,
});

export type AppRouter = typeof appRouter;
