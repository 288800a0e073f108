import type { EntityManager } from '@mikro-orm/postgresql';
import { command, query, queryRows } from '../kernel/db/runner.ts';
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

/**
 * Growing delays (sign-in): the first `free` attempts cost nothing; after n ≥ free counted
 * attempts the next one waits `baseSeconds · 2^(n − free)` after the last, at most `maxSeconds`.
 * A bucket with no counted attempt for `forgetSeconds` starts again from nothing.
 */
export interface DelayPolicy {
  free: number;
  baseSeconds: number;
  maxSeconds: number;
  forgetSeconds: number;
}

/** Seconds to wait after the last of `attempts` counted attempts before the next is checked. */
export function delayAfter(policy: DelayPolicy, attempts: number): number {
  if (attempts < policy.free) return 0;
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(attempts - policy.free, 30));
}

export interface DelayBucket {
  key: string;
  policy: DelayPolicy;
}

/** A bucket's counted attempts as of `now` (0 once forgotten), as `admitAttempt` saw them. */
export type BucketCounts = Map<string, number>;

/**
 * Admits one attempt against every bucket, or answers the seconds to wait. The buckets are locked
 * (in key order, so concurrent attempts cannot deadlock), read, and either all counted or none:
 * a burst of parallel attempts is serialised, so no more than a policy allows are ever checked.
 * `adjust` may tighten a bucket's policy from what the others hold (e.g. an account under attack).
 * `now` comes from the caller's clock.
 */
export async function admitAttempt(
  em: EntityManager,
  buckets: DelayBucket[],
  now: Date,
  adjust: (bucket: DelayBucket, counts: BucketCounts) => DelayPolicy = (bucket) => bucket.policy,
): Promise<number> {
  const sorted = [...buckets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const keys = sorted.map((bucket) => bucket.key);
  return em.transactional(async (tx) => {
    await command(
      tx,
      sql`insert into rate_limit_buckets (key, hits, reset_at)
       values ${sql.join(keys.map((key) => sql`(${key}, 0, ${now.toISOString()}::timestamptz)`))}
       on conflict (key) do nothing`,
    );
    const rows = await query<{ key: string; hits: number; reset_at: Date | string }>(
      tx,
      sql`select key, hits, reset_at from rate_limit_buckets where key in (${sql.join(keys)}) order by key for update`,
    );
    const counts: BucketCounts = new Map();
    const lastAt = new Map<string, number>();
    for (const bucket of sorted) {
      const row = rows.find((found) => found.key === bucket.key);
      const resetAt = row ? new Date(row.reset_at).getTime() : 0;
      const live = row !== undefined && resetAt > now.getTime();
      counts.set(bucket.key, live ? row.hits : 0);
      lastAt.set(bucket.key, resetAt - bucket.policy.forgetSeconds * 1000);
    }
    let wait = 0;
    for (const bucket of sorted) {
      const attempts = counts.get(bucket.key)!;
      const delay = delayAfter(adjust(bucket, counts), attempts);
      if (delay === 0) continue;
      const due = lastAt.get(bucket.key)! + delay * 1000;
      wait = Math.max(wait, Math.ceil((due - now.getTime()) / 1000));
    }
    if (wait > 0) return wait;
    const counted = sorted.map(
      (bucket) =>
        sql`(${bucket.key}, ${counts.get(bucket.key)! + 1}::int, ${new Date(now.getTime() + bucket.policy.forgetSeconds * 1000).toISOString()}::timestamptz)`,
    );
    await command(
      tx,
      sql`update rate_limit_buckets set hits = counted.hits, reset_at = counted.reset_at, updated_at = now()
       from (values ${sql.join(counted)}) as counted (key, hits, reset_at)
       where rate_limit_buckets.key = counted.key`,
    );
    return 0;
  });
}

/** Takes one counted attempt back from each bucket (a success that should not count there). */
export async function uncountAttempt(em: EntityManager, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await queryRows(
    em,
    sql`update rate_limit_buckets set hits = hits - 1, updated_at = now() where key in (${sql.join(keys)}) and hits > 0`,
  );
}

export async function clearBucket(em: EntityManager, ...keys: string[]): Promise<void> {
  await em.nativeDelete(RateLimitBucket, { key: { $in: keys } });
}

/** Old windows are worthless; a job or the CLI may sweep them. */
export async function deleteExpiredBuckets(em: EntityManager): Promise<number> {
  return em.nativeDelete(RateLimitBucket, { resetAt: { $lt: new Date() } });
}
