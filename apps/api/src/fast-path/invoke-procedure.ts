import type { AnyTRPCProcedure } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import {
  type GetRawInputFn,
  getTRPCErrorFromUnknown,
  middlewareMarker,
  type ProcedureType,
} from '@trpc/server/unstable-core-do-not-import';

export interface CallOptions {
  path: string;
  type: ProcedureType;
  ctx: unknown;
  signal: AbortSignal | undefined;
  batchIndex: number;
  getRawInput: GetRawInputFn;
}

type Middleware = (opts: Record<string, unknown>) => Promise<MiddlewareResult>;
type MiddlewareResult = { ok: true; data: unknown } | { ok: false; error: TRPCError };

interface ProcedureDef {
  middlewares: Middleware[];
  meta: unknown;
  experimental_caller?: boolean;
}

/**
 * Calls a procedure as tRPC's own caller does (`createProcedureCaller`): its middlewares in
 * order, each `next()` merging the context it is given, the first failure turned into a
 * TRPCError. tRPC builds every call's options with a transpiled object-spread helper (property
 * descriptors, one by one), twice per middleware layer; on a no-op query that was a tenth of the
 * request. The same copies with native spreads cost next to nothing.
 * `handler.test.ts` compares the answers with tRPC's own handler.
 */
export async function invokeProcedure(procedure: AnyTRPCProcedure, opts: CallOptions): Promise<unknown> {
  const def = procedure._def as unknown as ProcedureDef;
  // A procedure with its own caller wraps tRPC's; leave that to tRPC.
  if (def.experimental_caller) return procedure(opts);
  const result = await callMiddleware(0, def, opts as unknown as Record<string, unknown>);
  if (!result) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'No result from middlewares - did you forget to `return next()`?',
    });
  }
  if (!result.ok) throw result.error;
  return result.data;
}

async function callMiddleware(
  index: number,
  def: ProcedureDef,
  opts: Record<string, unknown>,
): Promise<MiddlewareResult> {
  try {
    const middleware = def.middlewares[index]!;
    return await middleware({
      ...opts,
      meta: def.meta,
      input: opts.input,
      next(nextOpts?: { ctx?: object; input?: unknown; getRawInput?: GetRawInputFn }) {
        return callMiddleware(index + 1, def, {
          ...opts,
          ctx: nextOpts?.ctx ? { ...(opts.ctx as object), ...nextOpts.ctx } : opts.ctx,
          input: nextOpts && 'input' in nextOpts ? nextOpts.input : opts.input,
          getRawInput: nextOpts?.getRawInput ?? opts.getRawInput,
        });
      },
    });
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause), marker: middlewareMarker } as MiddlewareResult;
  }
}
