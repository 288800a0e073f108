import type { Hub } from '../kernel/context.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import type { Job } from '../kernel/jobs.ts';
import { refreshLifecycle } from './apply-event.ts';
import { Subscription } from './entities.ts';
import { applyEntitlements } from './entitlements.ts';
import { APPLY_BATCH, processPaddleEvents } from './paddle-webhooks.ts';
import { applyQueuedEntitlements } from './plan-refresh.ts';

/**
 * Applies stored Paddle events, one batch (APPLY_BATCH events, one transaction) per run: under a
 * steady stream of webhooks this is what applies them; the API applies in-process only when idle.
 */
export const paddleEventsJob: Job = {
  name: 'paddle-events',
  idleMs: 2000,
  runOnce: (hub) => processPaddleEvents(hub, APPLY_BATCH),
};

/**
 * Deactivates past_due and paused subscriptions whose grace period has run out. Each one is
 * claimed with a try-lock on its Paddle id (the lock the webhook path takes), so two workers never
 * handle the same one and a worker never waits behind a webhook being applied.
 */
export async function expireGracePeriods(hub: Hub, now: Date = new Date(), batch = 50): Promise<number> {
  const cutoff = new Date(now.getTime() - hub.config.paddle.graceDays * 86_400_000);
  const candidates = await hub.orm.em
    .fork()
    .find(
      Subscription,
      { isActive: true, status: { $in: ['past_due', 'paused'] }, graceStartedAt: { $lte: cutoff } },
      { fields: ['id', 'paddleId'], limit: batch, orderBy: { graceStartedAt: 'asc' } },
    );
  let handled = 0;
  for (const candidate of candidates) {
    const done = await hub.orm.em.fork().transactional(async (em) => {
      const [lock] = await query<{ locked: boolean }>(
        em,
        sql`select pg_try_advisory_xact_lock(hashtextextended(${`paddle:${candidate.paddleId}`}, 0)) as locked`,
      );
      if (!lock?.locked) return false;
      const subscription = await em.findOneOrFail(
        Subscription,
        { id: candidate.id },
        { populate: ['user'], refresh: true },
      );
      await refreshLifecycle(em, hub, subscription, now);
      await em.flush();
      if (subscription.user) await applyEntitlements(em, hub, subscription.user.id);
      await em.flush();
      return true;
    });
    if (done) handled += 1;
  }
  return handled;
}

export const graceDeadlinesJob: Job = {
  name: 'billing-grace-deadlines',
  idleMs: 60_000,
  runOnce: (hub) => expireGracePeriods(hub),
};

/** People queued by a staff edit of their plan (plan-refresh.ts); the API kicks it after the edit. */
export const entitlementRefreshJob: Job = {
  name: 'billing-entitlement-refresh',
  idleMs: 5000,
  runOnce: (hub) => applyQueuedEntitlements(hub, 100),
};
