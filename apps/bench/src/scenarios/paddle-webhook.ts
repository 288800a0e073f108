import { createHmac } from 'node:crypto';
import { paddleId, subscriptionNotification } from '@accounts/core/billing';
import type { BenchContext, Scenario } from '../context.ts';
import { describe, measure } from '../load.ts';
import { pacedLoad } from '../paced-load.ts';
import type { Row } from '../report.ts';
import { deferApiProfile } from './shared.ts';

const TARGET_RATE = 1000;
const TARGET_P99_MS = 50;
const FLAT_OUT_CONNECTIONS = 32;

/**
 * A distinct, correctly signed notification, signed here the way Paddle does
 * (`Paddle-Signature: ts=<unix s>;h1=<hex HMAC-SHA256 of "ts:body">`) rather than with the hub's
 * own signer, when the request is built (the hub allows 5 s of clock difference). `key` is the
 * event id, to check afterwards which acknowledged events were stored.
 */
export function signedNotification(secret: string): {
  body: string;
  headers: Record<string, string>;
  key: string;
} {
  const event = subscriptionNotification({
    eventType: 'subscription.created',
    subscriptionId: paddleId('sub'),
    customerId: paddleId('ctm'),
    status: 'active',
    priceIds: ['pri_01benchmark'],
    customData: null,
  });
  const body = JSON.stringify(event);
  const ts = Math.floor(Date.now() / 1000);
  const h1 = createHmac('sha256', secret).update(`${ts}:${body}`).digest('hex');
  return {
    body,
    headers: { 'content-type': 'application/json', 'paddle-signature': `ts=${ts};h1=${h1}` },
    key: event.event_id,
  };
}

async function count(ctx: BenchContext, where = 'true', params: unknown[] = []): Promise<number> {
  const [row] = await ctx.hub.orm.em
    .fork()
    .execute<{ n: string }[]>(`select count(*) as n from paddle_events where ${where}`, params);
  return Number(row?.n ?? 0);
}

/** How many of these event ids are stored. */
async function storedOf(ctx: BenchContext, eventIds: string[]): Promise<number> {
  let stored = 0;
  for (let i = 0; i < eventIds.length; i += 5000) {
    stored += await count(ctx, 'event_id in (?)', [eventIds.slice(i, i + 5000)]);
  }
  return stored;
}

const n = (value: number) => value.toLocaleString('en');

/**
 * POST /webhooks/paddle: verify the signature over the raw bytes and store the event once — the
 * acknowledgement; the API then applies stored events in-process after answering, as in production.
 * Two runs: flat out (autocannon, 32 connections) for throughput, and a steady 1,000 events/s
 * (open loop) for latency at the goal's rate. Afterwards every acknowledged event id must be stored.
 */
