// What a latency run's slow answers were waiting for, measured rather than guessed: each Node
// process's CPU time, event-loop delay and GC pauses (prom-client's default metrics from its
// /metrics), and the run queue (how long its threads were runnable but not running, from
// /proc/<pid>/schedstat: time a busy machine's other work took from it).
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Every sample of a Prometheus text exposition, by its full name with labels. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const value = Number(line.slice(space + 1));
    if (space > 0 && Number.isFinite(value)) values.set(line.slice(0, space), value);
  }
  return values;
}

/**
 * Nanoseconds a process's main thread (the one serving requests) has run, and has waited runnable
 * for a core, since it started; null off Linux or once the process is gone.
 */
export function schedstat(pid: number): { runNs: number; waitNs: number } | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return { runNs: run ?? 0, waitNs: wait ?? 0 };
  } catch {
    return null;
  }
}

export interface ProcessWindow {
  cpuMs: number;
  /** The main thread's time runnable but waiting for a core (Linux only). */
  runQueueMs: number | null;
  /** The largest and 99th-percentile event-loop delay over the window (prom-client samples at 10 ms). */
  loopDelayMaxMs: number | null;
  loopDelayP99Ms: number | null;
  /** GC pause time by kind (minor, major, incremental, weakcb) and the number of major pauses. */
  gcMs: Record<string, number>;
}

/**
 * Opens a window on a process that serves prom-client metrics: reading /metrics resets its
 * event-loop histogram, so the one read at the start makes the one at the end cover the window.
 */
export async function openWindow(pid: number, metricsUrl: string, token: string) {
  const read = async () =>
    parseMetrics(await (await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } })).text());
  const before = await read();
  const schedBefore = schedstat(pid);
  return async (): Promise<ProcessWindow> => {
    const after = await read();
    const schedAfter = schedstat(pid);
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    const gcMs: Record<string, number> = {};
    for (const kind of ['minor', 'major', 'incremental', 'weakcb']) {
      const ms = delta(`nodejs_gc_duration_seconds_sum{kind="${kind}"}`) * 1000;
      if (ms > 0) gcMs[kind] = ms;
    }
    const seconds = (name: string) => {
      const value = after.get(name);
      return value === undefined ? null : value * 1000;
    };
    return {
      cpuMs: delta('process_cpu_seconds_total') * 1000,
      runQueueMs: schedBefore && schedAfter ? (schedAfter.waitNs - schedBefore.waitNs) / 1e6 : null,
      loopDelayMaxMs: seconds('nodejs_eventloop_lag_max_seconds'),
      loopDelayP99Ms: seconds('nodejs_eventloop_lag_p99_seconds'),
      gcMs,
    };
  };
}

/** The same window on this process (the load generator), without /metrics. */
export function openOwnWindow() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu = process.cpuUsage();
  const sched = schedstat(process.pid);
  return (): Omit<ProcessWindow, 'gcMs'> => {
    delay.disable();
    const used = process.cpuUsage(cpu);
    const schedAfter = schedstat(process.pid);
    return {
      cpuMs: (used.user + used.system) / 1000,
      runQueueMs: sched && schedAfter ? (schedAfter.waitNs - sched.waitNs) / 1e6 : null,
      loopDelayMaxMs: delay.max / 1e6,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
    };
  };
}

/** One process's window in a sentence. */
export function describeWindow(
  name: string,
  window: Omit<ProcessWindow, 'gcMs'> & { gcMs?: Record<string, number> },
  events: number,
): string {
  const parts = [
    `${name}: ${Math.round(window.cpuMs)} ms CPU (${(window.cpuMs / Math.max(events, 1)).toFixed(2)} ms per event)`,
  ];
  if (window.runQueueMs !== null) parts.push(`${Math.round(window.runQueueMs)} ms runnable without a core`);
  if (window.loopDelayMaxMs !== null)
    parts.push(
      `event-loop delay p99 ${window.loopDelayP99Ms?.toFixed(0)} ms, max ${window.loopDelayMaxMs.toFixed(0)} ms`,
    );
  const gc = Object.entries(window.gcMs ?? {}).map(([kind, ms]) => `${kind} ${Math.round(ms)} ms`);
  if (gc.length) parts.push(`GC ${gc.join(', ')}`);
  return parts.join(', ');
}

/**
 * What PostgreSQL's backends were waiting on, sampled from pg_stat_activity every `everyMs` until
 * stopped: counts by wait event of the statements matching `like`, and the WAL written meanwhile
 * (bytes, and segment files created and zero-filled, which holds the WAL write lock).
 */
export function sampleWaits(
  run: <T>(statement: string, params?: unknown[]) => Promise<T[]>,
  like: string,
  everyMs = 10,
) {
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const wal = () =>
    run<{ bytes: string; inits: string | null }>(
      `select (select wal_bytes from pg_stat_wal)::text as bytes,
        (select sum(writes) from pg_stat_io where object = 'wal' and context = 'init')::text as inits`,
    );
  const started = wal();
  const loop = (async () => {
    while (!stopped) {
      const rows = await run<{ wait: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'on CPU') as wait from pg_stat_activity
         where state = 'active' and query like ? and pid <> pg_backend_pid()`,
        [`${like}%`],
      );
      samples += 1;
      for (const { wait } of rows) counts.set(wait, (counts.get(wait) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    const [before] = await started;
    const [after] = await wal();
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    return {
      samples,
      waits: [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([wait, n]) => ({ wait, share: n / Math.max(total, 1) })),
      walBytes: Number(after?.bytes ?? 0) - Number(before?.bytes ?? 0),
      walInitWrites: Number(after?.inits ?? 0) - Number(before?.inits ?? 0),
    };
  };
}
