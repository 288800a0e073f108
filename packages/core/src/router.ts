import { meRouter } from './identity/me-router.ts';
import { mailAdminRouter } from './mail/admin-router.ts';
import { mailRouter } from './mail/router.ts';
import { systemRouter } from './system/router.ts';
import { router } from './trpc.ts';

/** One namespace per area; each domain adds its routers here. */
export const appRouter = router({
  system: systemRouter,
  me: meRouter,
  mail: mailRouter,
  mailAdmin: mailAdminRouter,
});

export type AppRouter = typeof appRouter;
