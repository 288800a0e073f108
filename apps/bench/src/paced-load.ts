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
  /** Keys of the requests answered 2xx. */
  acknowledged: string[];
}

export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const url = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  let failed = 0;
  const inFlight = new Set<Promise<void>>();

  const send = (): Promise<void> => {
    const { body, headers, key } = options.next();
    const started = performance.now();
    return new Promise<void>((resolve) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - started);
            const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
            if (ok && key !== undefined) acknowledged.push(key);
            if (!ok) failed += 1;
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        failed += 1;
        resolve();
      });
      req.end(body);
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
  await Promise.all(inFlight);
  agent.destroy();
  return {
    sent,
    sentPerSecond: sent / Math.max(sendingSeconds, options.seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failed,
    acknowledged,
  };
}
