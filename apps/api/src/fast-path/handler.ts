import type { Hub } from '@accounts/core/kernel';
import type { AnyTRPCProcedure, AnyTRPCRouter, inferRouterContext, TRPCProcedureType } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';
import {
  getErrorShape,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { Context } from 'hono';
import {
  retryAfterOf,
  stockTrpcHandler,
  TRPC_RESPONSE_HEADERS,
  type TrpcHandlerOptions,
} from '../http/trpc.ts';
import { invokeProcedure } from './invoke-procedure.ts';
import { lazyFork } from './lazy-fork.ts';

type Call = { path: string; procedure: AnyTRPCProcedure };
type Outcome = [error: TRPCError, data: undefined] | [error: undefined, data: unknown];

export interface FastTrpcHandlerOptions<TRouter extends AnyTRPCRouter> extends TrpcHandlerOptions<TRouter> {
  /** Each request's EntityManager is forked from it on first use (lazy-fork.ts). */
  orm: Hub['orm'];
}

/**
 * tRPC over HTTP, in front of the hub's router, the fast way.
 *
 * The requests the dashboard and client apps send — JSON queries by GET and JSON mutations by
 * POST, single or batched (`httpBatchLink`) — are answered here directly, with tRPC's own error
 * shapes, transformer and status rules. Everything else (subscriptions, streaming batches, form
 * data, octet streams, HEAD, unknown procedures, a procedure called with the wrong method, odd
 * paths) goes to the stock handler (tRPC's fetch adapter, ../http/trpc.ts), so those answers are
 * tRPC's own.
 *
 * Why not the stock handler for everything: on a no-op query it costs more than the rest of the
 * request together (profiled: object spreads of the options per request, a second URL parse,
 * `new Headers` twice, two `AbortSignal.any` per call, a spread per response item).
 * `handler.test.ts` sends the same requests through both and requires identical answers.
 */
export function fastTrpcHandler<TRouter extends AnyTRPCRouter>(
  options: FastTrpcHandlerOptions<TRouter>,
): (c: Context) => Promise<Response> {
  const { router, endpoint, onError, orm } = options;
  const config = router._def._config;
  // Flat at run time ('me.get' -> procedure) for eagerly built routers like ours; a lazy router's
  // procedures are missing here and take the fallback, which loads them.
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  const prefix = `${endpoint}/`;
  const fallback = stockTrpcHandler(options);

  return async (c) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'POST') return fallback(c);
    const type: TRPCProcedureType = method === 'GET' ? 'query' : 'mutation';
    const contentType = c.req.header('content-type');
    if (method === 'POST' ? !isJson(contentType) : contentType !== undefined && !isJson(contentType)) {
      return fallback(c);
    }
    const trpcAccept = c.req.header('trpc-accept');
    if (trpcAccept === 'application/jsonl') return fallback(c);
    if (trpcAccept === undefined && c.req.header('accept')?.includes('application/jsonl')) return fallback(c);

    // node-server hands us an absolute, normalised URL.
    const url = c.req.url;
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const queryStart = url.indexOf('?', pathStart);
    const pathname = queryStart === -1 ? url.slice(pathStart) : url.slice(pathStart, queryStart);
    // Encoded or oddly shaped paths get tRPC's own decoding and refusals.
    if (!pathname.startsWith(prefix) || pathname.includes('%') || pathname.endsWith('/')) return fallback(c);
    const params = queryStart === -1 ? null : new URLSearchParams(url.slice(queryStart + 1));
    if (params?.has('connectionParams')) return fallback(c);
    const isBatch = params?.get('batch') === '1';
    const paths = isBatch ? pathname.slice(prefix.length).split(',') : [pathname.slice(prefix.length)];
    const calls: Call[] = [];
    for (const path of paths) {
      const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
      // Unknown procedures and wrong methods are tRPC's to refuse.
      if (!procedure || procedure._def.type !== type) return fallback(c);
      calls.push({ path, procedure });
    }

    const inputs = lazyInputs(c, params, isBatch, paths.length, config.transformer.input.deserialize);
    const cookies: string[] = [];
    let ctx: inferRouterContext<TRouter> | undefined;
    let contextError: TRPCError | undefined;
    try {
      ctx = await options.createContext(c, cookies, lazyFork(orm));
    } catch (cause) {
      contextError = getTRPCErrorFromUnknown(cause);
    }
    const signal = c.req.raw.signal;

    const run = async ({ path, procedure }: Call, batchIndex: number): Promise<Outcome> => {
      try {
        if (contextError) throw contextError;
        const data = await invokeProcedure(procedure, {
          path,
          type,
          ctx,
          signal,
          batchIndex,
          getRawInput: async () => (await inputs.read())[batchIndex],
        });
        return [undefined, data];
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        onError?.({ error, path });
        return [error, undefined];
      }
    };

    const item = ([error, data]: Outcome, index: number) => {
      let failure = error;
      let path: string | undefined = calls[index]!.path;
      let input = inputs.result()?.[index];
      if (!failure && isDataStream(data)) {
        // tRPC answers this as a failure of the request when single (reported, no path) and of
        // the call when batched (not reported); so do we.
        failure = streamInPlainResponse();
        if (!isBatch) {
          path = input = undefined;
          onError?.({ error: failure, path });
        }
      }
      if (!failure) return { result: { data } };
      return { error: getErrorShape({ config, ctx, error: failure, input, path, type }) };
    };
    const serialize = (one: ReturnType<typeof item>) =>
      'error' in one
        ? transformTRPCResponse(config, one)
        : { result: { data: config.transformer.output.serialize(one.result.data) } };

    let status: number;
    let body: string;
    let outcomes: Outcome[];
    if (isBatch) {
      outcomes = await Promise.all(calls.map(run));
      const items = outcomes.map(item);
      status = getHTTPStatusCode(items);
      body = JSON.stringify(items.map(serialize));
    } else {
      outcomes = [await run(calls[0]!, 0)];
      const one = item(outcomes[0]!, 0);
      status = getHTTPStatusCode(one);
      body = JSON.stringify(serialize(one));
    }
    const retryAfter = retryAfterOf(status, outcomes, ([error]) => error);
    if (!cookies.length && !retryAfter) {
      // A plain object lets node-server write the headers without building a Headers.
      return new Response(body, { status, headers: TRPC_RESPONSE_HEADERS });
    }
    const headers = new Headers(TRPC_RESPONSE_HEADERS);
    for (const cookie of cookies) headers.append('set-cookie', cookie);
    if (retryAfter) headers.set('retry-after', retryAfter);
    return new Response(body, { status, headers });
  };
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().split(';', 1)[0]?.trim() === 'application/json';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && !Array.isArray(value) && typeof value === 'object';
}

