import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** 2xx answers including the warm-up (what a server should have stored, for write scenarios). */
  ok2xxWithWarmup: number;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections?: number;
  /** Paces the whole run at this many requests per second (open load) instead of flat out. */
  overallRate?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A fixed body for every request. */
  body?: string;
  /** A body per request, built just before it is sent (signed webhooks: each one different). */
  nextBody?: () => { body: string; headers?: Record<string, string>; key?: string };
  /** Each answer's status with the key of the request it answers (one request in flight per connection). */
  onAnswer?: (status: number, key: string | undefined) => void;
}

/** A fixed-duration load run on loopback; it stops by itself. A 1 s warm-up is not counted. */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  const run = (seconds: number) =>
    autocannon({
      url: options.url,
      duration: seconds,
      connections: options.connections ?? 32,
      ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      requests: options.nextBody
        ? [
            {
              setupRequest: (request, context) => {
                const next = options.nextBody!();
                (context as { key?: string }).key = next.key;
                return { ...request, body: next.body, headers: { ...request.headers, ...next.headers } };
              },
              onResponse: (status, _body, context) =>
                options.onAnswer?.(status, (context as { key?: string }).key),
            },
          ]
        : undefined,
    });
  const warmup = await run(1);
  const result = await run(options.seconds);
  return {
    requestsPerSecond: result.requests.total / options.seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    ok2xxWithWarmup: warmup['2xx'] + result['2xx'],
  };
}

export function describe(result: LoadResult, unit = 'req/s'): string {
  const failures = result.errors + result.non2xx;
  return `${Math.round(result.requestsPerSecond)} ${unit}, p99 ${result.p99Ms} ms${failures ? `, ${failures} failed` : ''}`;
}
