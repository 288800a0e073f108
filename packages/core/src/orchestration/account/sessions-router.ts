import { z } from 'zod';
import {
  clearSessionCookie,
  revokeSession,
  revokeUserSessions,
  selfChange,
  userProcedure,
} from '../../identity/index.ts';
import { notFound } from '../../kernel/errors.ts';
import { router } from '../../kernel/trpc.ts';
import { listConnectedApps, listSessions } from './session-list.ts';

export const sessionsRouter = router({
  list: userProcedure.query(({ ctx }) => listSessions(ctx.em, ctx.user.id, ctx.session.id)),

  connectedApps: userProcedure.query(({ ctx }) => listConnectedApps(ctx.em, ctx.user.id)),

  /** Signs out one of the person's own sessions (the current one too, which clears the cookie). */
  revoke: userProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const ended = await revokeSession(ctx.em, input.id, ctx.user.id, { source: selfChange(ctx) });
    if (!ended) throw notFound('This session');
    if (input.id === ctx.session.id) clearSessionCookie(ctx);
    return { ended: true, current: input.id === ctx.session.id };
  }),

  revokeOthers: userProcedure.mutation(async ({ ctx }) => ({
    endedSessions: await revokeUserSessions(ctx.em, ctx.user.id, {
      except: ctx.session.id,
      record: { source: selfChange(ctx) },
    }),
  })),
});
