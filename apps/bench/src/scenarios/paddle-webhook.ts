import { createHmac } from 'node:crypto';
import { loadavg } from 'node:os';
import { paddleId, storePaddleEvents, subscriptionNotification } from '@accounts/core/billing';
import { freePort } from '@accounts/devkit/postgres';
import { apiCommand } from '../api-command.ts';
import type { Started } from '../children.ts';
import type { BenchContext, Scenario } from '../context.ts';
import { describe, measure } from '../load.ts';
import { pacedLoad } from '../paced-load.ts';
import type { Row } from '../report.ts';
import { describeWindow, openOwnWindow, openWindow, sampleWaits } from '../stall-evidence.ts';
import { deferApiProfile } from './shared.ts';

const TARGET_RATE = 1000;
const TARGET_P99_MS = 50;
const FLAT_OUT_CONNECTIONS = 32;
/** Events stored straight into the queue for one worker to work off. */
const BACKLOG = Number(process.env.BENCH_PADDLE_BACKLOG ?? 20_000);
const TARGET_APPLY_RATE = 1000;
/**
 * The steady run's worker runs as deployed by default; BENCH_WORKER_NICE=10 runs it with
 * WORKER_NICE=10 (docs/deploy.md), and BENCH_PADDLE_CHECKPOINT=0 skips the checkpoint below, to
 * see what each is worth.
 */
const STEADY_WORKER_ENV: Record<string, string> = process.env.BENCH_WORKER_NICE
  ? { WORKER_NICE: process.env.BENCH_WORKER_NICE }
  : {};
const CHECKPOINT = process.env.BENCH_PADDLE_CHECKPOINT !== '0';
/**
 * The steady run: one second of warm-up at the rate (answered and checked for storage, not in the
 * latencies: the route's code is not compiled yet, its INSERT not planned, the pool not grown),
 * then the measured window, twice the other scenarios' so that the p99 rests on 10,000 requests
 * (at 5,000 a single 50 ms stall decides it). p99.9 and the maximum are reported beside it.
 */
const STEADY_WARMUP_SECONDS = 1;
const steadySeconds = (ctx: BenchContext) =>
  Number(process.env.BENCH_PADDLE_STEADY_SECONDS ?? ctx.seconds * 2);

/**
 * A distinct, correctly signed notification, signed here the way Paddle does
 * (`Paddle-Signature: ts=<unix s>;h1=<hex HMAC-SHA256 of "ts:body">`) rather than with the hub's
 * own signer, when the request is built (the hub allows 5 s of clock difference). `key` is the
 * event id, to check afterwards which acknowledged events were stored.
 */
const benchEvent = () =>
  subscriptionNotification({
    eventType: 'subscription.created',
    subscriptionId: paddleId('sub'),
    customerId: paddleId('ctm'),
    status: 'active',
    priceIds: ['pri_01benchmark'],
    customData: null,
  });

