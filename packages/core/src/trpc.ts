import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { authenticateClientToken } from './clients/environment-tokens.ts';
import type { BaseContext } from './context.ts';
import { HubError, trpcCodeOf } from './errors.ts';
import { resolveSession } from './identity/sessions.ts';

const t = initTRPC.context<BaseContext>().create({
  transformer: superjson,
  // Never ship stack traces, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodFieldErrors = cause instanceof ZodError ? z.flattenError(cause).fieldErrors : undefined;
    const hub = cause instanceof HubError ? cause : undefined;
    return {
      ...shape,
      message:
        cause instanceof ZodError
          ? 'Some fields are not valid.'
          : shape.data.code === 'INTERNAL_SERVER_ERROR'
            ? 'Something went wrong on our side. Please try again.'
            : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: (hub?.fieldErrors ?? zodFieldErrors ?? null) as Record<string, string[]> | null,
        retryAfterSeconds: hub?.retryAfterSeconds ?? null,
      },
    };
  },
});

/** Maps the hub's error vocabulary onto tRPC codes in one place, and logs what is unexpected. */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof HubError) {
      result.error = new TRPCError({ code: trpcCodeOf[cause.code], message: cause.message, cause });
    } else if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.log.error({ err: cause ?? result.error, path }, 'procedure failed');
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(errorMapping);

/**
 * Cookie-authenticated mutations must come from our own origin: browsers always send Origin on
 * cross-site POSTs, so a missing or foreign one is refused (CSRF).
 */
export function checkSameOrigin(ctx: BaseContext): void {
  const expected = new URL(ctx.config.publicUrl).origin;
  if (ctx.req.origin !== expected) {
    throw new HubError('FORBIDDEN', 'This request did not come from the hub itself and was refused.');
  }
}

export const userProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  const authenticated = await resolveSession(ctx);
  if (!authenticated) throw new HubError('UNAUTHENTICATED', 'Please sign in.');
  if (type === 'mutation') checkSameOrigin(ctx);
  return next({ ctx: { ...ctx, user: authenticated.user, session: authenticated.session } });
});

export const staffProcedure = userProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isStaff && !ctx.user.isSuperuser) {
    throw new HubError('FORBIDDEN', 'This area is for staff only.');
  }
  return next({ ctx });
});

/** Client apps' servers: `Authorization: Bearer <environment token>`, no cookies involved. */
export const clientServerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const match = /^Bearer (\S+)$/.exec(ctx.req.authorization ?? '');
  if (!match?.[1]) throw new HubError('UNAUTHENTICATED', 'An environment token is required.');
  const environment = await authenticateClientToken(ctx.em, match[1]);
  return next({ ctx: { ...ctx, environment, client: environment.client } });
});
