import { type Job, startLoop } from '@accounts/core/kernel';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { freePort } from '@accounts/devkit/postgres';
import { describe, expect, it } from 'vitest';
import { createMetrics, createWorkerMetrics, serveMetrics } from './metrics.ts';
import { testApp } from './test-support.ts';

describe('/metrics', () => {
  const hub = useTestHub(() => testConfig());

  it('counts requests by route pattern and procedure, and reports queues and the pool', async () => {
    const app = testApp({ hub: hub() });
    await app.request('/trpc/system.health');
    await app.request('/healthz');
    for (let i = 0; i < 5; i += 1) await app.request(`/random-${i}`);
    await app.request('/trpc/not.a.procedure');
    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="trpc:system.health",status="200"\} 1/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="not-found",status="404"\} 5/);
    expect(text).toMatch(/route="trpc:unknown"/);
    expect(text).not.toMatch(/random-/);
    expect(text).toMatch(/webhook_deliveries\{status="pending"\} 0/);
    expect(text).toMatch(/paddle_events\{status="received"\} 0/);
    expect(text).toMatch(/db_pool_connections\{state="max"\} 5/);
    expect(text).toMatch(/process_resident_memory_bytes/);
  });

  it('requires the metrics token when one is configured', async () => {
    const app = testApp({ hub: hub(), metricsToken: 'a-long-metrics-token' });
    expect((await app.request('/metrics')).status).toBe(401);
    const allowed = await app.request('/metrics', {
      headers: { authorization: 'Bearer a-long-metrics-token' },
    });
    expect(allowed.status).toBe(200);
  });
});

describe('job metrics', () => {
  const hub = useTestHub(() => testConfig());

  it('counts runs by outcome, items and duration of the loop’s batches, served on the worker’s own listener', async () => {
    const metrics = createWorkerMetrics(hub());
    // Two batches of work, one failure, then nothing to do.
    const results: (number | Error)[] = [3, 2, new Error('the database went away')];
    let stopRequested: () => void = () => {};
    const idle = new Promise<void>((resolve) => {
      stopRequested = resolve;
    });
    const job: Job = {
      name: 'test.counting',
      idleMs: 5,
      async runOnce() {
        const next = results.shift();
        if (next === undefined) {
          stopRequested();
          return 0;
        }
        if (next instanceof Error) throw next;
        return next;
      },
    };
    const loop = startLoop(hub(), job, metrics.reportJobBatch);
    await idle;
    await loop.stop();

    const port = await freePort();
    const server = await serveMetrics(metrics.registry, {
      port,
      host: '127.0.0.1',
      token: 'a-long-metrics-token',
    });
    try {
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      const text = await (
        await fetch(url, { headers: { authorization: 'Bearer a-long-metrics-token' } })
      ).text();
      expect(text).toMatch(/job_batches_total\{job="test.counting",outcome="handled"\} 2/);
      expect(text).toMatch(/job_batches_total\{job="test.counting",outcome="failed"\} 1/);
      expect(text).toMatch(/job_batches_total\{job="test.counting",outcome="idle"\} [1-9]/);
      expect(text).toMatch(/job_items_total\{job="test.counting"\} 5/);
      expect(text).toMatch(/job_batch_duration_seconds_count\{job="test.counting"\} 3/);
      expect(text).toMatch(/db_pool_connections\{state="max"\} 5/);
      expect(text).toMatch(/process_resident_memory_bytes/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports job runs on the API’s /metrics when jobs run in the API process', async () => {
    const metrics = createMetrics(hub());
    const app = testApp({ hub: hub(), metrics });
    metrics.reportJobBatch({ job: 'webhooks.deliver', outcome: 'handled', handled: 4, ms: 12 });
    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(/job_items_total\{job="webhooks.deliver"\} 4/);
    expect(text).toMatch(/webhook_deliveries_retrying 0/);
  });
});
