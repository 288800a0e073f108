import type { EntityManager } from '@mikro-orm/postgresql';
import { queryRows } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { RateLimitBucket } from './entities.ts';

export interface RateLimitRule {
  /** Attempts allowed in one window. */
  limit: number;
  windowSeconds: number;
}

export interface BucketHit {
  key: string;
  rule: RateLimitRule;
}

/**
 * Counts one attempt in each bucket (fixed windows shared by every API process) and answers the
 * seconds to wait when any bucket is now over its limit, else 0. The attempt is counted before
 * anything is checked, in one upsert, so a burst of parallel requests cannot all slip past the
 * limit before the first failure is recorded: the (limit + 1)th concurrent attempt is refused.
 */
export async function countAttempt(em: EntityManager, hits: BucketHit[]): Promise<number> {
  if (hits.length === 0) return 0;
  // On the pool, outside any transaction of the caller: an attempt counts even if that rolls back.
  const rows = await queryRows<{ key: string; hits: number; wait: number }>(
    em,
    sql`insert into rate_limit_buckets (key, hits, reset_at)
     values ${sql.join(hits.map((hit) => sql`(${hit.key}, 1, now() + make_interval(secs => ${hit.rule.windowSeconds}))`))}
     on conflict (key) do update set
       hits = case when rate_limit_buckets.reset_at <= now() then 1 else rate_limit_buckets.hits + 1 end,
       reset_at = case when rate_limit_buckets.reset_at <= now()
         then excluded.reset_at else rate_limit_buckets.reset_at end,
       updated_at = now()
     returning key, hits, greatest(1, ceil(extract(epoch from reset_at - now())))::int as wait`,
  );
  let wait = 0;
  for (const row of rows) {
    const rule = hits.find((hit) => hit.key === row.key)?.rule;
    if (rule && row.hits > rule.limit) wait = Math.max(wait, row.wait);
  }
  return wait;
}

/** Takes back one counted attempt (a success that should not count, e.g. against an address). */
export async function uncountAttempt(em: EntityManager, key: string): Promise<void> {
  await queryRows(
    em,
    sql`update rate_limit_buckets set hits = hits - 1, updated_at = now() where key = ${key} and hits > 0`,
  );
}

export async function clearBucket(em: EntityManager, key: string): Promise<void> {
  await em.nativeDelete(RateLimitBucket, { key });
}

/** Old windows are worthless; a job or the CLI may sweep them. */
export async function deleteExpiredBuckets(em: EntityManager): Promise<number> {
  return em.nativeDelete(RateLimitBucket, { resetAt: { $lt: new Date() } });
}
