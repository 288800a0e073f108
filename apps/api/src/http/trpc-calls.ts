import { HubError, MAX_BATCH_CALLS, requestRefusal } from '@accounts/core/kernel';
import type { Context } from 'hono';
import { TRPC_RESPONSE_HEADERS } from './trpc.ts';
import type { AppEnv } from './types.ts';

/**
 * The procedure names a /trpc request calls, read as tRPC's handler reads them: the path after
 * the endpoint, decoded, without slashes at either end; with `?batch=1` split at its commas (an
 * encoded comma, `%2C`, separates calls too), else one name.
 */
export function trpcCallNames(url: string, endpoint: string): string[] {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  const queryStart = url.indexOf('?', pathStart);
  const path = queryStart === -1 ? url.slice(pathStart) : url.slice(pathStart, queryStart);
  const raw = path.slice(endpoint.length + 1);
  // The common case, one procedure and nothing encoded, needs no look at the query.
  if (!raw.includes(',') && !raw.includes('%') && !raw.endsWith('/')) return [raw];
  const names = decoded(raw).replace(/^\/+|\/+$/g, '');
  const batch = queryStart !== -1 && new URLSearchParams(url.slice(queryStart + 1)).get('batch') === '1';
  return batch ? names.split(',') : [names];
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * In front of either tRPC handler (fast or stock): notes the request's calls for the metrics
 * (`trpcCalls`), and refuses a batch of more than MAX_BATCH_CALLS whole, 400 in tRPC's error
 * shape, before its inputs are parsed, a context is made or any call runs — so an anonymous
 * request asks for no more than that many calls' work.
 */
export function refuseLargeBatch(c: Context<AppEnv>, endpoint: string): Response | null {
  const calls = trpcCallNames(c.req.url, endpoint);
  c.set('trpcCalls', calls);
  if (calls.length <= MAX_BATCH_CALLS) return null;
  const { status, body } = requestRefusal(
    new HubError(
      'BAD_INPUT',
      `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${calls.length}.`,
    ),
  );
  return new Response(body, { status, headers: TRPC_RESPONSE_HEADERS });
}
