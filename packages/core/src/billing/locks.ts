import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';

/**
 * Serializes work on one Paddle entity or one person across every process, for the rest of the
 * current transaction. Lock order is always entity first, then user, so two workers cannot wait
 * on each other.
 */
export async function lockKey(em: EntityManager, key: string): Promise<void> {
  await query(em, sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