/** tRPC refuses promises and iterables in a response that is not streamed; so do we. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (Symbol.asyncIterator in value) return true;
  // Every answer passes here: for…in over the own keys allocates nothing (Object.values made an
  // array per answer), and strings, numbers, booleans and null are skipped at once.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const one = value[key];
    if (one === null || (typeof one !== 'object' && typeof one !== 'function')) continue;
    if (
      ((isObject(one) || typeof one === 'function') &&
        typeof (one as { then?: unknown }).then === 'function' &&
        typeof (one as { catch?: unknown }).catch === 'function') ||
      (isObject(one) && Symbol.asyncIterator in one)
    ) {
      return true;
    }
  }
  return false;
}

function streamInPlainResponse(): TRPCError {
  return new TRPCError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
  });
}

/**
 * The inputs of a request, read and deserialised once on first use, as tRPC does: a malformed
 * input fails the calls that read it (each with BAD_REQUEST), not the request.
 */
function lazyInputs(
  c: Context,
  params: URLSearchParams | null,
  isBatch: boolean,
  count: number,
  deserialize: (value: unknown) => unknown,
) {
  let value: Record<number, unknown> | undefined;
  let pending: Promise<Record<number, unknown>> | undefined;
  const parse = async (): Promise<Record<number, unknown>> => {
    let raw: unknown;
    if (c.req.method === 'GET') {
      const query = params?.get('input');
      if (query) raw = JSON.parse(query);
    } else {
      raw = await c.req.json();
    }
    const result: Record<number, unknown> = Object.create(null);
    if (raw === undefined) return result;
    if (!isBatch) {
      result[0] = deserialize(raw);
      return result;
    }
    if (!isObject(raw)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: '"input" needs to be an object when doing a batch call',
      });
    }
    for (let index = 0; index < count; index += 1) {
      const input = raw[index];
      if (input !== undefined) result[index] = deserialize(input);
    }
    return result;
  };
  return {
    read: async () => {
      if (value) return value;
      pending ??= parse().catch((cause: unknown) => {
        if (cause instanceof TRPCError) throw cause;
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: cause instanceof Error ? cause.message : 'Invalid input',
          cause,
        });
      });
      value = await pending;
      return value;
    },
    result: () => value,
  };
}
