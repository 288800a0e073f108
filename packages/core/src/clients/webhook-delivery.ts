import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../config.ts';
import type { Logger } from '../context.ts';
import { openText } from '../crypto/sealed-box.ts';
import { runWithRequestId } from '../system/correlation.ts';
import type { Clock } from './clock.ts';
import { ClientWebhook, WebhookDelivery } from './entities.ts';
import { webhookSecretContext } from './registry.ts';
import { signWebhook } from './webhook-signing.ts';
import { postWebhook } from './webhook-targets.ts';

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

/** A lease outlives any attempt (the timeout bounds it) by a wide margin for the database writes. */
export function leaseMs(config: HubConfig): number {
  return config.webhooks.timeoutMs + 10_000;
}

interface ClaimedRow {
  id: string;
  locked_until: Date;
  /** The request that emitted the event, so every log line about this delivery names it. */
  request_id: string | null;
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
): Promise<ClaimedRow[]> {
  return em.execute<ClaimedRow[]>(
    `with candidates as (
       select d.id from webhook_deliveries d
         join outbox_events e on e.id = d.event_id
        where d.status = 'pending'
          and d.next_attempt_at <= ?
          and (d.locked_until is null or d.locked_until <= ?)
          and not exists (
            select 1 from webhook_deliveries earlier
              join outbox_events earlier_event on earlier_event.id = earlier.event_id
             where earlier.webhook_id = d.webhook_id
               and earlier.user_id = d.user_id
               and earlier.status = 'pending'
               and earlier_event.sequence < e.sequence)
        order by e.sequence
        limit ?
        for update of d skip locked)
     update webhook_deliveries d set locked_until = ?
       from candidates where d.id = candidates.id
     returning d.id, d.locked_until,
       (select e.request_id from outbox_events e where e.id = d.event_id) as request_id`,
    [now, now, limit, lease],
  );
}

export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** Not worth retrying: the delivery fails now and the webhook's health is not affected. */
  permanent?: boolean;
}

/** Sends one claimed delivery and records the attempt. */
export async function deliverClaimed(
  em: EntityManager,
  config: HubConfig,
  clock: Clock,
  log: Logger,
  claimed: ClaimedRow,
): Promise<AttemptOutcome> {
  const fork = em.fork();
  const delivery = await fork.findOne(WebhookDelivery, claimed.id, {
    populate: [
      'event',
      'webhook',
      'webhook.secret',
      'webhook.previousSecret',
      'webhook.clientEnvironment.client',
    ],
  });
  // Deleted with its webhook since it was claimed: nothing left to do.
  if (!delivery)
    return { statusCode: null, latencyMs: 0, error: 'the delivery no longer exists', permanent: true };
  const webhook = delivery.webhook;
  const environment = webhook.clientEnvironment;
  const now = clock.now();
  let outcome: AttemptOutcome;
  if (!webhook.isActive || !environment.isActive || !environment.client.isActive) {
    outcome = {
      statusCode: null,
      latencyMs: 0,
      error: 'not sent: the webhook, its environment or its client is inactive',
      permanent: true,
    };
  } else {
    outcome = await send(config, now, delivery.event.id, delivery.event.payload, webhook);
  }
  await recordAttempt(fork, clock, claimed, delivery.attempts, webhook.id, outcome);
  log[outcome.error ? 'warn' : 'debug'](
    {
      deliveryId: delivery.id,
      eventId: delivery.event.id,
      requestId: delivery.event.requestId ?? undefined,
      webhookId: webhook.id,
      attempt: delivery.attempts + 1,
      statusCode: outcome.statusCode,
      latencyMs: outcome.latencyMs,
      error: outcome.error,
    },
    outcome.error ? 'webhook attempt failed' : 'webhook delivered',
  );
  return outcome;
}

