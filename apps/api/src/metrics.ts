import { createServer, type Server } from 'node:http';
import type { BatchReport, Hub } from '@accounts/core/kernel';
import { MAX_BATCH_CALLS, safeEqual } from '@accounts/core/kernel';
import { appRouter, readOperationalStats, readPoolStats } from '@accounts/core/orchestration';
import type { Context } from 'hono';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { procedurePaths } from './fast-path/index.ts';
import type { AppEnv } from './http/types.ts';
import { requestMetrics } from './request-metrics.ts';

/** `trpc:<procedure>` for every procedure of the router: the only tRPC labels besides two below. */
const PROCEDURE_LABELS = new Map(procedurePaths(appRouter).map((path) => [path, `trpc:${path}`]));

/**
 * Route labels come from a closed set, so the number of series is bounded by the code, never by
 * callers: route patterns, `not-found` and `static` here; on /trpc (`observe` below) one label per
 * call — the procedure's, `trpc:unknown` for a name that is none — or `trpc:batch-refused` once
 * for a batch over the limit (none of its calls ran). A batch thus counts each procedure it ran,
 * with the batch's status and duration.
 */
function routeLabel(c: Context<AppEnv>): string {
  const pattern = c.req.routePath;
  if (!pattern || pattern === '/*' || pattern === '*') return c.res.status === 404 ? 'not-found' : 'static';
  return pattern;
}

export interface Metrics {
  registry: Registry;
  /** Records one finished request. */
  observe(c: Context<AppEnv>, ms: number): void;
  /** Records one run of a background job in this process (JOBS_IN_PROCESS). */
  reportJobBatch(batch: BatchReport): void;
}

/**
 * Background job runs of this process: how many batches did work, found nothing or failed, how
 * many items they handled and how long the working ones took. Per process (a failure is seen
 * only where it happened); sum over processes in Prometheus.
 */
export function jobMetrics(registry: Registry): (batch: BatchReport) => void {
  const batches = new Counter({
    name: 'job_batches_total',
    help: 'Background job runs by job and outcome (handled, idle, failed)',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const items = new Counter({
    name: 'job_items_total',
    help: 'Items handled by background jobs',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'job_batch_duration_seconds',
    help: 'Duration of background job runs that did work or failed',
    labelNames: ['job'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return (batch) => {
    batches.inc({ job: batch.job, outcome: batch.outcome });
    if (batch.outcome === 'idle') return;
    items.inc({ job: batch.job }, batch.handled);
    duration.observe({ job: batch.job }, batch.ms / 1000);
  };
}

function poolGauge(registry: Registry, hub: Hub): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections of this process by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const pool = await readPoolStats(hub.orm);
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
      this.set({ state: 'max' }, pool.max);
    },
  });
}

/** The worker's own metrics: its job runs, its pool, its process. Queue depths are the API's. */
export function createWorkerMetrics(hub: Hub): {
  registry: Registry;
  reportJobBatch(batch: BatchReport): void;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  poolGauge(registry, hub);
  return { registry, reportJobBatch: jobMetrics(registry) };
}

/**
 * Serves a registry on its own listener (the worker has no HTTP server). GET /metrics only; the
 * same bearer token as the API's /metrics when one is configured.
 */
export async function serveMetrics(
  registry: Registry,
  options: { port: number; host: string; token: string | null },
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (options.token && !safeEqual(request.headers.authorization ?? '', `Bearer ${options.token}`)) {
      response.writeHead(401, { 'content-type': 'text/plain' }).end('a metrics token is required');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function createMetrics(hub: Hub): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = requestMetrics(registry);

  // Queue depths and outcomes come from the database so all processes agree.
  const statsCache = { at: 0, value: null as Awaited<ReturnType<typeof readOperationalStats>> | null };
  const stats = async () => {
    if (!statsCache.value || Date.now() - statsCache.at > 1000) {
      statsCache.value = await readOperationalStats(hub.orm.em.fork());
      statsCache.at = Date.now();
    }
    return statsCache.value;
  };
  new Gauge({
    name: 'webhook_deliveries',
    help: 'Outgoing webhook deliveries by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const { webhookDeliveries } = await stats();
      for (const [status, value] of Object.entries(webhookDeliveries)) this.set({ status }, value);
    },
  });
  new Gauge({
    name: 'webhook_deliveries_due',
    help: 'Pending webhook deliveries due now (the delivery queue backlog)',
    registers: [registry],
    async collect() {
      this.set((await stats()).webhookDeliveriesDue);
    },
  });
  new Gauge({
    name: 'webhook_deliveries_retrying',
    help: 'Pending webhook deliveries that have failed at least one attempt',
    registers: [registry],
    async collect() {
      this.set((await stats()).webhookDeliveriesRetrying);
    },
  });
  new Gauge({
    name: 'outbox_undispatched_events',
    help: 'Outbox events not yet fanned out to webhooks',
    registers: [registry],
    async collect() {
      this.set((await stats()).undispatchedEvents);
    },
  });
  new Gauge({
    name: 'paddle_events',
    help: 'Paddle notifications by processing result',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const { paddleEvents } = await stats();
      for (const [status, value] of Object.entries(paddleEvents)) this.set({ status }, value);
    },
  });
  poolGauge(registry, hub);

  const observe = (c: Context<AppEnv>, ms: number) => {
    const calls = c.get('trpcCalls');
    if (!calls) {
      requests.record(c.req.method, routeLabel(c), c.res.status, ms / 1000);
      return;
    }
    if (calls.length > MAX_BATCH_CALLS) {
      requests.record(c.req.method, 'trpc:batch-refused', c.res.status, ms / 1000);
      return;
    }
    for (const name of calls) {
      requests.record(c.req.method, PROCEDURE_LABELS.get(name) ?? 'trpc:unknown', c.res.status, ms / 1000);
    }
  };
  return { registry, observe, reportJobBatch: jobMetrics(registry) };
}
