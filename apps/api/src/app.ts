import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hub, Logger } from '@accounts/core/kernel';
import {
  createContext,
  HubError,
  isDatabaseUnreachable,
  runWithRequestId,
  safeEqual,
} from '@accounts/core/kernel';
import { appRouter, checkReadiness } from '@accounts/core/orchestration';
import { type Context, Hono } from 'hono';
import { fastTrpcHandler } from './fast-path/index.ts';
import { declaredBodyLimit } from './http/body-limit.ts';
import { dashboardFiles } from './http/dashboard-files.ts';
import { handleError } from './http/errors.ts';
import type { Lifecycle } from './http/lifecycle.ts';
import { requestInfo, responseControl } from './http/request-context.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from './http/request-id.ts';
import { NO_STORE, stockTrpcHandler, type TrpcHandlerOptions } from './http/trpc.ts';
import { refuseLargeBatch } from './http/trpc-calls.ts';
import type { AppEnv } from './http/types.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { mountAuthRoutes } from './routes/auth.ts';
import { mountJwks } from './routes/jwks.ts';
import { mountMozillaWebhook } from './routes/mozilla-webhook.ts';
import { paddleWebhookRoutes } from './routes/paddle-webhook.ts';

export interface AppOptions {
  hub: Hub;
  lifecycle?: Lifecycle;
  /** The built dashboard to serve, if any. */
  dashboardDir?: string | null;
  trustProxy?: boolean;
  /** When set, GET /metrics requires `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | null;
  /** Serve GET /metrics here; false when it has a listener of its own (METRICS_PORT). */
  metricsRoute?: boolean;
  /** Made by the caller when it reports into it too (jobs run in the API process). */
  metrics?: Metrics;
  /** TRPC_FAST_PATH: /trpc by the fast path (src/fast-path/), or by tRPC's stock fetch adapter. */
  trpcFastPath?: boolean;
}

export function createApp({
  hub,
  lifecycle = { draining: false },
  dashboardDir = null,
  trustProxy = false,
  metricsToken = null,
  metricsRoute = true,
  metrics = createMetrics(hub),
  trpcFastPath = true,
}: AppOptions) {
  const app = new Hono<AppEnv>();
  const secure = hub.config.publicUrl.startsWith('https://');

  // pino can say whether a level is on; building a log line nobody writes is wasted work.
  const levels = hub.log as Logger & { isLevelEnabled?: (level: string) => boolean };
  const logs = (level: string) => levels.isLevelEnabled?.(level) ?? true;

  // One middleware for what every request needs: each extra async layer costs throughput.
  app.use(async (c, next) => {
    const started = performance.now();
    // The Node layer (http/node-server.ts) has already checked or made the id; app.request() has not.
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', requestId);
    c.set('hub', hub);
    c.set('trustProxy', trustProxy);
    if (logs('debug')) hub.log.debug({ requestId, method: c.req.method }, 'request received');
    // Everything the request does — logs, outbox events, stored Paddle events — carries its id.
    await runWithRequestId(requestId, next);
    const ms = performance.now() - started;
    metrics.observe(c, ms);
    if (logs('info')) {
      // The path only: query strings can carry one-time codes and state; routes with parameters
      // log their pattern, so /auth/login/:code never logs the code.
      const path = c.req.routePath.includes('/:') ? c.req.routePath : c.req.path.slice(0, 200);
      const status = c.res.status;
      hub.log.info(
        { requestId, method: c.req.method, path, status, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    }
  });
  app.on(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    '*',
    declaredBodyLimit(1024 * 1024, (c) =>
      c.json({ error: { code: 'TOO_LARGE', message: 'The request body is too large.' } }, 413),
    ),
  );
  app.onError(handleError);

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (lifecycle.draining) return c.json({ status: 'draining' }, 503);
    const readiness = await checkReadiness(hub.orm, hub.orm.em.fork());
    const ready = readiness.database === 'up' && readiness.pendingMigrations === 0;
    return c.json({ status: ready ? 'ready' : 'not ready', ...readiness }, ready ? 200 : 503);
  });

  if (metricsRoute) {
    app.get('/metrics', async (c) => {
      if (metricsToken && !safeEqual(c.req.header('authorization') ?? '', `Bearer ${metricsToken}`)) {
        return c.json({ error: { code: 'UNAUTHENTICATED', message: 'A metrics token is required.' } }, 401);
      }
      return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
    });
  }
  app.route('/', paddleWebhookRoutes(hub));

  const trpc: TrpcHandlerOptions<typeof appRouter> = {
    endpoint: '/trpc',
    router: appRouter,
    onError: ({ error, path }) => {
      // Refusals are answers; only what nobody expected is worth an error line with its stack.
      if (error.code !== 'INTERNAL_SERVER_ERROR' || error.cause instanceof HubError) return;
      if (isDatabaseUnreachable(error.cause)) {
        hub.log.warn({ path, err: (error.cause as Error).message }, 'database unreachable');
      } else {
        hub.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      }
    },
    createContext: (c, cookies, em) =>
      createContext(hub, requestInfo(c as Context<AppEnv>), responseControl(cookies, secure), em),
  };
  const trpcHandler = trpcFastPath ? fastTrpcHandler({ ...trpc, orm: hub.orm }) : stockTrpcHandler(trpc);
  app.use('/trpc/*', (c) => {
    const refused = refuseLargeBatch(c, trpc.endpoint);
    return refused ? Promise.resolve(refused) : trpcHandler(c);
  });

  app.use('/auth/*', async (c, next) => {
    await next();
    c.res.headers.set('cache-control', NO_STORE);
  });
  mountAuthRoutes(app);
  mountMozillaWebhook(app);
  mountJwks(app);

  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `Nothing here: ${c.req.method} ${c.req.path}` } }, 404),
  );

  if (dashboardDir && existsSync(join(dashboardDir, 'index.html'))) {
    mountDashboard(app, dashboardDir);
  }
  return app;
}

function mountDashboard(app: Hono<AppEnv>, root: string) {
  // Last, so every route above wins; HEAD is answered by the same handler.
  app.get('*', dashboardFiles(root));
}
