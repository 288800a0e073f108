import type { KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../kernel/clock.ts';
import type { HubConfig } from '../kernel/config.ts';
import type { Logger } from '../kernel/context.ts';
import { runWithRequestId } from '../kernel/correlation.ts';
import { openText } from '../kernel/crypto/sealed-box.ts';
import { command, query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { webhookSecretContext } from './registry.ts';
import { signWebhook, webhookSigningKeys } from './webhook-signing.ts';
import { MAX_CONNECTIONS_PER_ORIGIN, postWebhook } from './webhook-targets.ts';

/**
 * Standard Webhooks' schedule: the first attempt at once, then these waits after attempts 1..7;
 * after the 8th failed attempt the delivery is failed (staff can redeliver it).
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * Deliveries claimed per batch. Their attempts are recorded together, so a larger batch means
 * fewer transactions; one slow receiver holds its batch's records back at most until the timeout.
 * No larger than the connections kept per origin, so no request of a batch waits for one.
 */
export const DELIVERY_BATCH_SIZE = MAX_CONNECTIONS_PER_ORIGIN;

/** How long one run keeps claiming the next batch ahead while batches come full. */
const PIPELINE_MS = 2_000;

/**
 * A lease outlives its batch by a wide margin for the database writes: a batch claimed while the
 * one before it was being sent waits for that one (bounded by the timeout), then is sent itself.
 */
export function leaseMs(config: HubConfig): number {
  return 2 * config.webhooks.timeoutMs + 10_000;
}

/**
 * A claimed delivery with everything needed to send it, read in the claiming statement: the hot
 * path reads plain rows, no entities.
 */
export interface ClaimedDelivery {
  id: string;
  locked_until: Date;
  attempts: number;
  event_id: string;
  payload: Record<string, unknown>;
  /** The request that emitted the event, so every log line about this delivery names it. */
  request_id: string | null;
  webhook_id: string;
  webhook_url: string;
  secret: Buffer;
  previous_secret: Buffer | null;
  previous_secret_expires_at: Date | null;
  /** The webhook, its environment and its client are all active. */
  active: boolean;
}

/**
 * Claims due deliveries that are first in line for their (webhook, person): none is claimed while
 * an earlier event for the same person to the same webhook is still pending, so each person's
 * events arrive in order. SKIP LOCKED plus the lease keep concurrent workers off each other's
 * rows; a worker that dies simply lets its lease run out.
 */
export async function claimDeliveries(
  em: EntityManager,
  now: Date,
  lease: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  return query<ClaimedDelivery>(
    em,
    sql`with candidates as (
       select d.id from webhook_deliveries d
        where d.status = 'pending'
          and d.next_attempt_at <= ${now}
          and (d.locked_until is null or d.locked_until <= ${now})
          and not exists (
            select 1 from webhook_deliveries earlier
             where earlier.webhook_id = d.webhook_id
               and earlier.user_id = d.user_id
               and earlier.status = 'pending'
               and earlier.event_sequence < d.event_sequence)
        order by d.event_sequence
        limit ${limit}
        for update of d skip locked),
     claimed as (
       update webhook_deliveries d set locked_until = ${lease}
         from candidates where d.id = candidates.id
       returning d.id, d.locked_until, d.attempts, d.event_id, d.event_sequence, d.webhook_id)
     select c.id, c.locked_until, c.attempts, c.event_id, e.payload, e.request_id,
            c.webhook_id, w.webhook_url, w.secret, w.previous_secret, w.previous_secret_expires_at,
            (w.is_active and env.is_active and client.is_active) as active
       from claimed c
       join outbox_events e on e.id = c.event_id
       join client_webhooks w on w.id = c.webhook_id
       join client_environments env on env.id = w.client_environment_id
       join clients client on client.id = env.client_id
      order by c.event_sequence`,
  );
}

export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** Not worth retrying: the delivery fails now and the webhook's health is not affected. */
  permanent?: boolean;
}

/** A webhook's signing keys, or why they cannot be had. */
type SigningKeys = { keys: KeyObject[] } | { error: string };

/**
 * Opens a webhook's secrets once per batch (every delivery of a batch to the same webhook shares
 * them); nothing outlives the batch, so a rotation takes effect with the next one.
 */
function keysFor(config: HubConfig, now: Date, claimed: ClaimedDelivery, cache: Map<string, SigningKeys>) {
  let keys = cache.get(claimed.webhook_id);
  if (!keys) {
    try {
      const context = webhookSecretContext(claimed.webhook_id);
      const secrets = [openText(config.encryptionKeys, Buffer.from(claimed.secret), context)];
      const previousExpires = claimed.previous_secret_expires_at;
      if (claimed.previous_secret && previousExpires && new Date(previousExpires) > now) {
        secrets.push(openText(config.encryptionKeys, Buffer.from(claimed.previous_secret), context));
      }
      keys = { keys: webhookSigningKeys(secrets) };
    } catch {
      keys = { error: 'the signing secret cannot be opened with the configured keys' };
    }
    cache.set(claimed.webhook_id, keys);
  }
  return keys;
}

/** Sends one claimed delivery (never throws); the caller records the outcome. */
async function sendClaimed(
  config: HubConfig,
  now: Date,
  claimed: ClaimedDelivery,
  keyCache: Map<string, SigningKeys>,
): Promise<AttemptOutcome> {
  if (!claimed.active) {
    return {
      statusCode: null,
      latencyMs: 0,
      error: 'not sent: the webhook, its environment or its client is inactive',
      permanent: true,
    };
  }
  const signing = keysFor(config, now, claimed, keyCache);
  if ('error' in signing) return { statusCode: null, latencyMs: 0, error: signing.error };
  const body = JSON.stringify(claimed.payload);
  // The signed timestamp is the real time: receivers compare it with their own clocks.
  const headers = signWebhook(signing.keys, claimed.event_id, Math.floor(Date.now() / 1000), body);
  return postWebhook({
    url: claimed.webhook_url,
    headers: { ...headers },
    body,
    timeoutMs: config.webhooks.timeoutMs,
    allowPrivateTargets: config.webhooks.allowPrivateTargets,
  });
}

interface RecordedAttempt {
  claimed: ClaimedDelivery;
  outcome: AttemptOutcome;
}

/**
 * Records a batch's attempts in one transaction of three set-based statements: the attempt rows
 * (the staff deliveries page's history), the deliveries moved on, and the webhooks' health.
 * Attempts come in the order they finished, which is the order their effects on health apply.
 */
async function recordAttempts(em: EntityManager, clock: Clock, attempts: RecordedAttempt[]): Promise<void> {
  if (attempts.length === 0) return;
  const now = clock.now();
  const rows = attempts.map(({ claimed, outcome }) => {
    const attempt = claimed.attempts + 1;
    const succeeded = outcome.error === null;
    const failed = !succeeded && (outcome.permanent === true || attempt >= MAX_ATTEMPTS);
    return {
      delivery_id: claimed.id,
      locked_until: new Date(claimed.locked_until).toISOString(),
      attempt,
      status: succeeded ? 'succeeded' : failed ? 'failed' : 'pending',
      next_attempt_at:
        succeeded || failed ? null : new Date(now.getTime() + RETRY_DELAYS_MS[attempt - 1]!).toISOString(),
      status_code: outcome.statusCode,
      latency_ms: outcome.latencyMs,
      error: outcome.error,
    };
  });
  // Per webhook: whether any attempt succeeded, and how many (non-permanent) failures followed the
  // last success — what applying the attempts one by one would leave.
  const health = new Map<string, { reset: boolean; failures: number }>();
  for (const { claimed, outcome } of attempts) {
    const entry = health.get(claimed.webhook_id) ?? { reset: false, failures: 0 };
    if (outcome.error === null) {
      entry.reset = true;
      entry.failures = 0;
    } else if (!outcome.permanent) {
      entry.failures += 1;
    }
    health.set(claimed.webhook_id, entry);
  }
  const healthRows = [...health]
    .filter(([, entry]) => entry.reset || entry.failures > 0)
    .map(([webhook_id, entry]) => ({ webhook_id, ...entry }));
  const nowIso = now.toISOString();
  await em.transactional(async (tx) => {
    await command(
      tx,
      sql`insert into webhook_delivery_attempts (delivery_id, attempt, status_code, latency_ms, error, created_at, updated_at)
       select a.delivery_id, a.attempt, a.status_code, a.latency_ms, a.error, ${nowIso}, ${nowIso}
         from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as a(delivery_id uuid, attempt int, status_code int, latency_ms int, error text)
         -- A delivery deleted with its webhook since it was claimed has nothing left to record;
         -- the lock keeps one from going between this check and the insert.
         where exists (select 1 from webhook_deliveries d where d.id = a.delivery_id for key share)`,
    );
    // Only the holder of the lease moves a delivery on; if the lease ran out and another worker
    // took over, that worker's attempt decides.
    await command(
      tx,
      sql`update webhook_deliveries d
          set attempts = d.attempts + 1, status = a.status, next_attempt_at = a.next_attempt_at,
              locked_until = null, last_status_code = a.status_code, last_error = a.error,
              last_latency_ms = a.latency_ms,
              delivered_at = case when a.status = 'succeeded' then ${nowIso}::timestamptz else d.delivered_at end,
              updated_at = ${nowIso}
         from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as a(delivery_id uuid, locked_until timestamptz, status text, next_attempt_at timestamptz,
                status_code int, latency_ms int, error text)
        where d.id = a.delivery_id and d.status = 'pending' and d.locked_until = a.locked_until`,
    );
    if (healthRows.length > 0) {
      await command(
        tx,
        sql`update client_webhooks w
            set consecutive_failures = case when h.reset then 0 else w.consecutive_failures end + h.failures,
                failing_since = case
                  when h.failures = 0 then null
                  when h.reset then ${nowIso}::timestamptz
                  else coalesce(w.failing_since, ${nowIso}::timestamptz) end
           from jsonb_to_recordset(${JSON.stringify(healthRows)}::jsonb) as h(webhook_id uuid, reset boolean, failures int)
          where w.id = h.webhook_id`,
      );
    }
  });
}

function logAttempt(log: Logger, claimed: ClaimedDelivery, outcome: AttemptOutcome): void {
  runWithRequestId(claimed.request_id, () =>
    log[outcome.error ? 'warn' : 'debug'](
      {
        deliveryId: claimed.id,
        eventId: claimed.event_id,
        requestId: claimed.request_id ?? undefined,
        webhookId: claimed.webhook_id,
        attempt: claimed.attempts + 1,
        statusCode: outcome.statusCode,
        latencyMs: outcome.latencyMs,
        error: outcome.error,
      },
      outcome.error ? 'webhook attempt failed' : 'webhook delivered',
    ),
  );
}

/** Gives up claimed deliveries that were not sent, for any worker to claim again at once. */
async function releaseDeliveries(em: EntityManager, rows: ClaimedDelivery[]): Promise<void> {
  const released = rows.map((row) => ({
    id: row.id,
    locked_until: new Date(row.locked_until).toISOString(),
  }));
  await command(
    em,
    sql`update webhook_deliveries d set locked_until = null
       from jsonb_to_recordset(${JSON.stringify(released)}::jsonb) as r(id uuid, locked_until timestamptz)
      where d.id = r.id and d.locked_until = r.locked_until`,
  );
}

/** Sends a claimed batch in parallel across people and webhooks; outcomes in the order they finished. */
async function sendBatch(
  config: HubConfig,
  now: Date,
  claimed: ClaimedDelivery[],
): Promise<RecordedAttempt[]> {
  const keyCache = new Map<string, SigningKeys>();
  const finished: RecordedAttempt[] = [];
  await Promise.all(
    claimed.map(async (row) => {
      finished.push({ claimed: row, outcome: await sendClaimed(config, now, row, keyCache) });
    }),
  );
  return finished;
}

interface ClaimedBatch {
  now: Date;
  rows: ClaimedDelivery[];
}

/**
 * Claims due deliveries and sends them, a batch at a time, with every batch's attempts recorded
 * in one transaction. Batches overlap: the next one is claimed while this one is sent, and sent
 * while this one is recorded (records stay in batch order, so the webhooks' health sees attempts
 * in order), for as long as batches keep coming full and PIPELINE_MS has not passed, so a run
 * still ends soon after the work does. Asked to stop, it finishes the batch it is sending and hands
 * back the one it claimed ahead. Only one batch is sent at a time.
 * If recording fails, the leases run out and those deliveries are sent again (at least once;
 * receivers deduplicate by webhook-id). Returns how many deliveries it handled.
 */
export async function deliverDueWebhooks(
  em: EntityManager,
  config: HubConfig,
  clock: Clock,
  log: Logger,
  options: { batchSize?: number; stopping?: AbortSignal } = {},
): Promise<number> {
  const { batchSize = DELIVERY_BATCH_SIZE, stopping } = options;
  const started = performance.now();
  const claim = (): Promise<ClaimedBatch> => {
    const now = clock.now();
    const lease = new Date(now.getTime() + leaseMs(config));
    return claimDeliveries(em.fork(), now, lease, batchSize).then((rows) => ({ now, rows }));
  };
  const record = async (finished: RecordedAttempt[]) => {
    try {
      await recordAttempts(em.fork(), clock, finished);
    } catch (error) {
      log.error(
        { err: error, deliveryIds: finished.map(({ claimed }) => claimed.id) },
        'webhook attempts could not be recorded; they are retried when their leases run out',
      );
      return;
    }
    for (const { claimed, outcome } of finished) logAttempt(log, claimed, outcome);
  };
  let handled = 0;
  let recording: Promise<void> = Promise.resolve();
  try {
    let next: Promise<ClaimedBatch> | null = claim();
    while (next) {
      const { now, rows }: ClaimedBatch = await next;
      if (rows.length === 0) break;
      if (stopping?.aborted) {
        // Claimed ahead but not yet sent: hand it straight back rather than hold it to the lease.
        await releaseDeliveries(em.fork(), rows);
        break;
      }
      handled += rows.length;
      const more: boolean = rows.length === batchSize && performance.now() - started < PIPELINE_MS;
      next = more && !stopping?.aborted ? claim() : null;
      // Awaited on the next turn; until then a failed claim must not count as unhandled.
      next?.catch(() => {});
      const finished = await sendBatch(config, now, rows);
      await recording;
      recording = record(finished);
    }
  } finally {
    await recording;
  }
  return handled;
}
