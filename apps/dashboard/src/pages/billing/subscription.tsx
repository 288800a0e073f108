import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { CheckoutPanel } from './checkout-panel.tsx';
import { PlanList } from './plan-list.tsx';
import { SubscriptionCard } from './subscription-card.tsx';
import { useCheckout } from './use-checkout.ts';

/** A person's subscription: the card, the plans, and Paddle's checkout with its pending state. */
export default function SubscriptionPage() {
  const { t, language } = useI18n();
  const trpc = useTRPC();
  const card = useQuery(trpc.billing.subscription.queryOptions());
  const settings = useQuery(trpc.billing.checkout.queryOptions());
  const checkout = useCheckout(settings.data, language);
  // One checkout at a time: while one is open or awaited, the plan buttons wait too.
  const busy = checkout.phase.kind !== 'idle' && checkout.phase.kind !== 'done';

  return (
    <>
      <PageHeader title={t('subscription.title')} description={t('subscription.description')} />
      <div className="stack billing">
        <CheckoutPanel
          checkout={checkout}
          email={settings.data?.email ?? ''}
          environment={settings.data?.environment}
        />
        {card.data ? (
          <SubscriptionCard card={card.data} />
        ) : card.isError ? (
          <ErrorState error={card.error} onRetry={() => card.refetch()} />
        ) : (
          <LoadingState />
        )}
        {settings.data ? (
          <PlanList
            settings={settings.data}
            currentPlanId={
              card.data && card.data.state !== 'lapsed' ? (card.data.subscription?.planId ?? null) : null
            }
            busy={busy}
            onChoose={(plan) => void checkout.start(plan)}
          />
        ) : settings.isError ? (
          <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
        ) : (
          <LoadingState />
        )}
      </div>
    </>
  );
}
