import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './types.ts';

/**
 * Hono's bodyLimit, minus its cost for the usual request: one that declares its length is judged
 * by the header alone. Hono's own reads `c.req.raw.body` first, which makes the Node adapter build
 * a full web Request and stream the body through it; left alone, the adapter reads the body
 * straight from Node's request. Chunked bodies still go through Hono's, which counts the bytes.
 */
export function declaredBodyLimit(
  maxSize: number,
  onError: (c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  const counting = bodyLimit({ maxSize, onError });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > maxSize ? Promise.resolve(onError(c)) : next();
    }
    return counting(c, next);
  };
}
