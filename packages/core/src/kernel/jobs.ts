import type { Hub } from './context.ts';

/**
 * A background job is a function that does one batch of work and says how many items it
 * handled. Work is claimed in the database (FOR UPDATE SKIP LOCKED or a lease column), so any
 * number of worker processes can run the same jobs without doing anything twice.
 */
export interface Job {
  name: string;
  /**
   * Handles up to one batch; returns how many items it processed (0 = nothing to do). `stopping`
   * is aborted when the worker is asked to stop: a job that would take more work on stops there.
   */
  runOnce(hub: Hub, stopping?: AbortSignal): Promise<number>;
  /** Pause between polls when there was nothing to do. */
  idleMs: number;
}

/** What one run of a job did, for metrics: `idle` found nothing to do, `failed` threw. */
export interface BatchReport {
  job: string;
  outcome: 'handled' | 'idle' | 'failed';
  handled: number;
  ms: number;
}

export interface RunningLoop {
  /** Stops polling and resolves once the batch in progress has finished. */
  stop(): Promise<void>;
}

export function startLoop(hub: Hub, job: Job, report?: (batch: BatchReport) => void): RunningLoop {
  let stopping = false;
  const stopSignal = new AbortController();
  let wake: (() => void) | null = null;
  const log = hub.log.child({ job: job.name });
  const done = (async () => {
    while (!stopping) {
      let handled = 0;
      let failed = false;
      const started = performance.now();
      try {
        handled = await job.runOnce(hub, stopSignal.signal);
      } catch (error) {
        failed = true;
        log.error({ err: error }, 'job batch failed');
      }
      report?.({
        job: job.name,
        outcome: failed ? 'failed' : handled > 0 ? 'handled' : 'idle',
        handled,
        ms: performance.now() - started,
      });
      if (handled === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, job.idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      stopSignal.abort();
      wake?.();
      await done;
    },
  };
}
