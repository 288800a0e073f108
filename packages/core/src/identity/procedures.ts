import type { ChangeSource } from '../kernel/audit/audit.ts';
import type { BaseContext } from '../kernel/context.ts';
import { HubError } from '../kernel/errors.ts';
import { checkSameOrigin, publicProcedure, toTrpcError } from '../kernel/trpc.ts';
import { resolveSession } from './sessions.ts';

/** The procedure builders for people signed in to the hub with a session cookie. */

async function requireSession(ctx: BaseContext, type: string) {
  const authenticated = await resolveSession(ctx);
  if (!authenticated) throw toTrpcError(new HubError('UNAUTHENTICATED', 'Please sign in.'));
  if (type === 'mutation') checkSameOrigin(ctx);
  return authenticated;
}

// Each builder is at most one middleware deep: every tRPC middleware layer costs measurable throughput.
export const userProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  const { user, session } = await requireSession(ctx, type);
  return next({ ctx: { user, session } });
});

export const staffProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  const { user, session } = await requireSession(ctx, type);
  if (!user.isStaff && !user.isSuperuser)
    throw toTrpcError(new HubError('FORBIDDEN', 'This area is for staff only.'));
  return next({ ctx: { user, session } });
});

/** A person changing their own account from the dashboard: them, their address and browser. */
export function selfChange(ctx: BaseContext & { user: { id: string; email: string } }): ChangeSource {
  return {
    actor: { id: ctx.user.id, email: ctx.user.email },
    ip: ctx.req.ip,
    userAgent: ctx.req.userAgent,
  };
}