export function signedNotification(secret: string): {
  body: string;
  headers: Record<string, string>;
  key: string;
} {
  const event = benchEvent();
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
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The real worker process (`pnpm worker`, every job running), as production runs it. */
function startWorker(ctx: BenchContext, name: string, env: Record<string, string> = {}): Started {
  const { flags, entry } = apiCommand(ctx.root, 'worker');
  return ctx.children.start(name, process.execPath, [...flags, entry], { ...ctx.apiEnv, ...env });
}

/** Stores `count` events straight into the queue (no request, so the API is not kicked). */
async function storeBacklog(ctx: BenchContext, count: number): Promise<void> {
  for (let start = 0; start < count; start += 5000) {
    const events = Array.from({ length: Math.min(5000, count - start) }, benchEvent);
    await storePaddleEvents(
      ctx.hub.orm.em.fork(),
      events.map((event) => ({ envelope: event, rawBody: JSON.stringify(event) })),
    );
  }
}

/** Waits until nothing is left to apply (bounded), the worker's start-up included. */
async function waitForEmptyQueue(ctx: BenchContext, worker: Started, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let left = await count(ctx, `status = 'received'`);
  while (left > 0 && performance.now() < deadline && ctx.children.running.has(worker)) {
    await sleep(200);
    left = await count(ctx, `status = 'received'`);
  }
  return left;
}

/**
 * One worker process works off a backlog stored while no worker ran: the rate from the moment it
 * applied its first batch (its start-up not counted) until the queue is empty.
 */
async function backlogRate(ctx: BenchContext, worker: Started, total: number) {
  const deadline = performance.now() + 180_000;
  let left = total;
  let first: { at: number; left: number } | null = null;
  let last = performance.now();
  while (left > 0 && performance.now() < deadline && ctx.children.running.has(worker)) {
    await sleep(first ? 100 : 20);
    left = await count(ctx, `status = 'received'`);
    last = performance.now();
    if (!first && left < total) first = { at: last, left };
  }
  const seconds = first ? Math.max((last - first.at) / 1000, 0.001) : 0;
  const applied = first ? first.left - left : 0;
  return { rate: first && left < first.left ? applied / seconds : 0, applied, seconds, left };
}

/**
 * POST /webhooks/paddle: verify the signature over the raw bytes and store the event once — the
 * acknowledgement. As in production a worker process applies what is stored (the API itself only
 * once it is idle). Two runs: a steady 1,000 events/s (open loop) for latency at the goal's rate
 * while the worker applies, and flat out (autocannon, 32 connections) for throughput. Afterwards
 * every acknowledged event id must be stored. Then one worker alone works off a backlog.
 */
export const paddleWebhook: Scenario = {
  name: 'Paddle webhook acknowledgement',
  async run(ctx) {
    const secret = ctx.apiEnv.PADDLE_WEBHOOK_SECRET!;
    const url = `${ctx.hubUrl}/webhooks/paddle`;

    // The worker is up once it has applied one event stored straight into the queue.
    const workerMetricsPort = await freePort();
    const worker = startWorker(ctx, 'paddle-worker', {
      ...STEADY_WORKER_ENV,
      WORKER_METRICS_PORT: String(workerMetricsPort),
    });
    await storeBacklog(ctx, 1);
    if (await waitForEmptyQueue(ctx, worker, 60_000)) {
      throw new Error(`the worker applied nothing within a minute (see ${worker.logFile})`);
    }
    const before = await count(ctx);
    // A fresh cluster has no WAL segment files to recycle: every 16 MB of WAL its next file is
    // created and zero-filled while the WAL write lock is held, and every commit waits behind it.
    // A server that has been running recycles the files of earlier checkpoints; one checkpoint
    // here gives the bench's fresh cluster the same (the fill above wrote a few segments).
    if (CHECKPOINT) await ctx.hub.orm.em.fork().execute('checkpoint');

    // The steady run first, so its latency is not measured behind the flat-out run's backlog.
    const steadyLoad = load();
    const token = ctx.apiEnv.METRICS_TOKEN!;
    const apiWindow = await openWindow(ctx.api.process.pid!, `${ctx.hubUrl}/metrics`, token);
    const workerWindow = await openWindow(
      worker.process.pid!,
      `http://127.0.0.1:${workerMetricsPort}/metrics`,
      token,
    );
    const generatorWindow = openOwnWindow();
    const waits = sampleWaits(
      (statement, params) => ctx.hub.orm.em.fork().execute(statement, params),
      'insert into paddle_events',
    );
    const paced = await pacedLoad({
      url,
      rate: TARGET_RATE,
      seconds: steadySeconds(ctx),
      warmupSeconds: STEADY_WARMUP_SECONDS,
      next: () => signedNotification(secret),
    });
    const steadyWaits = await waits();
    const leftAfterSteady = await count(ctx, `status = 'received'`);
    const received = paced.sent + paced.warmupSent;
    const steadyEvidence = [
      describeWindow('the API', await apiWindow(), received),
      // Per event it applied: what was still waiting at the end is not the worker's yet.
      describeWindow('the worker', await workerWindow(), received - leftAfterSteady),
      describeWindow('the load generator', generatorWindow(), received),
    ];
    const ackWaits = steadyWaits.waits
      .slice(0, 4)
      .map(({ wait, share }) => `${wait} ${Math.round(share * 100)}%`)
      .join(', ');
    const flatLoad = load();
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
    // autocannon ends its run with up to one request per connection in flight: the API may have
    // stored those although their answers never arrived. Only the other direction is a loss.
    const cutOff = storedTotal - storedAcknowledged;
    const lost = acknowledged.length - storedAcknowledged;
    const storedOk = lost === 0 && cutOff >= 0 && cutOff <= 2 * FLAT_OUT_CONNECTIONS;
    const storage = `${n(storedAcknowledged)} of ${n(acknowledged.length)} acknowledged event ids stored${cutOff ? ` (+${cutOff} cut off in flight)` : ''}`;

    // What the runs left is applied by the worker (and the API once idle) before the backlog run.
    const drainStarted = performance.now();
    const leftAfterRuns = await count(ctx, `status = 'received'`);
    const leftAfterDrain = await waitForEmptyQueue(ctx, worker, 120_000);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    await ctx.children.stop(worker);

    // One worker, nothing else applying: a backlog stored straight into the queue (no request
    // kicks the API), worked off from the worker's first batch on.
    await storeBacklog(ctx, BACKLOG);
    const backlogLoad = load();
    const backlogWorker = startWorker(ctx, 'paddle-worker-backlog');
    const backlog = await backlogRate(ctx, backlogWorker, BACKLOG);
    await ctx.children.stop(backlogWorker);
    const outcomes = await ctx.hub.orm.em
      .fork()
      .execute<{ status: string; n: string }[]>(
        'select status, count(*) as n from paddle_events group by status order by status',
      );

    const flatFailures = flatOut.errors + flatOut.non2xx;
    const throughputMet = flatOut.requestsPerSecond >= TARGET_RATE && flatFailures === 0 && storedOk;
    const pacedRateOk = paced.sentPerSecond >= TARGET_RATE * 0.98;
    const latencyMet = pacedRateOk && paced.p99Ms <= TARGET_P99_MS && paced.failed === 0 && storedOk;
    const applyMet = backlog.left === 0 && backlog.rate >= TARGET_APPLY_RATE;
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
                ? `${Math.round(flatOut.requestsPerSecond)} events/s flat out, with the load generator, PostgreSQL's inserts and the worker applying stored events on the same cores`
                : '',
              flatFailures ? `${flatFailures} requests failed` : '',
              storedOk ? '' : storage,
            ]),
          }),
    };
    const latencyRow: Row = {
      scenario: `Paddle webhook acknowledgement at a steady ${n(TARGET_RATE)} events/s (open loop), a worker applying`,
      measured: `${Math.round(paced.sentPerSecond)} events/s sent, p50 ${paced.p50Ms.toFixed(1)} ms, p99 ${paced.p99Ms.toFixed(1)} ms (p99.9 ${paced.p999Ms.toFixed(1)}, max ${paced.maxMs.toFixed(1)}) over ${n(paced.sent)} after ${n(paced.warmupSent)} of warm-up (its own p99 ${paced.warmupP99Ms.toFixed(1)}, max ${paced.warmupMaxMs.toFixed(1)})${paced.failed ? `, ${paced.failed} failed` : ''}; ${n(leftAfterSteady)} waiting at the end`,
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
                ? `p99 ${paced.p99Ms.toFixed(1)} ms at a steady ${n(TARGET_RATE)} events/s, with the load generator, PostgreSQL and the worker applying the events on the same cores`
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
    const applyRow: Row = {
      scenario: `Paddle events applied by one worker from a backlog of ${n(BACKLOG)}`,
      measured: `${Math.round(backlog.rate)} events/s (${n(backlog.applied)} in ${backlog.seconds.toFixed(1)} s after its first batch${backlog.left ? `; ${n(backlog.left)} left` : ''})`,
      baseline: '',
      ratio: '',
      target: `>= ${n(TARGET_APPLY_RATE)} events/s`,
      met: applyMet ? 'yes' : 'no',
      ...(applyMet
        ? {}
        : {
            why: reasons([
              backlog.rate < TARGET_APPLY_RATE
                ? `${Math.round(backlog.rate)} events/s, the worker and PostgreSQL sharing the cores`
                : '',
              backlog.left ? `${n(backlog.left)} still waiting when the bounded wait ended` : '',
            ]),
          }),
    };
    const rows = [throughputRow, latencyRow, applyRow];
    const section = `**Paddle webhooks** were \`subscription.created\` notifications for distinct subscriptions (no hub
binding, so applying one flags it for staff), each with its own event id and a \`Paddle-Signature\`
the bench computed at send time. The steady run is an open loop (request i leaves at i/1,000 s on
up to 64 keep-alive connections, latency counted from then), because autocannon's rate limit sends
each second's requests in one burst; its first ${STEADY_WARMUP_SECONDS} s is a warm-up, sent and answered but not in
the latencies (the row gives its own p99 and maximum; the wait-event samples below include it). One worker process (\`pnpm worker\`) ran through both runs and
applied what they stored (the API applies only once no webhook has come for 50 ms);
${n(leftAfterSteady)} events were waiting at the end of the steady run, ${n(leftAfterRuns)} after both,
${leftAfterDrain ? `${n(leftAfterDrain)} still after ${drainSeconds.toFixed(0)} s (the wait is bounded)` : `none ${drainSeconds.toFixed(0)} s later`}. Afterwards: ${storage}.
Where the steady run's time went (the worker ran with \`WORKER_NICE=${STEADY_WORKER_ENV.WORKER_NICE ?? 0}\`; a checkpoint
before it${CHECKPOINT ? '' : ' was skipped'}): ${steadyEvidence.join('; ')}. The acknowledgement's INSERT, sampled in
pg_stat_activity every 10 ms (${steadyWaits.samples} samples): ${ackWaits || 'never seen active'}; ${(steadyWaits.walBytes / 1024 / 1024).toFixed(1)} MB of WAL,
${steadyWaits.walInitWrites} writes zero-filling new WAL segment files.
Then, with no worker running, ${n(BACKLOG)} such events were stored straight into the queue and one fresh
worker applied them: ${Math.round(backlog.rate)} events/s from its first batch on (start-up not counted).
1-minute load average at the start of the steady run ${steadyLoad}, of the flat-out run ${flatLoad}, of the
backlog run ${backlogLoad}. Final states: ${outcomes.map((row) => `${row.status} ${n(Number(row.n))}`).join(', ')}.`;
    if (throughputMet && latencyMet) return { rows, sections: [section] };
    const loadShape = { url, method: 'POST' as const, nextBody: () => signedNotification(secret) };
    return {
      rows,
      sections: [section],
      // The API's profile explains the acknowledgement rows, not the worker's.
      profile: deferApiProfile(ctx, 'Profile: Paddle webhook acknowledgement (flat out)', loadShape, [
        throughputRow,
        latencyRow,
      ]),
    };
  },
};
