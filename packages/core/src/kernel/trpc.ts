import { initTRPC, TRPCError } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { ZodError, z } from 'zod';
import type { BaseContext } from './context.ts';
import {
  HubError,
  type HubErrorReason,
  httpStatusOf,
  hubErrorOf,
  type ReasonParams,
  trpcCodeOf,
} from './errors.ts';
import { wireTransformer } from './wire-transformer.ts';

/** What a HubError's failure carries: its tRPC code and HTTP status, field errors, Retry-After, reason. */
function hubErrorShape(error: HubError, path: string | undefined) {
  const code = trpcCodeOf[error.code];
  return {
    message: error.message,
    code: TRPC_ERROR_CODES_BY_KEY[code],
    data: {
      code,
      httpStatus: httpStatusOf[error.code],
      path,
      fieldErrors: error.fieldErrors ?? null,
      retryAfterSeconds: error.retryAfterSeconds ?? null,
      reason: error.reason ?? null,
      reasonParams: error.reasonParams ?? null,
    },
  };
}

const t = initTRPC.context<BaseContext>().create({
  // superjson on the wire, with a shortcut for plain data on the way out (wire-transformer.ts).
  transformer: wireTransformer,
  // Never ship stack traces, whatever NODE_ENV says.
  isDev: false,
  /**
   * The one place the hub's error vocabulary becomes tRPC codes and HTTP statuses. Mapping here
   * rather than in a middleware keeps every procedure call one middleware lighter.
   */
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const hubError = hubErrorOf(cause);
    if (hubError) return hubErrorShape(hubError, shape.data.path);
    const invalidInput = cause instanceof ZodError;
    return {
      message: invalidInput
        ? 'Some fields are not valid.'
        : shape.data.code === 'INTERNAL_SERVER_ERROR'
          ? 'Something went wrong on our side. Please try again.'
          : shape.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: invalidInput ? (z.flattenError(cause).fieldErrors as Record<string, string[]>) : null,
        retryAfterSeconds: null as number | null,
        reason: null as HubErrorReason | null,
        reasonParams: null as ReasonParams | null,
      },
    };
  },
});

export const router = t.router;

/**
 * A refusal of a whole tRPC request before tRPC's handler sees it (apps/api's batch limit), as
 * tRPC answers a request that fails as a whole: one error, shaped by the formatter above and
 * serialised by the wire transformer, so tRPC clients read it like any other failure.
 */
export function requestRefusal(error: HubError): { status: number; body: string } {
  const shape = hubErrorShape(error, undefined);
  return {
    status: shape.data.httpStatus,
    body: JSON.stringify({ error: wireTransformer.output.serialize(shape) }),
  };
}

export function toTrpcError(error: HubError): TRPCError {
  return new TRPCError({ code: trpcCodeOf[error.code], message: error.message, cause: error });
}

/**
 * tRPC's caller factory. Server-side callers (tests, scripts) see a HubError with its tRPC code, as
 * HTTP clients do (there the error formatter maps it): the caller's `onError` gives the error its
 * code before the caller throws it, so no procedure carries a middleware for this.
 */
export const createCallerFactory: typeof t.createCallerFactory = (target) => {
  const createCaller = t.createCallerFactory(target);
  return (ctx, options) =>
    createCaller(ctx, {
      ...options,
      onError(opts) {
        withHubErrorCode(opts.error);
        options?.onError?.(opts);
      },
    });
};

/**
 * A procedure's failure reaches the caller as a TRPCError with the HubError as its cause and
 * INTERNAL_SERVER_ERROR as its code; tRPC's caller hands `onError` the very error it then throws
 * (trpc.test.ts and caller.test.ts check that, so an upgrade that changes it fails there).
 */
function withHubErrorCode(error: TRPCError): void {
  if (error.cause instanceof HubError) Object.assign(error, { code: trpcCodeOf[error.cause.code] });
}

export const publicProcedure = t.procedure;

/**
 * Cookie-authenticated mutations must come from our own origin: browsers always send Origin on
 * cross-site POSTs, so a missing or foreign one is refused (CSRF).
 */
export function checkSameOrigin(ctx: BaseContext): void {
  const expected = new URL(ctx.config.publicUrl).origin;
  if (ctx.req.origin !== expected) {
    throw toTrpcError(
      new HubError('FORBIDDEN', 'This request did not come from the hub itself and was refused.'),
    );
  }
}
