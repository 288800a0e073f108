import { clearSessionCookie, deleteAccountSchema, userProcedure } from '../../identity/index.ts';
import { router } from '../../kernel/trpc.ts';
import { deleteOwnAccount, exportPersonalData } from './privacy.ts';

export const privacyRouter = router({
  /** Everything the hub holds about the signed-in person, as one JSON document. */
  export: userProcedure.query(({ ctx }) => exportPersonalData(ctx.em, ctx.hub, ctx.user.id)),
  /** Deletes the signed-in person's account and signs them out everywhere. */
  deleteAccount: userProcedure.input(deleteAccountSchema).mutation(async ({ ctx, input }) => {
    await deleteOwnAccount(ctx.em, ctx.hub, ctx.user, input, ctx.req.ip);
    clearSessionCookie(ctx);
    return { deleted: true as const };
  }),
});
