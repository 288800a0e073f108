import type { EntityManager, MikroORM, PostgreSqlConnection } from '@mikro-orm/postgresql';

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
  const connection = em.getConnection();
  const [deliveries, due, retrying, events, paddle] = await Promise.all([
    connection.execute<{ status: string; n: number }[]>(
      'select status, count(*)::int as n from webhook_deliveries group by status',
    ),
    connection.execute<{ n: number }[]>(
      "select count(*)::int as n from webhook_deliveries where status = 'pending' and (next_attempt_at is null or next_attempt_at <= now())",
    ),
    connection.execute<{ n: number }[]>(
      "select count(*)::int as n from webhook_deliveries where status = 'pending' and attempts > 0",
    ),
    connection.execute<{ n: number }[]>(
      'select count(*)::int as n from outbox_events where dispatched_at is null',
    ),
    connection.execute<{ status: string; n: number }[]>(
      'select status, count(*)::int as n from paddle_events group by status',
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

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export async function readPoolStats(orm: MikroORM): Promise<PoolStats> {
  const pool = await (orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
  return {
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 0,
  };
}
