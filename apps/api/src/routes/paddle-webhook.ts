import { kickPaddleEvents, receivePaddleWebhook } from '@accounts/core/billing';
import type { Hub } from '@accounts/core/kernel';
import { Hono } from 'hono';
import type { AppEnv } from '../http/types.ts';

/**
 * POST /webhooks/paddle: the raw bytes are read before anything parses them (the signature covers
 * them exactly), the event is stored once, and the answer goes out at once. Applying it starts
 * right after in this process when it has spare capacity (paddle-kick.ts), so a person waiting on
 * the checkout sees the plan turn on; under a burst a worker applies it instead.
 */
export function paddleWebhookRoutes(hub: Hub) {
  const routes = new Hono<AppEnv>();
  routes.post('/webhooks/paddle', async (c) => {
    const rawBody = Buffer.from(await c.req.arrayBuffer());
    const receipt = await receivePaddleWebhook(hub, rawBody, c.req.header('paddle-signature'));
    if (receipt.stored) kickPaddleEvents(hub);
    return c.json({ received: true, duplicate: !receipt.stored });
  });
  return routes;
}
