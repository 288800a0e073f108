import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hub } from '@accounts/core/context';
import { createContext } from '@accounts/core/context';
import { appRouter } from '@accounts/core/router';
import { checkReadiness } from '@accounts/core/system';
import { serveStatic } from '@hono/node-server/serve-static';
import { trpcServer } from '@hono/trpc-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { handleError } from './http/errors.ts';
import { requestInfo, responseControl } from './http/request-context.ts';
import type { AppEnv } from './http/types.ts';
import { paddleWebhookRoutes } from './routes/paddle-webhook.ts';

export interface AppOptions {
  hub: Hub;
  /** The built dashboard to serve, if any. */
  dashboardDir?: string | null;
  trustProxy?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function createApp({ hub, dashboardDir = null, trustProxy = false }: AppOptions) {
  const app = new Hono<AppEnv>();
  const secure = hub.config.publicUrl.startsWith('https://');

  app.use(async (c, next) => {
    c.set('hub', hub);
    c.set('trustProxy', trustProxy);
    await next();
  });
  app.use(
    requestId({
      headerName: 'x-request-id',
      // Accept a caller's id only when it is harmless to log.
      generator: (c) => {
        const given = c.req.header('x-request-id');
        return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
      },
    }),
  );
  app.use(accessLog(hub));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://cdn.paddle.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'", 'https://*.paddle.com'],
        frameSrc: ['https://*.paddle.com'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: secure ? 'max-age=63072000; includeSubDomains' : false,
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
      crossOriginOpenerPolicy: 'same-origin',
    }),
  );
  app.use(
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: (c) =>
        c.json({ error: { code: 'TOO_LARGE', message: 'The request body is too large.' } }, 413),
    }),
  );
  app.onError(handleError);

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const readiness = await checkReadiness(hub.orm, hub.orm.em.fork());
    const ready = readiness.database === 'up' && readiness.pendingMigrations === 0;
    return c.json({ status: ready ? 'ready' : 'not ready', ...readiness }, ready ? 200 : 503);
  });

  app.route('/', paddleWebhookRoutes(hub));

  app.use(
    '/trpc/*',
    trpcServer({
      endpoint: '/trpc',
      router: appRouter,
      createContext: (opts, c) =>
        createContext(hub, requestInfo(c as never), responseControl(opts.resHeaders, secure)) as never,
    }),
  );

  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `Nothing here: ${c.req.method} ${c.req.path}` } }, 404),
  );

  if (dashboardDir && existsSync(join(dashboardDir, 'index.html'))) {
    mountDashboard(app, dashboardDir);
  }
  return app;
}

function mountDashboard(app: Hono<AppEnv>, root: string) {
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root, index: 'index.html' }));
  // Client-side routes: any other GET that wants a page gets the app shell.
  app.get('*', serveStatic({ root, rewriteRequestPath: () => '/index.html' }));
}

function accessLog(hub: Hub) {
  return async (c: import('hono').Context<AppEnv>, next: () => Promise<void>) => {
    const started = performance.now();
    await next();
    // The path only: query strings can carry one-time codes and state.
    hub.log.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.routePath === '/trpc/*' ? c.req.path : c.req.path.slice(0, 200),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}
