import { Badge } from '../../components/page.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { useI18n, useT } from '../../i18n/index.tsx';
import type { TranslationKey } from '../../i18n/translate.ts';

/** The staff billing pages (subscriptions, Paddle events, plans) share one navigation entry; these tabs switch between them. */
export function BillingTabs() {
  const t = useT();
  return (
    <Tabs
      label={t('staffBilling.tabs')}
      items={[
        { to: '/staff/subscriptions', label: t('staffBilling.tab.subscriptions') },
        { to: '/staff/subscriptions/events', label: t('staffBilling.tab.events') },
        { to: '/staff/subscriptions/plans', label: t('staffBilling.tab.plans') },
      ]}
    />
  );
}

const STATUS_TONE: Record<string, 'good' | 'warn' | 'bad'> = {
  active: 'good',
  trialing: 'good',
  past_due: 'warn',
  paused: 'warn',
  canceled: 'bad',
};

/** Paddle's status; a subscription left by a deleted account shows when it runs out instead of "Active". */
export function SubscriptionStatusBadge({
  status,
  endsAt,
}: {
  status: string;
  endsAt?: string | Date | null;
}) {
  const { t, format } = useI18n();
  if (endsAt && status !== 'canceled') {
    return <Badge tone="neutral">{t('staffBilling.status.ending', { date: format.date(endsAt) })}</Badge>;
  }
  const key = `staffBilling.status.${status}` as TranslationKey;
  return <Badge tone={STATUS_TONE[status] ?? 'warn'}>{STATUS_TONE[status] ? t(key) : status}</Badge>;
}

const EVENT_TONE = { received: 'neutral', applied: 'good', skipped: 'neutral', failed: 'bad' } as const;

export function EventStatusBadge({ status }: { status: keyof typeof EVENT_TONE }) {
  const t = useT();
  return <Badge tone={EVENT_TONE[status]}>{t(`staffBilling.eventStatus.${status}`)}</Badge>;
}

export function BindingProblemBadge({ problem }: { problem: 'missing' | 'forged' | 'unknown-user' }) {
  const t = useT();
  return <Badge tone="bad">{t(`staffBilling.binding.${problem}`)}</Badge>;
}
