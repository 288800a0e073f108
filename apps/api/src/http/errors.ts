import { HubError, httpStatusOf } from '@accounts/core/kernel';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './types.ts';

/** Every error leaves as JSON with a clear message and the request id; never a stack trace. */
export function handleError(error: Error, c: Context<AppEnv>) {
  const requestId = c.get('requestId');
  if (error instanceof HubError) {
    if (error.retryAfterSeconds) c.header('retry-after', String(error.retryAfterSeconds));
    return c.json(
      {
        error: {
          code: error.code,
          message: error.message,
          fieldErrors: error.fieldErrors ?? null,
          reason: error.reason ?? null,
          reasonParams: error.reasonParams ?? null,
        },
        requestId,
      },
      httpStatusOf[error.code] as ContentfulStatusCode,
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
