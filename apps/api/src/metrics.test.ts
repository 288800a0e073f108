import { type Job, startLoop } from '@accounts/core/kernel';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { freePort } from '@accounts/devkit/postgres';
import { describe, expect, it } from 'vitest';
import { createMetrics, createWorkerMetrics, serveMetrics } from './metrics.ts';
import { serveApp, testApp } from './test-support.ts';

/** The series of the request metrics in a /metrics text: one per line that is not a comment. */
function requestSeries(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('http_request'));
}

/** A small seeded generator (mulberry32), so a failing junk run can be repeated exactly. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

  // Over a thousand requests: the package runs two files at a time (its two tRPC paths side by side),
  // so on two shared cores this case gets more than the default 20 s; the assertions are unchanged.
  it('keeps its series to a set the code bounds: 1,000 distinct junk paths and batches add none', {
    timeout: 60_000,
  }, async () => {
    const served = await serveApp(testApp({ hub: hub() }));
    const get = async (path: string, init?: RequestInit) => {
      const response = await fetch(`${served.url}${path}`, init);
      await response.arrayBuffer();
      return response.status;
    };
    const metricsText = async () => (await fetch(`${served.url}/metrics`)).text();
    const batch = (names: string[]) => `/trpc/${names.join(',')}?batch=1`;
    // Queries an anonymous caller may run; each answers 200.
    const open = ['system.ping', 'system.health', 'plans.list', 'auth.options', 'me.maybe'];
    try {
      // One request of each kind the junk below is made of.
      for (const name of open) expect(await get(`/trpc/${name}`)).toBe(200);
      expect(await get(batch(open))).toBe(200);
      expect(await get(batch([...open, 'no.such']))).toBe(207);
      expect(await get(batch(Array(25).fill('system.ping')))).toBe(400);
      expect(await get('/trpc/no.such')).toBe(404);
      expect(await get('/trpc/system.ping,system.ping')).toBe(404);
      expect(await get('/no-such-page')).toBe(404);
      expect(await get('/no-such-page', { method: 'POST' })).toBe(404);
      await get('/metrics');
      const before = requestSeries(await metricsText());

      const random = seeded(14);
      const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
      const some = (count: number) => Array.from({ length: count }, () => pick(open));
      const junk: (() => Promise<number>)[] = [
        // A different mix, order and count of known procedures each time: a new label each before.
        () => get(batch(some(1 + Math.floor(random() * 20)))),
        (n = Math.floor(random() * 1e9)) => get(batch([...some(3), `no.such${n}`])),
        () => get(batch(some(21 + Math.floor(random() * 200)))),
        (n = Math.floor(random() * 1e9)) => get(`/trpc/junk.${n}`),
        () => get(`/trpc/${some(2 + Math.floor(random() * 5)).join(',')}`),
        (n = Math.floor(random() * 1e9)) => get(`/junk/${n}?q=${n}`),
        (n = Math.floor(random() * 1e9)) => get(`/x${n}`, { method: 'POST' }),
      ];
      let sent = 0;
      while (sent < 1000) {
        const send = pick(junk);
        await send();
        sent += 1;
      }
      const text = await metricsText();
      const after = requestSeries(text);
      expect(after.length).toBe(before.length);
      expect(after.map((line) => line.split(' ')[0])).toEqual(before.map((line) => line.split(' ')[0]));
      // Yet every call counted: a batch counts once per procedure it ran.
      expect(text).toMatch(
        /http_requests_total\{method="GET",route="trpc:system.ping",status="200"\} \d{3,}/,
      );
      expect(text).toMatch(
        /http_requests_total\{method="GET",route="trpc:batch-refused",status="400"\} \d{2,}/,
      );
    } finally {
      await served.close();
    }
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
