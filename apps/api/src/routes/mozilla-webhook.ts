import { unauthenticated } from '@accounts/core/kernel';
import { handleAccountEventToken } from '@accounts/core/orchestration';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/types.ts';
import { routeContext } from './route-context.ts';

/** Mozilla accounts' account events: `Authorization: Bearer <Security Event Token>`, no body. */
export function mountMozillaWebhook(app: Hono<AppEnv>): void {
  app.post('/webhooks/mozilla-accounts', async (c) => {
    const match = /^Bearer ([A-Za-z0-9_.-]{1,8192})$/.exec(c.req.header('authorization') ?? '');
    if (!match?.[1]) throw unauthenticated('A Security Event Token is required.');
    const { ctx } = routeContext(c);
    const result = await handleAccountEventToken(ctx.em, ctx.hub, match[1]);
    return c.json(result, 200);
  });
}
