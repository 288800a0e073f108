import type { SubscriptionCardDto } from '@accounts/core/billing/browser';
import type { Formatters } from '../../i18n/format.ts';
import type { Translate, TranslationKey } from '../../i18n/translate.ts';

// The subscription page's decisions, as plain functions: how each state is shown, and how often
// the page asks whether a payment has landed.

export type Subscription = NonNullable<SubscriptionCardDto['subscription']>;

interface Presentation {
  badge: TranslationKey;
  tone: 'good' | 'warn' | 'bad';
  note: string | null;
  dateLabel: TranslationKey | null;
  date: Date | null;
}

/** One place decides how each state looks: badge, explanation, and which date matters. */
export function present(
  card: SubscriptionCardDto,
  sub: Subscription,
  { t, format }: { t: Translate; format: Formatters },
): Presentation {
  if (sub.planUnknown) {
    return {
      badge: 'subscription.badge.review',
      tone: 'warn',
      note: t('subscription.note.unknownPlan'),
      dateLabel: null,
      date: null,
    };
  }
  if (card.state === 'lapsed') {
    return {
      badge: 'subscription.badge.lapsed',
      tone: 'bad',
      note: t('subscription.note.lapsed'),
      dateLabel: 'subscription.card.ended',
      date: sub.canceledAt ?? sub.currentPeriodEnd,
    };
  }
  if (card.state === 'grace') {
    const until = sub.graceEndsAt;
    const paused = sub.status === 'paused';
    const note = paused
      ? until
        ? t('subscription.note.paused', { date: format.date(until) })
        : t('subscription.note.pausedNoDate')
      : until
        ? t('subscription.note.pastDue', { date: format.date(until) })
        : t('subscription.note.pastDueNoDate');
    return {
      badge: paused ? 'subscription.badge.paused' : 'subscription.badge.pastDue',
      tone: 'warn',
      note,
      dateLabel: until ? 'subscription.card.graceEnds' : null,
      date: until,
    };
  }
  if (sub.cancelAtPeriodEnd) {
    const ends = sub.endsAt ?? sub.currentPeriodEnd;
    return {
      badge: 'subscription.badge.ending',
      tone: 'warn',
      note: ends ? t('subscription.note.ending', { date: format.date(ends) }) : null,
      dateLabel: 'subscription.card.ends',
      date: ends,
    };
  }
  return {
    badge: sub.status === 'trialing' ? 'subscription.badge.trialing' : 'subscription.badge.active',
    tone: 'good',
    note: null,
    dateLabel: sub.renewsAt ? 'subscription.card.renews' : null,
    date: sub.renewsAt,
  };
}

/** Quick polls while a webhook normally lands (seconds), then gentler ones; give up after a while. */
const FAST_POLL_MS = 2_000;
const SLOW_POLL_MS = 10_000;
const FAST_FOR_MS = 2 * 60_000;
export const GIVE_UP_AFTER_MS = 15 * 60_000;

export function pollInterval(since: number, now = Date.now()): number | false {
  const waited = now - since;
  if (waited >= GIVE_UP_AFTER_MS) return false;
  return waited < FAST_FOR_MS ? FAST_POLL_MS : SLOW_POLL_MS;
}
