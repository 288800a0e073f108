import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type PoolStats, poolStats, queryRows } from '../../kernel/db/runner.ts';
import { sql } from '../../kernel/db/sql.ts';

export interface OperationalStats {
  webhookDeliveries: Record<'pending' | 'succeeded' | 'failed', number>;
  /** Pending deliveries whose next attempt is due now: the delivery queue's real backlog. */
  webhookDeliveriesDue: number;
  /** Pending deliveries whose attempts so far failed: receivers in trouble, before they fail for good. */
  webhookDeliveriesRetrying: number;
  undispatchedEvents: number;
  paddleEvents: Record<'received' | 'applied' | 'skipped' | 'failed', number>;
}

/**
 * Queue depths and outcomes read from the database, so every API and worker process reports the
 * same numbers no matter which of them did the work. Cheap: counts on indexed status columns.
 */
export async function readOperationalStats(em: EntityManager): Promise<OperationalStats> {
  const [deliveries, due, retrying, events, paddle] = await Promise.all([
    queryRows<{ status: string; n: number }>(
      em,
      sql`select status, count(*)::int as n from webhook_deliveries group by status`,
    ),
    queryRows<{ n: number }>(
      em,
      sql`select count(*)::int as n from webhook_deliveries where status = 'pending' and (next_attempt_at is null or next_attempt_at <= now())`,
    ),
    queryRows<{ n: number }>(
      em,
      sql`select count(*)::int as n from webhook_deliveries where status = 'pending' and attempts > 0`,
    ),
    queryRows<{ n: number }>(
      em,
      sql`select count(*)::int as n from outbox_events where dispatched_at is null`,
    ),
    queryRows<{ status: string; n: number }>(
      em,
      sql`select status, count(*)::int as n from paddle_events group by status`,
    ),
  ]);
  const byStatus = <K extends string>(rows: { status: string; n: number }[], keys: readonly K[]) =>
    Object.fromEntries(keys.map((key) => [key, rows.find((row) => row.status === key)?.n ?? 0])) as Record<
      K,
      number
    >;
  return {
    webhookDeliveries: byStatus(deliveries, ['pending', 'succeeded', 'failed'] as const),
    webhookDeliveriesDue: due[0]?.n ?? 0,
    webhookDeliveriesRetrying: retrying[0]?.n ?? 0,
    undispatchedEvents: events[0]?.n ?? 0,
    paddleEvents: byStatus(paddle, ['received', 'applied', 'skipped', 'failed'] as const),
  };
}

/** The process's connection pool, for the metrics. */
export function readPoolStats(orm: MikroORM): Promise<PoolStats> {
  return poolStats(orm.em);
}
