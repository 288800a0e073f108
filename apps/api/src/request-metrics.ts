import { Counter, Histogram, type Registry } from 'prom-client';

const REQUESTS = 'http_requests_total';
const REQUESTS_HELP = 'HTTP requests by method, route and status';
const DURATION = 'http_request_duration_seconds';
const DURATION_HELP = 'HTTP request latency by method and route';
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface CountSeries {
  labels: { method: string; route: string; status: string };
  value: number;
}

interface DurationSeries {
  labels: { method: string; route: string };
  /** Per bucket, not cumulative: an observation counts in the first bucket it fits. */
  buckets: number[];
  sum: number;
  count: number;
}

/** `http_requests_total`, fed from plain numbers like the histogram below. */
class RequestCounts extends Counter<'method' | 'route' | 'status'> {
  readonly series = new Map<string, CountSeries>();

  override async get(): ReturnType<Counter['get']> {
    const values = [...this.series.values()].map(({ labels, value }) => ({ value, labels }));
    // What Counter#get returns (its declared type also wants the collect option back, which it never gives).
    return {
      name: REQUESTS,
      help: REQUESTS_HELP,
      type: 'counter',
      values,
      aggregator: 'sum',
    } as unknown as Awaited<ReturnType<Counter['get']>>;
  }

  override reset(): void {
    super.reset();
    // prom-client's constructor calls reset() before this class's fields exist.
    this.series?.clear();
  }
}

/**
 * `http_request_duration_seconds`, fed from plain numbers and turned into prom-client's values
 * only when /metrics is read, in exactly the shape its own Histogram hands the registry (so the
 * text is the same). prom-client's `observe` validates labels, hashes them and looks the series
 * up on every request — a measurable share of a cheap request.
 */
class RequestDurations extends Histogram<'method' | 'route'> {
  readonly series = new Map<string, DurationSeries>();

  async getForPromString() {
    const bucketName = `${DURATION}_bucket`;
    const values: unknown[] = [];
    for (const { labels, buckets, sum, count } of this.series.values()) {
      let cumulative = 0;
      BUCKETS.forEach((le, index) => {
        cumulative += buckets[index]!;
        values.push({
          labels: { le },
          sharedLabels: labels,
          value: cumulative,
          metricName: bucketName,
          exemplar: null,
        });
      });
      values.push(
        {
          labels: { le: '+Inf' },
          sharedLabels: labels,
          value: count,
          metricName: bucketName,
          exemplar: null,
        },
        { labels: {}, sharedLabels: labels, value: sum, metricName: `${DURATION}_sum`, exemplar: undefined },
        {
          labels: {},
          sharedLabels: labels,
          value: count,
          metricName: `${DURATION}_count`,
          exemplar: undefined,
        },
      );
    }
    return { name: DURATION, help: DURATION_HELP, type: 'histogram', values, aggregator: 'sum' };
  }

  override reset(): void {
    super.reset();
    // prom-client's constructor calls reset() before this class's fields exist.
    this.series?.clear();
  }
}

export interface RequestMetrics {
  /** One finished request. */
  record(method: string, route: string, status: number, seconds: number): void;
}

/**
 * `http_requests_total` and `http_request_duration_seconds`: per request, a map lookup and a few
 * additions; the Prometheus values are built when /metrics is read.
 */
export function requestMetrics(registry: Registry): RequestMetrics {
  const counts = new RequestCounts({
    name: REQUESTS,
    help: REQUESTS_HELP,
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const durations = new RequestDurations({
    name: DURATION,
    help: DURATION_HELP,
    labelNames: ['method', 'route'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  return {
    record(method, route, status, seconds) {
      const routeKey = `${method} ${route}`;
      const countKey = `${routeKey} ${status}`;
      let counted = counts.series.get(countKey);
      if (!counted) {
        counted = { labels: { method, route, status: String(status) }, value: 0 };
        counts.series.set(countKey, counted);
      }
      counted.value += 1;
      let timed = durations.series.get(routeKey);
      if (!timed) {
        timed = { labels: { method, route }, buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
        durations.series.set(routeKey, timed);
      }
      timed.sum += seconds;
      timed.count += 1;
      for (let index = 0; index < BUCKETS.length; index += 1) {
        if (seconds <= BUCKETS[index]!) {
          timed.buckets[index]! += 1;
          break;
        }
      }
    },
  };
}
