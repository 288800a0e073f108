// An open-loop load at a steady rate: request i goes out at start + i/rate whatever the answers
// do, on up to `maxSockets` keep-alive connections. autocannon's own pacing sends each
// connection's share of a second in a burst at the start of the second, which measures a burst,
// not a rate. Every request's answer is awaited (bounded), so counts are exact.
import { Agent, request } from 'node:http';
import { percentile } from './stats.ts';

export interface PacedOptions {
  url: string;
  rate: number;
  /** The measured window. */
  seconds: number;
  /**
   * Sent first at the same rate and answered like the rest, but not in the latencies: the first
   * requests on a route find its code not yet compiled, its statements not yet planned and the
   * pool not yet grown, which is a start-up cost, not the steady state the rate is about.
   */
  warmupSeconds?: number;
  maxSockets?: number;
  next: () => { body: string; headers?: Record<string, string>; key?: string };
}

export interface PacedResult {
  /** Requests sent in the measured window (the warm-up's not counted). */
  sent: number;
  /** Requests sent during the warm-up (answered, acknowledged, not in the latencies). */
  warmupSent: number;
  /** Requests per second actually sent (below `rate` when the generator could not keep up). */
  sentPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** The warm-up's own p99 and maximum, reported beside the measured window's (NaN without one). */
  warmupP99Ms: number;
  warmupMaxMs: number;
  failed: number;
  /** Failed requests by reason (`HTTP 401`, `timeout`, …). */
  failures: Record<string, number>;
  /** Keys of the requests answered 2xx. */
  acknowledged: string[];
}

export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const url = new URL(options.url);
  const warmup = Math.round(options.rate * (options.warmupSeconds ?? 0));
  const total = warmup + Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  const warmupLatencies: number[] = [];
  const acknowledged: string[] = [];
  const inFlight = new Set<Promise<void>>();

  const failures = new Map<string, number>();
  const fail = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);

  const send = (measured: boolean): Promise<void> => {
    const scheduled = performance.now();
    return new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent });
      let key: string | undefined;
      // Built when a connection is free, not when scheduled: a signature made while the request
      // waited in the queue could go stale (Paddle signs as it sends). Latency counts from the schedule.
      req.once('socket', () => {
        const next = options.next();
        key = next.key;
        for (const [name, value] of Object.entries(next.headers ?? {})) req.setHeader(name, value);
        req.setHeader('content-length', Buffer.byteLength(next.body));
        req.end(next.body);
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => {
          (measured ? latencies : warmupLatencies).push(performance.now() - scheduled);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            if (key !== undefined) acknowledged.push(key);
          } else fail(`HTTP ${status}`);
          resolve();
        });
      });
      req.on('error', (error) => {
        fail(error.message);
        resolve();
      });
    });
  };

  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate) + 1);
    while (sent < due) {
      const pending = send(sent >= warmup);
      inFlight.add(pending);
      void pending.then(() => inFlight.delete(pending));
      sent += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const sendingSeconds = (performance.now() - start) / 1000;
  // Bounded: what has not been answered a minute after the last send counts as failed.
  const unanswered = await Promise.race([
    Promise.all(inFlight).then(() => 0),
    new Promise<number>((resolve) => setTimeout(() => resolve(inFlight.size), 60_000).unref()),
  ]);
  if (unanswered) failures.set('unanswered after 60 s', unanswered);
  agent.destroy();
  return {
    sent: sent - warmup,
    warmupSent: warmup,
    sentPerSecond: sent / Math.max(sendingSeconds, options.seconds + (options.warmupSeconds ?? 0)),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    p999Ms: percentile(latencies, 99.9),
    maxMs: percentile(latencies, 100),
    warmupP99Ms: percentile(warmupLatencies, 99),
    warmupMaxMs: percentile(warmupLatencies, 100),
    failed: [...failures.values()].reduce((sum, count) => sum + count, 0),
    failures: Object.fromEntries(failures),
    acknowledged,
  };
}
