import { JWKS_CACHE_SECONDS, publishedJwks } from '@accounts/core/identity';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/types.ts';

/** Public keys for client apps to verify access tokens offline. */
export function mountJwks(app: Hono<AppEnv>): void {
  app.get('/.well-known/jwks.json', async (c) => {
    const hub = c.get('hub');
    const jwks = await publishedJwks(hub.orm.em.fork(), hub.config);
    c.header('cache-control', `public, max-age=${JWKS_CACHE_SECONDS}`);
    c.header('access-control-allow-origin', '*');
    return c.json(jwks);
  });
}
