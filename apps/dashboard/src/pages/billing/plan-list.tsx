import type { CheckoutSettingsDto } from '@accounts/core/billing/browser';
import { Button } from '../../components/button.tsx';
import { Notice } from '../../components/notice.tsx';
import { Badge } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { type I18n, useI18n } from '../../i18n/index.tsx';
import { planText } from '../../lib/plan-text.ts';
import type { CheckoutPlan } from './use-checkout.ts';

type Plan = CheckoutSettingsDto['plans'][number];

export function priceText({ t, format }: I18n, amount: number, currency: string, interval: 'month' | 'year') {
  const price = format.money(amount, currency);
  return interval === 'year' ? t('subscription.per.year', { price }) : t('subscription.per.month', { price });
}

function features(i18n: I18n, plan: Plan): string[] {
  const { t, format } = i18n;
  const list: string[] = [];
  if (plan.mailboxQuotaBytes > 0)
    list.push(t('subscription.feature.quota', { size: format.bytes(plan.mailboxQuotaBytes) }));
  if (plan.maxAliases > 0) list.push(t('subscription.feature.aliases', { count: plan.maxAliases }));
  if (plan.maxAppPasswords > 0)
    list.push(t('subscription.feature.appPasswords', { count: plan.maxAppPasswords }));
  if (plan.maxCustomDomains > 0)
    list.push(t('subscription.feature.domains', { count: plan.maxCustomDomains }));
  if (plan.clients.length > 0) {
    const apps = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
      plan.clients.map((c) => c.name),
    );
    list.push(t('subscription.feature.apps', { apps }));
  }
  return list;
}

/** The plans on sale, each with its price, features and a button that opens Paddle's checkout. */
export function PlanList({
  settings,
  currentPlanId,
  busy,
  onChoose,
}: {
  settings: CheckoutSettingsDto;
  currentPlanId: string | null;
  busy: boolean;
  onChoose: (plan: CheckoutPlan) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const configured = Boolean(settings.clientToken);
  return (
    <section className="section-plain" aria-labelledby="plans-title">
      <h2 id="plans-title" className="section-title">
        {t('subscription.plans.title')}
      </h2>
      {!configured ? (
        <Notice tone="warning">{t('subscription.plans.notConfigured')}</Notice>
      ) : settings.hasActivePlan ? (
        <Notice tone="info">{t('subscription.plans.changeInPortal')}</Notice>
      ) : null}
      {settings.plans.length === 0 ? (
        <EmptyState title={t('subscription.plans.none')} />
      ) : (
        <ul className="plan-grid">
          {settings.plans.map((plan) => {
            const current = plan.id === currentPlanId;
            const titleId = `plan-${plan.id}`;
            const text = planText(plan, i18n.language);
            return (
              <li key={plan.id} className={`plan${current ? ' plan-current' : ''}`}>
                <div className="plan-head">
                  <h3 id={titleId} className="plan-name">
                    {text.name}
                  </h3>
                  {current ? <Badge tone="good">{t('subscription.plans.current')}</Badge> : null}
                </div>
                <p className="plan-price">
                  {priceText(i18n, plan.priceAmount, plan.currency, plan.billingInterval)}
                </p>
                {text.description ? <p className="muted">{text.description}</p> : null}
                <ul className="plan-features" aria-label={t('subscription.features', { plan: text.name })}>
                  {features(i18n, plan).map((feature) => (
                    <li key={feature}>{feature}</li>
                  ))}
                </ul>
                {current || settings.hasActivePlan ? null : (
                  <Button
                    className="plan-choose"
                    disabled={!configured || busy || !plan.checkoutPriceId}
                    onClick={() =>
                      onChoose({ id: plan.id, name: text.name, checkoutPriceId: plan.checkoutPriceId })
                    }
                  >
                    {t('subscription.plans.choose', { plan: text.name })}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
