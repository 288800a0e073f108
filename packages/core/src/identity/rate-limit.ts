import type { EntityManager } from '@mikro-orm/postgresql';
import { RateLimitBucket } from './entities.ts';

export interface RateLimitRule {
  /** Failures allowed in one window. */
  limit: number;
  windowSeconds: number;
}

/** Seconds until the bucket allows another attempt, or 0 when it does now. */
export async function retryAfterSeconds(
  em: EntityManager,
  key: string,
  rule: RateLimitRule,
): Promise<number> {
  const bucket = await em.findOne(RateLimitBucket, { key }, { refresh: true });
  if (!bucket) return 0;
  const remainingMs = bucket.resetAt.getTime() - Date.now();
  if (remainingMs <= 0 || bucket.hits < rule.limit) return 0;
  return Math.max(1, Math.ceil(remainingMs / 1000));
}

/**
 * Counts one hit in a fixed window shared by every API process: a single upsert, so concurrent
 * attempts all count.
 */
export async function recordHit(em: EntityManager, key: string, rule: RateLimitRule): Promise<number> {
  const rows = await em.getConnection().execute<{ hits: number }[]>(
    `insert into rate_limit_buckets (key, hits, reset_at)
     values (?, 1, now() + make_interval(secs => ?))
     on conflict (key) do update set
       hits = case when rate_limit_buckets.reset_at <= now() then 1 else rate_limit_buckets.hits + 1 end,
       reset_at = case when rate_limit_buckets.reset_at <= now()
         then now() + make_interval(secs => ?) else rate_limit_buckets.reset_at end,
       updated_at = now()
     returning hits`,
    [key, rule.windowSeconds, rule.windowSeconds],
  );
  return rows[0]?.hits ?? 1;
}

export async function clearBucket(em: EntityManager, key: string): Promise<void> {
  await em.nativeDelete(RateLimitBucket, { key });
}

/** Old windows are worthless; a job or the CLI may sweep them. */
export async function deleteExpiredBuckets(em: EntityManager): Promise<number> {
  return em.nativeDelete(RateLimitBucket, { resetAt: { $lt: new Date() } });
}
