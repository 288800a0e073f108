import { type BaseContext, hubErrorOf } from '@accounts/core/kernel';
import type { AnyTRPCRouter, inferRouterContext, TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Context } from 'hono';

/**
 * No /trpc or /auth/* answer may be stored by a browser or a proxy: they carry a person's data (an
 * export), one-time secrets (a new token, a login link) and session changes.
 */
export const NO_STORE = 'no-store';

/**
 * The headers of a /trpc JSON answer made outside tRPC's own handler (the fast path's, a refused
 * batch): tRPC's own, and `no-store`. One object shared by every response: never changed.
 */
export const TRPC_RESPONSE_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  vary: 'trpc-accept, accept',
  'cache-control': NO_STORE,
};

/**
 * The `Retry-After` of a /trpc answer that tells the caller to wait (429, 503: every call failed
 * so): the longest wait its failures ask for (`retryAfterSeconds`, also in each error's data).
 */
export function retryAfterOf<T>(
  status: number,
  outcomes: readonly T[],
  errorOf: (outcome: T) => TRPCError | undefined,
): string | null {
  if (status !== 429 && status !== 503) return null;
  let seconds = 0;
  for (const outcome of outcomes) {
    seconds = Math.max(seconds, hubErrorOf(errorOf(outcome)?.cause)?.retryAfterSeconds ?? 0);
  }
  return seconds > 0 ? String(seconds) : null;
}

/** What /trpc needs, whichever handler serves it (this one, or the fast path's). */
export interface TrpcHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  /** The mount point, e.g. `/trpc`. */
  endpoint: string;
  /**
   * The request's context. `cookies` collects `Set-Cookie` values for the response; `em` is the
   * request's EntityManager when the handler brings one (the fast path's lazy fork), otherwise
   * the context makes its own fork.
   */
  createContext(
    c: Context,
    cookies: string[],
    em?: BaseContext['em'],
  ): inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  onError?(opts: { error: TRPCError; path: string | undefined }): void;
}

/**
 * tRPC's own fetch adapter, as its documentation mounts it: every request, its context, batching,
 * error shapes, status codes and headers are tRPC's. Served when TRPC_FAST_PATH=false, and the
 * reference the fast path (../fast-path/) is compared with and falls back to.
 */
export function stockTrpcHandler<TRouter extends AnyTRPCRouter>(
  options: TrpcHandlerOptions<TRouter>,
): (c: Context) => Promise<Response> {
  const { router, endpoint, onError } = options;
  return async (c) => {
    const cookies: string[] = [];
    let failures: readonly TRPCError[] = [];
    const response = await fetchRequestHandler({
      router,
      endpoint,
      // Nothing before /trpc reads the body, so the raw request still has it.
      req: c.req.raw,
      createContext: () => options.createContext(c, cookies),
      onError: ({ error, path }) => onError?.({ error, path }),
      responseMeta: ({ errors }) => {
        failures = errors;
        const headers = new Headers();
        for (const cookie of cookies) headers.append('set-cookie', cookie);
        return { headers };
      },
    });
    // Here rather than in responseMeta, which tRPC skips for some answers (HEAD) and which is not
    // told the status.
    response.headers.set('cache-control', NO_STORE);
    const retryAfter = retryAfterOf(response.status, failures, (error) => error);
    if (retryAfter) response.headers.set('retry-after', retryAfter);
    return response;
  };
}
