import { Server as NetServer } from 'node:net';
import { stopPaddleKicks } from '@accounts/core/billing';
import { startLoop } from '@accounts/core/kernel';
import { jobs } from '@accounts/core/orchestration';
import { createApp } from './app.ts';
import { loadEnv } from './env.ts';
import type { Lifecycle } from './http/lifecycle.ts';
import { createNodeServer } from './http/node-server.ts';
import { securityHeaders } from './http/security-headers.ts';
import { createMetrics, serveMetrics } from './metrics.ts';
import { openHub } from './runtime.ts';

const env = loadEnv();
const hub = await openHub(env);
for (const deprecation of env.deprecations) hub.log.warn(deprecation);
const lifecycle: Lifecycle = { draining: false };
const metrics = createMetrics(hub);
const app = createApp({
  metrics,
  hub,
  lifecycle,
  dashboardDir: env.dashboardDir,
  trustProxy: env.trustProxy,
  metricsToken: env.metricsToken,
  metricsRoute: !env.metricsListener,
  trpcFastPath: env.trpcFastPath,
});
// With METRICS_PORT, /metrics is served on a listener of its own (loopback unless a token guards it).
const metricsServer = env.metricsListener
  ? await serveMetrics(metrics.registry, { ...env.metricsListener, token: env.metricsToken })
  : null;
if (env.metricsListener) hub.log.info(env.metricsListener, 'api metrics listening');

const loops = env.jobsInProcess ? jobs.map((job) => startLoop(hub, job, metrics.reportJobBatch)) : [];

const server = createNodeServer(app, {
  headers: securityHeaders({ https: env.hub.publicUrl.startsWith('https://') }),
  lifecycle,
});
server.listen(env.port, env.host, () => {
  hub.log.info(
    { port: env.port, publicUrl: env.hub.publicUrl, trpcFastPath: env.trpcFastPath },
    'api listening',
  );
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const deadline = setTimeout(() => {
    hub.log.warn('in-flight requests did not finish in time; exiting');
    process.exit(1);
  }, env.shutdownDrainMs + 15_000);
  deadline.unref();
  // 1. Drain: /readyz turns 503 so load balancers stop sending, and every response closes its
  //    connection, while requests keep being served.
  lifecycle.draining = true;
  hub.log.info({ signal, drainMs: env.shutdownDrainMs }, 'draining');
  await new Promise((resolve) => setTimeout(resolve, env.shutdownDrainMs));
  // 2. Stop accepting. http.Server#close would also drop "idle" sockets at once — including
  //    sockets accepted a moment ago whose request is still arriving — so stop listening at the
  //    net level and close idle sockets only once their requests had time to arrive.
  hub.log.info('closing: finishing in-flight requests');
  await new Promise<void>((resolve) => {
    NetServer.prototype.close.call(server, () => resolve());
    const sweep = setInterval(() => server.closeIdleConnections(), 250);
    sweep.unref();
  });
  await Promise.all(loops.map((loop) => loop.stop()));
  // Scrapes were answered through the drain; now the metrics listener goes too.
  metricsServer?.closeAllConnections();
  await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(null)));
  await stopPaddleKicks(hub);
  await hub.orm.close();
  hub.log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
