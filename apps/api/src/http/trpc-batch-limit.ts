import { HubError, MAX_BATCH_CALLS, requestRefusal } from '@accounts/core/kernel';
import type { Context } from 'hono';
import { TRPC_RESPONSE_HEADERS } from './trpc.ts';

/**
 * How many calls a /trpc request names, counted as tRPC will: with `?batch=1` its path, decoded,
 * split at commas (an encoded comma, `%2C`, separates calls too); anything else is one call.
 */
export function trpcCallCount(url: string, endpoint: string): number {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  const queryStart = url.indexOf('?', pathStart);
  const path = queryStart === -1 ? url.slice(pathStart) : url.slice(pathStart, queryStart);
  const names = path.slice(endpoint.length + 1);
  // The common case, one procedure and no encoding, needs no look at the query.
  if (!names.includes(',') && !names.includes('%')) return 1;
  if (queryStart === -1 || new URLSearchParams(url.slice(queryStart + 1)).get('batch') !== '1') return 1;
  return names.split(',').length + (names.match(/%2c/gi)?.length ?? 0);
}

/**
 * A batch of more than MAX_BATCH_CALLS calls is refused whole, 400 in tRPC's error shape, before
 * tRPC's handler (fast or stock) parses its inputs, makes a context or runs any of them: an
 * anonymous request can ask for no more than that many calls' work.
 */
export function refuseLargeBatch(c: Context, endpoint: string): Response | null {
  const calls = trpcCallCount(c.req.url, endpoint);
  if (calls <= MAX_BATCH_CALLS) return null;
  const { status, body } = requestRefusal(
    new HubError('BAD_INPUT', `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${calls}.`),
  );
  return new Response(body, { status, headers: TRPC_RESPONSE_HEADERS });
}
