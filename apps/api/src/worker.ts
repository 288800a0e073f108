import type { Server } from 'node:http';
import { leaseMs } from '@accounts/core/clients';
import { startLoop } from '@accounts/core/kernel';
import { jobs } from '@accounts/core/orchestration';
import { loadEnv } from './env.ts';
import { createWorkerMetrics, serveMetrics } from './metrics.ts';
import { lowerProcessPriority } from './process-priority.ts';
import { openHub } from './runtime.ts';

const env = loadEnv();
const hub = await openHub(env);
for (const deprecation of env.deprecations) hub.log.warn(deprecation);
// Before any job runs: a worker beside the API yields the cores to it (docs/deploy.md, WORKER_NICE).
if (env.workerNice > 0) {
  try {
    lowerProcessPriority(env.workerNice);
  } catch (error) {
    hub.log.warn(
      { err: error, nice: env.workerNice },
      'WORKER_NICE could not be applied; running at normal priority',
    );
  }
}
const metrics = createWorkerMetrics(hub);
let metricsServer: Server | null = null;
if (env.workerMetrics) {
  metricsServer = await serveMetrics(metrics.registry, { ...env.workerMetrics, token: env.metricsToken });
  hub.log.info(env.workerMetrics, 'worker metrics listening');
}
const loops = jobs.map((job) => startLoop(hub, job, metrics.reportJobBatch));
hub.log.info({ jobs: jobs.map((job) => job.name) }, 'worker started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  hub.log.info({ signal }, 'worker stopping: finishing the batches in progress');
  // A delivery batch ends within its lease (the request timeout plus time to record), so waiting
  // that long lets it finish; past it another worker may already have taken the deliveries over.
  const deadline = setTimeout(() => {
    hub.log.warn('batches did not finish in time; exiting');
    process.exit(1);
  }, leaseMs(hub.config));
  deadline.unref();
  await Promise.all(loops.map((loop) => loop.stop()));
  metricsServer?.closeAllConnections();
  await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(null)));
  await hub.orm.close();
  hub.log.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
