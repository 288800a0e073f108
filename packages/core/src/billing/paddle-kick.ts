import { performance } from 'node:perf_hooks';
import type { Hub } from '../kernel/context.ts';
import { processPaddleEvents } from './paddle-webhooks.ts';

/**
 * Above this share of a moment spent busy, the event loop is serving requests: applying waits, so
 * the acknowledgements Paddle is waiting for come first.
 */
const BUSY_UTILIZATION = 0.5;
/** How long the runner watches the event loop, doing nothing itself, before each round. */
const PROBE_MS = 5;
/** How long it waits, still watching, once the loop was busy. */
const BACK_OFF_MS = 100;
/** Events applied at once per round (each in its own transaction, on its own connection). */
const LANES = 2;

interface Runner {
  /** A kick arrived since the runner last found the queue empty. */
  pending: boolean;
  stopping: boolean;
  done: Promise<void> | null;
}

const runners = new WeakMap<Hub, Runner>();

/**
 * Applies what was just stored right away, in this process, after the response went out — so a
 * person's page turns active at once. However many kicks arrive, one runner per process applies
 * a couple of events at a time, and only with spare capacity: while requests keep the event loop
 * busy it waits, and a worker's `paddle-events` job, or the runner once the burst is over, applies
 * the rest. Any number of processes share the queue (FOR UPDATE SKIP LOCKED).
 */
export function kickPaddleEvents(hub: Hub): void {
  let runner = runners.get(hub);
  if (!runner) {
    runner = { pending: false, stopping: false, done: null };
    runners.set(hub, runner);
  }
  runner.pending = true;
  if (runner.done || runner.stopping) return;
  const started = runner;
  started.done = drain(hub, started).finally(() => {
    started.done = null;
  });
}

async function drain(hub: Hub, runner: Runner): Promise<void> {
  while (runner.pending && !runner.stopping) {
    // Cleared before the claim: a kick for an event stored after the claim looked runs it again.
    runner.pending = false;
    while (!runner.stopping) {
      // Measured while none of this runner's own work is in flight, so it sees only the rest.
      let window = PROBE_MS;
      while (!(await quietFor(window)) && !runner.stopping) window = BACK_OFF_MS;
      if (runner.stopping) return;
      const handled = await Promise.all(
        Array.from({ length: LANES }, () =>
          processPaddleEvents(hub, 1).catch((error) => {
            hub.log.error({ err: error }, 'applying paddle events failed');
            return 0;
          }),
        ),
      );
      if (handled.every((count) => count === 0)) break;
    }
  }
}

/** Waits `ms` and says whether the event loop was mostly idle meanwhile. */
async function quietFor(ms: number): Promise<boolean> {
  const start = performance.eventLoopUtilization();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return performance.eventLoopUtilization(start).utilization <= BUSY_UTILIZATION;
}

/** Resolves once the events kicked so far are applied, or left for a worker (tests). */
export function settledPaddleKicks(hub: Hub): Promise<void> {
  return runners.get(hub)?.done ?? Promise.resolve();
}

/** Shutdown: finishes the event being applied and applies no more in this process. */
export function stopPaddleKicks(hub: Hub): Promise<void> {
  const runner = runners.get(hub);
  if (!runner) return Promise.resolve();
  runner.stopping = true;
  return runner.done ?? Promise.resolve();
}
