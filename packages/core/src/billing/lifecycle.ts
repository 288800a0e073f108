import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../kernel/config.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import type { SubscriptionStatus } from './paddle-events.ts';

type Stage = 'good' | 'lapsing' | 'ended';

const stageOf = (status: string): Stage | null =>
  status === 'active' || status === 'trialing'
    ? 'good'
    : status === 'past_due' || status === 'paused'
      ? 'lapsing'
      : status === 'canceled'
        ? 'ended'
        : null;

export interface LifecycleInput {
  paddleId: string;
  status: SubscriptionStatus;
  /** Order key and time of the newest applied event; history newer than it is not yet applied. */
  lastEventKey?: string | null;
  lastEventAt?: Date | null;
  canceledAt?: Date | null;
}

export interface Lifecycle {
  isActive: boolean;
  activeSince: Date | null;
  inactiveSince: Date | null;
  graceStartedAt: Date | null;
  /** When a lapsing subscription loses its features, if it has not yet. */
  graceEndsAt: Date | null;
}

export interface HistoryRow {
  occurred_at: Date | string;
  entity_status: string | null;
}

/**
 * Derives whether a subscription grants features, and since when, from the stored history of its
 * events up to the newest applied one. Because it reads the whole stored history rather than the
 * previous row, the result depends only on which events exist, never on the order they arrived.
 */
export async function deriveLifecycle(
  em: EntityManager,
  config: HubConfig,
  input: LifecycleInput,
  now: Date = new Date(),
): Promise<Lifecycle> {
  const history = input.lastEventKey
    ? await query<HistoryRow>(
        em,
        sql`select occurred_at, entity_status from paddle_events
          where entity_id = ${input.paddleId} and event_type like 'subscription.%' and order_key <= ${input.lastEventKey}
          order by order_key desc`,
      )
    : [];
  return lifecycleFromHistory(config, input, history, now);
}

/**
 * deriveLifecycle over history already read: the subscription's `subscription.*` events up to its
 * newest applied one, newest first (apply-event.ts reads a whole batch's histories at once).
 */
export function lifecycleFromHistory(
  config: HubConfig,
  input: LifecycleInput,
  history: readonly HistoryRow[],
  now: Date,
): Lifecycle {
  const stage = stageOf(input.status)!;
  const startOfRun = (accepts: (stage: Stage) => boolean): Date | null => {
    let start: Date | null = input.lastEventAt ?? null;
    for (const row of history) {
      const rowStage = row.entity_status ? stageOf(row.entity_status) : null;
      if (!rowStage) continue;
      if (!accepts(rowStage)) break;
      start = new Date(row.occurred_at);
    }
    return start;
  };

  if (stage === 'ended') {
    return {
      isActive: false,
      activeSince: null,
      inactiveSince: input.canceledAt ?? startOfRun((s) => s === 'ended'),
      graceStartedAt: null,
      graceEndsAt: null,
    };
  }
  const activeSince = startOfRun((s) => s !== 'ended');
  if (stage === 'good') {
    return { isActive: true, activeSince, inactiveSince: null, graceStartedAt: null, graceEndsAt: null };
  }
  const graceStartedAt = startOfRun((s) => s === 'lapsing') ?? now;
  const graceEndsAt = new Date(graceStartedAt.getTime() + config.paddle.graceDays * 86_400_000);
  const inGrace = now < graceEndsAt;
  return {
    isActive: inGrace,
    activeSince: inGrace ? activeSince : null,
    inactiveSince: inGrace ? null : graceEndsAt,
    graceStartedAt,
    graceEndsAt,
  };
}
