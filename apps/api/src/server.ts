import { settledPaddleKicks } from '@accounts/core/billing/paddle-webhooks';
import { jobs } from '@accounts/core/jobs';
import { startLoop } from '@accounts/core/jobs/loop';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadEnv } from './env.ts';
import { openHub } from './runtime.ts';

const env = loadEnv();
const hub = await openHub(env);
const app = createApp({ hub, dashboardDir: env.dashboardDir });

const loops = env.jobsInProcess ? jobs.map((job) => startLoop(hub, job)) : [];

const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
  hub.log.info({ port: info.port, publicUrl: env.hub.publicUrl }, 'api listening');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  hub.log.info({ signal }, 'shutting down: finishing in-flight requests');
  const deadline = setTimeout(() => {
    hub.log.warn('in-flight requests did not finish in time; exiting');
    process.exit(1);
  }, 10_000);
  deadline.unref();
  // close() stops accepting and resolves once every open request has been answered.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await Promise.all(loops.map((loop) => loop.stop()));
  await settledPaddleKicks(hub);
  await hub.orm.close();
  hub.log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
