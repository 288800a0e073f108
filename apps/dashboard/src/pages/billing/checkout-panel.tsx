import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Button } from '../../components/button.tsx';
import { Notice } from '../../components/notice.tsx';
import { Card } from '../../components/page.tsx';
import { ErrorState } from '../../components/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import type { useCheckout } from './use-checkout.ts';

type Checkout = ReturnType<typeof useCheckout>;

function Waiting({ text, hint }: { text: string; hint: string }) {
  return (
    <div className="checkout-waiting">
      <p role="status" className="checkout-status">
        <span className="spinner" aria-hidden="true" />
        {text}
      </p>
      <p className="muted">{hint}</p>
    </div>
  );
}

/**
 * Right after activation: paying does not pick an address (it is the person's to choose), so a
 * plan with a mailbox leads straight to choosing it. Asked only once the plan is active.
 */
function ChooseAddressNext() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const mail = useQuery(trpc.mail.overview.queryOptions());
  if (!mail.data?.canChooseAddress) return null;
  return (
    <Notice tone="info">
      {t('subscription.checkout.chooseAddress')}{' '}
      <Link to="/mail" className="button button-primary">
        {t('subscription.checkout.chooseAddressLink')}
      </Link>
    </Notice>
  );
}

/**
 * The checkout as it goes: Paddle.js loading, Paddle's window open, a payment waiting for
 * Paddle's webhook, and how it ended. Every state says in words what is happening.
 */
export function CheckoutPanel({
  checkout,
  email,
  environment,
}: {
  checkout: Checkout;
  email: string;
  environment: 'sandbox' | 'production' | undefined;
}) {
  const { t } = useI18n();
  const { phase } = checkout;
  if (phase.kind === 'idle') return null;
  const plan = phase.plan.name;

  let body: ReactNode;
  let actions: ReactNode = null;
  if (phase.kind === 'opening' || phase.kind === 'open') {
    body = (
      <p role="status" className="checkout-status">
        <span className="spinner" aria-hidden="true" />
        {phase.kind === 'opening'
          ? t('subscription.checkout.opening', { plan })
          : t('subscription.checkout.open', { plan })}
      </p>
    );
  } else if (phase.kind === 'unavailable' || phase.kind === 'pending') {
    const command = `pnpm paddle:simulate subscription.created --user ${email} --plan "${plan}"`;
    body = (
      <>
        {phase.kind === 'unavailable' ? (
          <Notice tone="error" role="alert">
            {t('subscription.checkout.unavailable', { plan })}
          </Notice>
        ) : null}
        {checkout.gaveUp ? (
          <Notice tone="info" role="status">
            {t('subscription.checkout.slow')}
          </Notice>
        ) : phase.kind === 'pending' ? (
          <Waiting text={t('subscription.checkout.pending')} hint={t('subscription.checkout.pendingHint')} />
        ) : (
          <Waiting
            text={t('subscription.checkout.watching', { plan })}
            hint={t('subscription.checkout.watchingHint')}
          />
        )}
        {phase.kind === 'unavailable' && environment === 'sandbox' ? (
          <p className="muted dev-hint">
            {t('subscription.checkout.devHint')} <code>{command}</code>
          </p>
        ) : null}
        {checkout.statusError ? <ErrorState error={checkout.statusError} /> : null}
      </>
    );
    actions = (
      <>
        {phase.kind === 'unavailable' ? (
          <Button variant="secondary" onClick={() => window.location.reload()}>
            {t('subscription.checkout.retry')}
          </Button>
        ) : null}
        {checkout.gaveUp ? (
          <Button variant="secondary" onClick={checkout.checkAgain}>
            {t('subscription.checkout.checkAgain')}
          </Button>
        ) : null}
        <Button variant="ghost" onClick={checkout.dismiss}>
          {t('subscription.checkout.dismiss')}
        </Button>
      </>
    );
  } else {
    const text =
      phase.outcome === 'active'
        ? t('subscription.checkout.active', { plan })
        : phase.outcome === 'failed'
          ? t('subscription.checkout.failed', { plan })
          : t('subscription.checkout.review');
    body = (
      <>
        <Notice role="status" tone={phase.outcome === 'active' ? 'success' : 'warning'}>
          {text}
        </Notice>
        {phase.outcome === 'active' ? <ChooseAddressNext /> : null}
      </>
    );
    actions = (
      <Button variant="secondary" onClick={checkout.dismiss}>
        {t('subscription.checkout.close')}
      </Button>
    );
  }

  return (
    <Card title={t('subscription.checkout.title')} titleId="checkout-title">
      {body}
      {actions ? <div className="action-list card-actions">{actions}</div> : null}
    </Card>
  );
}
