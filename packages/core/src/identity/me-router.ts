import { publicProcedure, router } from '../kernel/trpc.ts';
import { toUserDto } from './dto.ts';
import { userProcedure } from './procedures.ts';
import { resolveSession } from './sessions.ts';

export const meRouter = router({
  /** The signed-in person; UNAUTHORIZED when nobody is. */
  get: userProcedure.query(({ ctx }) => toUserDto(ctx.user)),
  /** The person if signed in, else null: for pages that work either way. */
  maybe: publicProcedure.query(async ({ ctx }) => {
    const authenticated = await resolveSession(ctx);
    return {
      user: authenticated ? toUserDto(authenticated.user) : null,
      authScheme: ctx.config.authScheme,
    };
  }),
});
