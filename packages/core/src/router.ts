import { systemRouter } from './system/router.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
