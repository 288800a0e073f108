import { httpStatusOf, hubErrorOf } from '@accounts/core/kernel';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './types.ts';

/** Every error leaves as JSON with a clear message and the request id; never a stack trace. */
export function handleError(error: Error, c: Context<AppEnv>) {
  const requestId = c.get('requestId');
  // A HubError, or a failure that only says the database could not be reached (503, Retry-After:
  // Paddle, for one, retries a notification it got no 2xx for).
  const hubError = hubErrorOf(error);
  if (hubError) {
    if (hubError !== error) {
      c.get('hub').log.warn({ requestId, path: c.req.path, err: error.message }, 'database unreachable');
    }
    if (hubError.retryAfterSeconds) c.header('retry-after', String(hubError.retryAfterSeconds));
    return c.json(
      {
        error: {
          code: hubError.code,
          message: hubError.message,
          fieldErrors: hubError.fieldErrors ?? null,
          reason: hubError.reason ?? null,
          reasonParams: hubError.reasonParams ?? null,
        },
        requestId,
      },
      httpStatusOf[hubError.code] as ContentfulStatusCode,
    );
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const message =
      status === 413 ? 'The request is too large.' : error.message || 'The request was refused.';
    return c.json({ error: { code: 'HTTP_ERROR', message }, requestId }, status);
  }
  c.get('hub').log.error({ err: error, requestId, path: c.req.path }, 'request failed');
  return c.json(
    {
      error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again.' },
      requestId,
    },
    500,
  );
}