export const paddleWebhook: Scenario = {
  name: 'Paddle webhook acknowledgement',
  async run(ctx) {
    const secret = ctx.apiEnv.PADDLE_WEBHOOK_SECRET!;
    const url = `${ctx.hubUrl}/webhooks/paddle`;
    const before = await count(ctx);

    // The steady run first, so its latency is not measured behind the flat-out run's backlog.
    const paced = await pacedLoad({
      url,
      rate: TARGET_RATE,
      seconds: ctx.seconds,
      next: () => signedNotification(secret),
    });
    const flatAcknowledged: string[] = [];
    const flatOut = await measure({
      url,
      method: 'POST',
      seconds: ctx.seconds,
      connections: FLAT_OUT_CONNECTIONS,
      nextBody: () => signedNotification(secret),
      onAnswer: (status, key) => {
        if (status >= 200 && status < 300 && key) flatAcknowledged.push(key);
      },
    });
    const acknowledged = [...flatAcknowledged, ...paced.acknowledged];
    const storedAcknowledged = await storedOf(ctx, acknowledged);
    const storedTotal = (await count(ctx)) - before;
    const loadEnded = performance.now();
    // autocannon ends its run with up to one request per connection in flight: the API may have
    // stored those although their answers never arrived. Only the other direction is a loss.
    const cutOff = storedTotal - storedAcknowledged;
    const lost = acknowledged.length - storedAcknowledged;
    const storedOk = lost === 0 && cutOff >= 0 && cutOff <= 2 * FLAT_OUT_CONNECTIONS;
    const storage = `${n(storedAcknowledged)} of ${n(acknowledged.length)} acknowledged event ids stored${cutOff ? ` (+${cutOff} cut off in flight)` : ''}`;

    const flatFailures = flatOut.errors + flatOut.non2xx;
    const throughputMet = flatOut.requestsPerSecond >= TARGET_RATE && flatFailures === 0 && storedOk;
    const pacedRateOk = paced.sentPerSecond >= TARGET_RATE * 0.98;
    const latencyMet = pacedRateOk && paced.p99Ms <= TARGET_P99_MS && paced.failed === 0 && storedOk;
    const reasons = (parts: string[]) => `${parts.filter(Boolean).join('; ')}.`;
    const throughputRow: Row = {
      scenario: `Paddle webhook acknowledgement (verify + store), flat out, ${FLAT_OUT_CONNECTIONS} connections`,
      measured: `${describe(flatOut, 'events/s')}; ${storage}`,
      baseline: '',
      ratio: '',
      target: `>= ${n(TARGET_RATE)} events/s`,
      met: throughputMet ? 'yes' : 'no',
      ...(throughputMet
        ? {}
        : {
            why: reasons([
              flatOut.requestsPerSecond < TARGET_RATE
                ? `${Math.round(flatOut.requestsPerSecond)} events/s flat out, with the load generator, PostgreSQL's inserts and the in-process application of stored events on the same cores`
                : '',
              flatFailures ? `${flatFailures} requests failed` : '',
              storedOk ? '' : storage,
            ]),
          }),
    };
    const latencyRow: Row = {
      scenario: `Paddle webhook acknowledgement at a steady ${n(TARGET_RATE)} events/s (open loop)`,
      measured: `${Math.round(paced.sentPerSecond)} events/s sent, p50 ${paced.p50Ms.toFixed(1)} ms, p99 ${paced.p99Ms.toFixed(1)} ms${paced.failed ? `, ${paced.failed} failed` : ''}`,
      baseline: '',
      ratio: '',
      target: `p99 <= ${TARGET_P99_MS} ms`,
      met: latencyMet ? 'yes' : 'no',
      ...(latencyMet
        ? {}
        : {
            why: reasons([
              pacedRateOk ? '' : `the generator sent only ${Math.round(paced.sentPerSecond)} events/s`,
              paced.p99Ms > TARGET_P99_MS
                ? `p99 ${paced.p99Ms.toFixed(1)} ms at a steady ${n(TARGET_RATE)} events/s, while the same process also applies the events it stored (how fast: the next row)`
                : '',
              paced.failed
                ? `${paced.failed} requests failed (${Object.entries(paced.failures)
                    .map(([why, count]) => `${why}: ${count}`)
                    .join(', ')})`
                : '',
              storedOk ? '' : storage,
            ]),
          }),
    };

    // The backlog the bursts left: how fast the API works through it (bounded wait).
    const waitStarted = performance.now();
    const backlogAtStart = await count(ctx, `status = 'received'`);
    let backlog = backlogAtStart;
    while (backlog > 0 && performance.now() - waitStarted < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      backlog = await count(ctx, `status = 'received'`);
    }
    const waited = (performance.now() - waitStarted) / 1000;
    const outcomes = await ctx.hub.orm.em
      .fork()
      .execute<{ status: string; n: string }[]>(
        'select status, count(*) as n from paddle_events group by status order by status',
      );
    const applyRate = (backlogAtStart - backlog) / Math.max(waited, 0.001);
    const applyRow: Row = {
      scenario: 'Paddle events applied in-process after the acknowledgements above',
      measured: `${applyRate.toFixed(1)} events/s (${n(backlogAtStart - backlog)} in ${waited.toFixed(0)} s; ${n(backlog)} left)`,
      baseline: '',
      ratio: '',
      target: 'report (no goal set)',
      met: '—',
    };
    const rows = [throughputRow, latencyRow, applyRow];
    const section = `**Paddle webhooks** were \`subscription.created\` notifications for distinct subscriptions (no hub
binding, so applying one flags it for staff), each with its own event id and a \`Paddle-Signature\`
the bench computed at send time. The steady run is an open loop (request i leaves at i/1,000 s on
up to 64 keep-alive connections, latency counted from then), because autocannon's rate limit sends
each second's requests in one burst. Afterwards: ${storage}. The API applies stored events
in-process after answering; ${n(backlogAtStart)} were still waiting ${((waitStarted - loadEnded) / 1000).toFixed(0)} s after the runs, worked off at
${Math.round(applyRate)} events/s${backlog ? `, ${n(backlog)} still waiting after ${waited.toFixed(0)} s (the wait is bounded)` : ` in ${waited.toFixed(0)} s`}. Final states: ${outcomes.map((row) => `${row.status} ${n(Number(row.n))}`).join(', ')}. A profile of
this scenario covers all the API did under that load, applying stored events included.`;
    if (throughputMet && latencyMet) return { rows, sections: [section] };
    const load = { url, method: 'POST' as const, nextBody: () => signedNotification(secret) };
    return {
      rows,
      sections: [section],
      profile: deferApiProfile(ctx, 'Profile: Paddle webhook acknowledgement (flat out)', load, rows),
    };
  },
};
