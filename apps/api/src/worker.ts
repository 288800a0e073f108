import { jobs } from '@accounts/core/jobs';
import { startLoop } from '@accounts/core/jobs/loop';
import { loadEnv } from './env.ts';
import { openHub } from './runtime.ts';

const env = loadEnv();
const hub = await openHub(env);
const loops = jobs.map((job) => startLoop(hub, job));
hub.log.info({ jobs: jobs.map((job) => job.name) }, 'worker started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  hub.log.info({ signal }, 'worker stopping: finishing the batches in progress');
  const deadline = setTimeout(() => {
    hub.log.warn('batches did not finish in time; exiting');
    process.exit(1);
  }, 20_000);
  deadline.unref();
  await Promise.all(loops.map((loop) => loop.stop()));
  await hub.orm.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
