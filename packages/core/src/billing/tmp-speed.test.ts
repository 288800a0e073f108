import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { createTestHub, testConfig } from '../testing/index.ts';
import { paddleId, subscriptionNotification } from './event-builder.ts';
import { processPaddleEvents, storePaddleEvents } from './paddle-webhooks.ts';

it('speed', async () => {
  const hub = await createTestHub(testConfig());
  const events = Array.from({ length: Number(process.env.N ?? 5000) }, () =>
    subscriptionNotification({
      eventType: 'subscription.created',
      subscriptionId: paddleId('sub'),
      customerId: paddleId('ctm'),
      status: 'active',
      priceIds: ['pri_01benchmark'],
      customData: null,
    }),
  );
  await storePaddleEvents(hub.orm.em.fork(), events.map((e) => ({ envelope: e, rawBody: JSON.stringify(e) })));
  if (process.env.ANALYZE) await hub.orm.em.fork().execute('analyze');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  if (process.env.PROF) await session.post("Profiler.start");
  const t0 = performance.now();
  let n = 0;
  let handled = 0;
  while ((n = await processPaddleEvents(hub, 250)) > 0) {
    handled += n;
    if (handled === 10000) {
      const em = hub.orm.em.fork();
      const pool = (await em.getConnection().getNativeClient()) as any;
      const ids = (await pool.query("select entity_id from paddle_events where status='received' limit 250")).rows.map((r: any) => r.entity_id);
      for (const [q, v] of [
        ["explain analyze with claimed as (select id from paddle_events where status = 'received' order by attempts, order_key limit $1 for update skip locked) select e.id, e.event_id, e.request_id, e.order_key, e.occurred_at, e.raw_body from paddle_events as e join claimed using (id) order by e.attempts, e.order_key", [250]],
        ["explain analyze select entity_id, order_key, occurred_at, entity_status from paddle_events where entity_id = any($1::text[]) and event_type like 'subscription.%' order by order_key desc", [ids]],
        ["explain analyze select subscription_paddle_id, order_key, raw_body from paddle_events where subscription_paddle_id = any($1::text[]) order by order_key", [ids]],
        ["explain analyze select id from subscriptions where paddle_id = any($1::text[])", [ids]],
      ] as const) {
        const client = await pool.connect();
        await client.query('begin');
        for (let i = 0; i < 7; i++) await client.query(q.replace('explain analyze ', ''), v);
        const r = await client.query(q, v);
        await client.query('rollback');
        client.release();
        console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
      }
    }
  }
  const s = (performance.now() - t0) / 1000;
  if (process.env.PROF) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync('/tmp/sp-apply.cpuprofile', JSON.stringify(profile));
  }
  console.log(JSON.stringify((globalThis as any).__T));
  console.log(`applied ${handled} in ${s.toFixed(2)} s = ${(handled / s).toFixed(0)}/s`);
  await hub.close();
}, 300_000);
