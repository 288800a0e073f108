import { profileUpdateSchema, selfChange, updateProfile, userProcedure } from '../../identity/index.ts';
import { router } from '../../kernel/trpc.ts';
import { accountOverview } from './overview.ts';

export const profileRouter = router({
  /** What the overview page shows beyond `me.get`: plan, mailbox, services. */
  overview: userProcedure.query(({ ctx }) => accountOverview(ctx.em, ctx.config, ctx.user)),
  /** The person's own profile; answers the updated user, the same shape as `me.get`. */
  update: userProcedure
    .input(profileUpdateSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx.em, ctx.config, ctx.user.id, input, selfChange(ctx))),
});
