import { publicProcedure, router } from '../kernel/trpc.ts';
import { listPublicPlans } from './plans.ts';

/** Plans with prices, for anyone (the pricing page is public). */
export const plansRouter = router({
  list: publicProcedure.query(({ ctx }) => listPublicPlans(ctx.em)),
});
