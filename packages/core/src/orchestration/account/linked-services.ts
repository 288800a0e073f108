/**
 * Read-only summaries of a person's subscription and mailbox for the overview and the staff
 * user view. Billing and mail own those tables; these two small readers are the only place
 * outside those domains that reads them, shaped for what identity's pages show.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PlanEntity } from '../../billing/index.ts';
import { Subscription } from '../../billing/index.ts';
import type { HubConfig } from '../../kernel/config.ts';
import { DirectoryEmail, Mailbox } from '../../mail/index.ts';

export interface SubscriptionSummary {
  id: string;
  status: 'active' | 'canceled' | 'past_due' | 'paused' | 'trialing';
  isActive: boolean;
  planName: string | null;
  currentPeriodEnd: Date | null;
  canceledAt: Date | null;
  /** Paddle's scheduled change (e.g. cancel at period end), when one is pending. */
  scheduledAction: string | null;
  scheduledAt: Date | null;
}

export interface MailboxSummary {
  accountName: string;
  /** The primary address in Stalwart's directory, or null when it has none yet. */
  address: string | null;
  state: 'active' | 'receive-only' | 'inactive';
}

/** The person's current subscription: the active one, else the most recently changed. */
export async function subscriptionSummaryFor(
  em: EntityManager,
  userId: string,
): Promise<SubscriptionSummary | null> {
  const subscription = await em.findOne(
    Subscription,
    { user: userId },
    { populate: ['plan'], orderBy: { isActive: 'desc', updatedAt: 'desc' } },
  );
  if (!subscription) return null;
  const change = subscription.scheduledChange as { action?: unknown; effective_at?: unknown } | null;
  const effectiveAt = typeof change?.effective_at === 'string' ? new Date(change.effective_at) : null;
  return {
    id: subscription.id,
    status: subscription.status,
    isActive: subscription.isActive,
    planName: (subscription.plan as PlanEntity | null | undefined)?.name ?? null,
    currentPeriodEnd: subscription.currentPeriodEnd ?? null,
    canceledAt: subscription.canceledAt ?? null,
    scheduledAction: typeof change?.action === 'string' ? change.action : null,
    scheduledAt: effectiveAt && !Number.isNaN(effectiveAt.getTime()) ? effectiveAt : null,
  };
}

export async function mailboxSummaryFor(
  em: EntityManager,
  _config: HubConfig,
  userId: string,
): Promise<MailboxSummary | null> {
  const mailbox = await em.findOne(Mailbox, { user: userId });
  if (!mailbox) return null;
  const primary = await em.findOne(DirectoryEmail, { name: mailbox.accountName, type: 'primary' });
  return { accountName: mailbox.accountName, address: primary?.address ?? null, state: mailbox.state };
}
