import { meRouter } from './identity/me-router.ts';
import { privacyRouter } from './identity/privacy-router.ts';
import { profileRouter } from './identity/profile-router.ts';
import { staffUsersRouter } from './identity/staff-users-router.ts';
import { systemRouter } from './system/router.ts';
import { router } from './trpc.ts';

/** One namespace per area; each domain adds its routers here. */
export const appRouter = router({
  system: systemRouter,
  me: meRouter,
  profile: profileRouter,
  privacy: privacyRouter,
  staffUsers: staffUsersRouter,
});

export type AppRouter = typeof appRouter;
