import { clearSessionCookie, deleteAccountSchema, selfChange, userProcedure } from '../../identity/index.ts';
import { router } from '../../kernel/trpc.ts';
import { accountActivity } from './activity.ts';
import { accountDeletionPreview, deleteOwnAccount, exportPersonalData } from './privacy.ts';

export const privacyRouter = router({
  /** Everything the hub holds about the signed-in person, as one JSON document. */
  export: userProcedure.query(({ ctx }) => exportPersonalData(ctx.em, ctx.hub, ctx.user.id)),
  /** The changes made to the signed-in person's account, and by whom: newest first. */
  activity: userProcedure.query(({ ctx }) => accountActivity(ctx.em, ctx.user.id)),
  /** What deleting the account would do to their subscription, mail and apps, said before they confirm. */
  deletionPreview: userProcedure.query(({ ctx }) => accountDeletionPreview(ctx.em, ctx.hub, ctx.user.id)),
  /** Deletes the signed-in person's account and signs them out everywhere. */
  deleteAccount: userProcedure.input(deleteAccountSchema).mutation(async ({ ctx, input }) => {
    await deleteOwnAccount(ctx.em, ctx.hub, ctx.user, input, selfChange(ctx));
    clearSessionCookie(ctx);
    return { deleted: true as const };
  }),
});
