import { testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';

describe('/metrics', () => {
  const hub = useTestHub(() => testConfig());

  it('counts requests by route pattern and procedure, and reports queues and the pool', async () => {
    const app = createApp({ hub: hub() });
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
    const app = createApp({ hub: hub(), metricsToken: 'a-long-metrics-token' });
    expect((await app.request('/metrics')).status).toBe(401);
    const allowed = await app.request('/metrics', {
      headers: { authorization: 'Bearer a-long-metrics-token' },
    });
    expect(allowed.status).toBe(200);
  });
});
