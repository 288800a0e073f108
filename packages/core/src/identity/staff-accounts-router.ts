import { z } from 'zod';
import { router } from '../kernel/trpc.ts';
import { staffCreateUserSchema } from './auth-schemas.ts';
import { staffProcedure } from './procedures.ts';
import { createResetLinkByStaff, createUserByStaff, endUserSessionsByStaff } from './staff-accounts.ts';

const actorOf = (user: { id: string; email: string; isSuperuser: boolean }) => ({
  id: user.id,
  email: user.email,
  isSuperuser: user.isSuperuser,
});

export const staffAccountsRouter = router({
  /**
   * Creates an account. Under passwords: a one-time invitation link, mailed to the person and shown
   * once to staff; under Mozilla sign-in: a note to the person to sign in (`mailedTo` either way).
   */
  createUser: staffProcedure
    .input(staffCreateUserSchema)
    .mutation(({ ctx, input }) =>
      createUserByStaff(ctx.em, ctx.config, actorOf(ctx.user), input, ctx.req.ip),
    ),

  /** A one-time password reset link, shown once; mailed too to a confirmed, active address. */
  createResetLink: staffProcedure
    .input(z.object({ userId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      createResetLinkByStaff(ctx.em, ctx.config, actorOf(ctx.user), input.userId, ctx.req.ip),
    ),

  endSessions: staffProcedure
    .input(z.object({ userId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      endUserSessionsByStaff(ctx.em, actorOf(ctx.user), input.userId, ctx.req.ip),
    ),
});
