import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A body per request (for signed webhooks, each one different). */
  body?: () => { body: string; headers?: Record<string, string> };
}

/** A fixed-duration load run on loopback; it stops by itself. A short warm-up is not counted. */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  const run = (seconds: number) =>
    autocannon({
      url: options.url,
      duration: seconds,
      connections: options.connections ?? 32,
      method: options.method ?? 'GET',
      headers: options.headers,
      requests: options.body
        ? [
            {
              setupRequest: (request) => {
                const next = options.body!();
                return { ...request, body: next.body, headers: { ...request.headers, ...next.headers } };
              },
            },
          ]
        : undefined,
    });
  await run(1);
  const result = await run(options.seconds);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
