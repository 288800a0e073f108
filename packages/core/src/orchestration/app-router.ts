import { billingAdminRouter, billingRouter, entitlementsRouter, plansRouter } from '../billing/index.ts';
import { allowListRouter, clientsRouter, directoryRouter, webhooksRouter } from '../clients/index.ts';
import { meRouter, staffAccountsRouter } from '../identity/index.ts';
import { router } from '../kernel/trpc.ts';
import { mailAdminRouter, mailRouter } from '../mail/index.ts';
import { privacyRouter } from './account/privacy-router.ts';
import { profileRouter } from './account/profile-router.ts';
import { sessionsRouter } from './account/sessions-router.ts';
import { staffUsersRouter } from './account/staff-users-router.ts';
import { auditRouter } from './audit-router.ts';
import { clientAuthRouter } from './client-login/client-auth-router.ts';
import { authRouter } from './sign-in/auth-router.ts';
import { outgoingMailRouter } from './system/outgoing-mail-router.ts';
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
  outgoingMail: outgoingMailRouter,
});

export type AppRouter = typeof appRouter;
