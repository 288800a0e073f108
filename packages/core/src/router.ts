import { authRouter } from './identity/auth-router.ts';
import { clientAuthRouter } from './identity/client-auth-router.ts';
import { meRouter } from './identity/me-router.ts';
import { sessionsRouter } from './identity/sessions-router.ts';
import { staffAccountsRouter } from './identity/staff-accounts-router.ts';
import { systemRouter } from './system/router.ts';
import { router } from './trpc.ts';

/** One namespace per area; each domain adds its routers here. */
export const appRouter = router({
  system: systemRouter,
  me: meRouter,
  auth: authRouter,
  sessions: sessionsRouter,
  clientAuth: clientAuthRouter,
  staffAccounts: staffAccountsRouter,
});

export type AppRouter = typeof appRouter;
