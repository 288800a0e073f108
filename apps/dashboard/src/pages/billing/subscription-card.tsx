import type { SubscriptionCardDto } from '@accounts/core/billing/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ExternalLink } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Notice, noticeTone } from '../../components/notice.tsx';
import { Badge, Card, Details } from '../../components/page.tsx';
import { EmptyState, ErrorState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { present, type Subscription } from './billing-states.ts';
import { priceText } from './plan-list.tsx';

export function SubscriptionCard({ card }: { card: SubscriptionCardDto }) {
  const i18n = useI18n();
  const { t, format } = i18n;
  const sub = card.subscription;
  if (!sub) {
    return (
      <Card title={t('subscription.card.title')} titleId="subscription-card">
        <EmptyState title={t('subscription.card.none')}>{t('subscription.card.noneHint')}</EmptyState>
      </Card>
    );
  }
  const look = present(card, sub, i18n);
  const rows: { label: string; value: ReactNode }[] = [
    { label: t('subscription.card.status'), value: <Badge tone={look.tone}>{t(look.badge)}</Badge> },
  ];
  // Paddle's product names: what the invoices say, when it differs from the plan's name here.
  if (sub.name && sub.name !== sub.planName)
    rows.push({ label: t('subscription.card.product'), value: sub.name });
  if (sub.priceAmount !== null && sub.currency && sub.billingInterval) {
    rows.push({
      label: t('subscription.card.price'),
      value: priceText(i18n, sub.priceAmount, sub.currency, sub.billingInterval),
    });
  }
  if (look.dateLabel && look.date) rows.push({ label: t(look.dateLabel), value: format.date(look.date) });

  return (
    <Card title={t('subscription.card.title')} titleId="subscription-card">
      <p className="big">{sub.planName ?? t('subscription.card.unknownPlan')}</p>
      {look.note ? <Notice tone={noticeTone(look.tone)}>{look.note}</Notice> : null}
      <Details items={rows} />
      <SubscriptionActions card={card} sub={sub} />
    </Card>
  );
}

function SubscriptionActions({ card, sub }: { card: SubscriptionCardDto; sub: Subscription }) {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);

  const afterChange = (next: SubscriptionCardDto) => {
    queryClient.setQueryData(trpc.billing.subscription.queryKey(), next);
    // The overview mentions a scheduled end; nothing else depends on it.
    void queryClient.invalidateQueries({ queryKey: trpc.profile.overview.queryKey() });
  };
  const cancel = useMutation(
    trpc.billing.cancel.mutationOptions({
      onSuccess: (next) => {
        afterChange(next);
        setConfirming(false);
        const ends = next.subscription?.endsAt ?? next.subscription?.currentPeriodEnd;
        toast.show(
          ends ? t('subscription.canceled', { date: format.date(ends) }) : t('subscription.canceledNoDate'),
        );
      },
    }),
  );
  const resume = useMutation(
    trpc.billing.resume.mutationOptions({
      onSuccess: (next) => {
        afterChange(next);
        toast.show(t('subscription.resumed'));
      },
    }),
  );
  const portal = useMutation(trpc.billing.portal.mutationOptions());
  // Paddle's portal opens in a new tab, so the dashboard stays where it was. The tab is opened
  // in the click itself (a tab opened after the request returns would be blocked as a pop-up)
  // and sent to the portal once its link is known; without a tab, this one goes there.
  const openPortal = () => {
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    portal.mutate(undefined, {
      onSuccess: (link) => {
        const target =
          card.state === 'grace' && link.updatePaymentMethodUrl ? link.updatePaymentMethodUrl : link.url;
        if (tab && !tab.closed) tab.location.href = target;
        else window.location.assign(target);
      },
      onError: () => tab?.close(),
    });
  };

  const running = sub.status !== 'canceled' && card.state !== 'lapsed';
  const canCancel = running && !sub.cancelAtPeriodEnd && !sub.planUnknown;
  const ends = sub.endsAt ?? sub.currentPeriodEnd;

  return (
    <>
      <div className="action-list card-actions">
        {sub.cancelAtPeriodEnd && running ? (
          <Button busy={resume.isPending} onClick={() => resume.mutate({ subscriptionId: sub.id })}>
            {t('subscription.action.resume')}
          </Button>
        ) : null}
        {card.canOpenPortal ? (
          <Button
            variant={card.state === 'grace' ? 'primary' : 'secondary'}
            busy={portal.isPending}
            onClick={openPortal}
          >
            {card.state === 'grace'
              ? t('subscription.action.updatePayment')
              : t('subscription.action.portal')}
            <ExternalLink className="icon" aria-hidden="true" />
            <span className="visually-hidden"> ({t('subscription.portal.newTab')})</span>
          </Button>
        ) : null}
        {canCancel ? (
          <Button variant="ghost" onClick={() => setConfirming(true)}>
            {t('subscription.action.cancel')}
          </Button>
        ) : null}
      </div>
      {portal.isPending ? (
        <p className="muted" role="status">
          {t('subscription.portal.opening')}
        </p>
      ) : null}
      {resume.error ? <ErrorState error={resume.error} /> : null}
      {portal.error ? <ErrorState error={portal.error} /> : null}

      <Dialog
        open={confirming}
        onClose={() => {
          cancel.reset();
          setConfirming(false);
        }}
        title={t('subscription.cancel.title')}
        actions={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)} data-autofocus>
              {t('subscription.cancel.keep')}
            </Button>
            <Button
              variant="danger"
              busy={cancel.isPending}
              onClick={() => cancel.mutate({ subscriptionId: sub.id })}
            >
              {t('subscription.cancel.confirm')}
            </Button>
          </>
        }
      >
        <p>
          {ends
            ? t('subscription.cancel.body', { date: format.date(ends) })
            : t('subscription.cancel.bodyNoDate')}
        </p>
        <p>{t('subscription.cancel.after')}</p>
        {cancel.error ? <ErrorState error={cancel.error} /> : null}
      </Dialog>
    </>
  );
}