async function send(
  config: HubConfig,
  now: Date,
  eventId: string,
  payload: Record<string, unknown>,
  webhook: {
    id: string;
    webhookUrl: string;
    secret: Uint8Array;
    previousSecret?: Uint8Array | null;
    previousSecretExpiresAt?: Date | null;
  },
): Promise<AttemptOutcome> {
  let secrets: string[];
  try {
    const context = webhookSecretContext(webhook.id);
    secrets = [openText(config.encryptionKeys, Buffer.from(webhook.secret), context)];
    if (webhook.previousSecret && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > now) {
      secrets.push(openText(config.encryptionKeys, Buffer.from(webhook.previousSecret), context));
    }
  } catch {
    return {
      statusCode: null,
      latencyMs: 0,
      error: 'the signing secret cannot be opened with the configured keys',
    };
  }
  const body = JSON.stringify(payload);
  // The signed timestamp is the real time: receivers compare it with their own clocks.
  const headers = signWebhook(secrets, eventId, Math.floor(Date.now() / 1000), body);
  return postWebhook({
    url: webhook.webhookUrl,
    headers: { ...headers },
    body,
    timeoutMs: config.webhooks.timeoutMs,
    allowPrivateTargets: config.webhooks.allowPrivateTargets,
  });
}

async function recordAttempt(
  em: EntityManager,
  clock: Clock,
  claimed: ClaimedRow,
  previousAttempts: number,
  webhookId: string,
  outcome: AttemptOutcome,
): Promise<void> {
  const now = clock.now();
  const attempt = previousAttempts + 1;
  const succeeded = outcome.error === null;
  const failed = !succeeded && (outcome.permanent === true || attempt >= MAX_ATTEMPTS);
  const nextAttemptAt = succeeded || failed ? null : new Date(now.getTime() + RETRY_DELAYS_MS[attempt - 1]!);
  await em.transactional(async (tx) => {
    await tx.execute(
      `insert into webhook_delivery_attempts (delivery_id, attempt, status_code, latency_ms, error)
       values (?, ?, ?, ?, ?)`,
      [claimed.id, attempt, outcome.statusCode, outcome.latencyMs, outcome.error],
    );
    // Only the holder of the lease moves the delivery on; if the lease ran out and another worker
    // took over, that worker's attempt decides.
    await tx.execute(
      `update webhook_deliveries
          set attempts = attempts + 1, status = ?, next_attempt_at = ?, locked_until = null,
              last_status_code = ?, last_error = ?, last_latency_ms = ?,
              delivered_at = case when ? then ? else delivered_at end, updated_at = ?
        where id = ? and status = 'pending' and locked_until = ?`,
      [
        succeeded ? 'succeeded' : failed ? 'failed' : 'pending',
        nextAttemptAt,
        outcome.statusCode,
        outcome.error,
        outcome.latencyMs,
        succeeded,
        now,
        now,
        claimed.id,
        claimed.locked_until,
      ],
    );
    if (succeeded) {
      await tx.nativeUpdate(ClientWebhook, { id: webhookId }, { consecutiveFailures: 0, failingSince: null });
    } else if (!outcome.permanent) {
      await tx.execute(
        `update client_webhooks set consecutive_failures = consecutive_failures + 1,
                failing_since = coalesce(failing_since, ?) where id = ?`,
        [now, webhookId],
      );
    }
  });
}

/** One batch: claim what is due and send it, in parallel across people and webhooks. */
export async function deliverDueWebhooks(
  em: EntityManager,
  config: HubConfig,
  clock: Clock,
  log: Logger,
  batchSize = 20,
): Promise<number> {
  const now = clock.now();
  const lease = new Date(now.getTime() + leaseMs(config));
  const claimed = await claimDeliveries(em.fork(), now, lease, batchSize);
  const results = await Promise.allSettled(
    claimed.map((row) => runWithRequestId(row.request_id, () => deliverClaimed(em, config, clock, log, row))),
  );
  for (const [index, result] of results.entries()) {
    // Its lease runs out and another run retries it; one failure must not hide the others.
    if (result.status === 'rejected') {
      const row = claimed[index];
      runWithRequestId(row?.request_id, () =>
        log.error({ err: result.reason, deliveryId: row?.id }, 'webhook delivery could not be recorded'),
      );
    }
  }
  return claimed.length;
}
