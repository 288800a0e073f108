import { signInErrorPath } from '@accounts/core/identity';
import { type BaseContext, text } from '@accounts/core/kernel';
import {
  beginClientLogin,
  beginDashboardSignIn,
  completeMozillaSignIn,
  continueSignIn,
  type Redirect,
  SignInFailure,
} from '@accounts/core/orchestration';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../http/types.ts';
import { redirectWithCookies, routeContext } from './route-context.ts';

/**
 * The browser side of signing in. Every outcome is a redirect: on to Mozilla, back to the
 * dashboard or the client app, or to /sign-in/error with a reason — never a JSON error or a 500.
 */
export function mountAuthRoutes(app: Hono<AppEnv>): void {
  app.get('/auth/sign-in', (c) =>
    run(c, (ctx) => beginDashboardSignIn(ctx, param(c.req.query('return_to')))),
  );
  app.get('/auth/login/:code', (c) =>
    run(c, (ctx) => beginClientLogin(ctx, param(c.req.param('code')) ?? ''), 'client'),
  );
  app.get('/auth/callback', (c) =>
    run(c, (ctx) =>
      completeMozillaSignIn(ctx, {
        code: param(c.req.query('code')),
        state: param(c.req.query('state')),
        error: param(c.req.query('error')),
      }),
    ),
  );
  app.get('/auth/continue', (c) => run(c, (ctx) => continueSignIn(ctx, param(c.req.query('return_to')))));
}

/**
 * A parameter through the shared text type. Broken text (NUL, control characters, half a
 * surrogate pair) counts as absent: each step already treats a missing parameter as a failed or
 * default one, and such text must not reach a header or the database.
 */
function param(value: string | undefined): string | undefined {
  return text.safeParse(value).success ? value : undefined;
}

async function run(
  c: Context<AppEnv>,
  step: (ctx: BaseContext) => Promise<Redirect>,
  flow: 'dashboard' | 'client' = 'dashboard',
): Promise<Response> {
  const { ctx, cookies } = routeContext(c);
  try {
    const { location } = await step(ctx);
    return redirectWithCookies(c, location, cookies);
  } catch (error) {
    if (error instanceof SignInFailure) {
      ctx.log.info({ reason: error.reason, flow: error.flow, detail: error.message }, 'sign-in failed');
      return redirectWithCookies(c, error.location, cookies);
    }
    ctx.log.error({ err: error, path: c.req.routePath }, 'sign-in step failed unexpectedly');
    return redirectWithCookies(c, signInErrorPath('unknown', flow), cookies);
  }
}
