import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { requestMetrics } from './request-metrics.ts';

describe('request metrics', () => {
  it('renders exactly what prom-client’s own Counter and Histogram render for the same requests', async () => {
    const ours = new Registry();
    const metrics = requestMetrics(ours);
    const theirs = new Registry();
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [theirs],
    });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method and route',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [theirs],
    });
    const seen: [string, string, number, number][] = [
      ['GET', 'trpc:system.ping', 200, 0.0004],
      ['GET', 'trpc:me.get', 401, 0.001],
      ['GET', 'trpc:system.ping', 200, 0.0031],
      ['POST', 'trpc:me.update', 200, 7.5],
      ['GET', 'not-found', 404, 0.02],
      ['GET', 'trpc:me.get', 200, 0.25],
      ['GET', 'route "with" \\ odd\nlabel', 500, 0.0025],
    ];
    for (let round = 0; round < 3; round += 1) {
      for (const [method, route, status, seconds] of seen) {
        const ms = seconds * 1000 + round;
        metrics.record(method, route, status, ms / 1000);
        requests.labels(method, route, String(status)).inc();
        duration.labels(method, route).observe(ms / 1000);
      }
      expect(await ours.metrics()).toBe(await theirs.metrics());
      expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    }
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });
});
