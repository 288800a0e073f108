import { performance } from 'node:perf_hooks';
import type { Hub } from '../kernel/context.ts';
import { processPaddleEvents } from './paddle-webhooks.ts';

/**
 * Above this share of a moment spent busy, the event loop is serving requests: applying waits, so
 * the acknowledgements Paddle is waiting for come first.
 */
const BUSY_UTILIZATION = 0.5;
/**
 * The process applies only once no event has arrived for this long: under a steady stream of
 * webhooks it never does (a worker does), so applying never sits in front of an acknowledgement.
 */
const QUIET_MS = 50;
/** How long the runner watches the event loop, doing nothing itself, before each round. */
const PROBE_MS = 5;
/** How long it watches, once the loop was busy, before looking again. */
const BACK_OFF_MS = 100;
/**
 * Events applied per round, in one transaction (a small batch of processPaddleEvents): a round
 * holds the event loop only briefly before the runner checks again that the process is idle.
 */
const ROUND = 20;

interface Runner {
  /** A kick arrived since the runner last found the queue empty. */
  pending: boolean;
  /** When the last kick arrived (performance.now()). */
  lastKickAt: number;
  stopping: boolean;
  done: Promise<void> | null;
}

const runners = new WeakMap<Hub, Runner>();

/**
 * Applies what was just stored in this process once it is idle, so a person's page turns active
 * at once after a lone checkout webhook. However many kicks arrive, one runner per process
 * applies a small batch at a time, and only while no webhook has arrived for QUIET_MS and the
 * event loop is mostly idle: under load the acknowledgements get the process to themselves and a
 * worker's `paddle-events` job applies what they stored (or this runner, once the load is over).
 * Any number of processes share the queue (FOR UPDATE SKIP LOCKED).
 */
export function kickPaddleEvents(hub: Hub): void {
  let runner = runners.get(hub);
  if (!runner) {
    runner = { pending: false, lastKickAt: 0, stopping: false, done: null };
    runners.set(hub, runner);
  }
  runner.pending = true;
  runner.lastKickAt = performance.now();
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
      await untilIdle(runner);
      if (runner.stopping) return;
      const handled = await processPaddleEvents(hub, ROUND).catch((error) => {
        hub.log.error({ err: error }, 'applying paddle events failed');
        return 0;
      });
      if (handled < ROUND) break;
    }
  }
}

/** Waits until no kick came for QUIET_MS and the event loop was mostly idle meanwhile. */
async function untilIdle(runner: Runner): Promise<void> {
  let window = PROBE_MS;
  while (!runner.stopping) {
    const sinceKick = performance.now() - runner.lastKickAt;
    if (sinceKick < QUIET_MS) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS - sinceKick));
      continue;
    }
    // Measured while none of this runner's own work is in flight, so it sees only the rest.
    if (await quietFor(window)) {
      if (performance.now() - runner.lastKickAt >= QUIET_MS) return;
    } else window = BACK_OFF_MS;
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
