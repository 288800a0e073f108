// An open-loop load at a steady rate: request i goes out at start + i/rate whatever the answers
// do, on up to `maxSockets` keep-alive connections. autocannon's own pacing sends each
// connection's share of a second in a burst at the start of the second, which measures a burst,
// not a rate. Every request's answer is awaited (bounded), so counts are exact.
import { Agent, request } from 'node:http';
import { percentile } from './stats.ts';

export interface PacedOptions {
  url: string;
  rate: number;
  seconds: number;
  maxSockets?: number;
  next: () => { body: string; headers?: Record<string, string>; key?: string };
}

export interface PacedResult {
  sent: number;
  /** Requests per second actually sent (below `rate` when the generator could not keep up). */
  sentPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** Failed requests by reason (`HTTP 401`, `timeout`, …). */
  failures: Record<string, number>;
  /** Keys of the requests answered 2xx. */
  acknowledged: string[];
}

export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const url = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  const inFlight = new Set<Promise<void>>();

  const failures = new Map<string, number>();
  const fail = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);

  const send = (): Promise<void> => {
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
          latencies.push(performance.now() - scheduled);
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
      const pending = send();
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
    sent,
    sentPerSecond: sent / Math.max(sendingSeconds, options.seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failed: [...failures.values()].reduce((sum, count) => sum + count, 0),
    failures: Object.fromEntries(failures),
    acknowledged,
  };
}
