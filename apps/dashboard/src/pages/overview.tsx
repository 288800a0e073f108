import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { AppWindow, BellRing, CreditCard, Mail, ShieldCheck, UserRound } from 'lucide-react';
import type { ReactNode } from 'react';
import { Avatar } from '../components/avatar.tsx';
import { Email } from '../components/email.tsx';
import { Badge, Card, Details, PageHeader } from '../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { type I18n, useI18n } from '../i18n/index.tsx';
import { browserTimeZone } from '../i18n/language.ts';
import { planText } from '../lib/plan-text.ts';
import { useTRPC } from '../lib/trpc.ts';

type Overview = NonNullable<ReturnType<typeof useOverview>['data']>;
type Person = NonNullable<ReturnType<typeof usePerson>['data']>;

function usePerson() {
  const trpc = useTRPC();
  return useQuery(trpc.me.get.queryOptions());
}

function useOverview() {
  const trpc = useTRPC();
  return useQuery(trpc.profile.overview.queryOptions());
}

interface Attention {
  key: string;
  tone: 'warn' | 'info';
  text: string;
  link: ReactNode;
}

/** What the person should look at, derived only from what the hub knows. */
function attentionItems(person: Person, overview: Overview, { t, format }: I18n): Attention[] {
  const items: Attention[] = [];
  const { subscription, mailbox } = overview;
  const toSubscription = <Link to="/subscription">{t('overview.attention.openSubscription')}</Link>;
  if (subscription?.status === 'past_due') {
    items.push({
      key: 'past-due',
      tone: 'warn',
      text: t('overview.attention.pastDue'),
      link: toSubscription,
    });
  } else if (subscription?.status === 'paused') {
    items.push({ key: 'paused', tone: 'warn', text: t('overview.attention.paused'), link: toSubscription });
  } else if (subscription?.scheduledAction === 'cancel' && subscription.scheduledAt) {
    items.push({
      key: 'ends',
      tone: 'info',
      text: t('overview.attention.ends', { date: format.date(subscription.scheduledAt) }),
      link: toSubscription,
    });
  }
  // Paying does not pick an address for the person: it is theirs to choose, right after.
  if (overview.plan?.includesMailbox && !mailbox) {
    items.push({
      key: 'choose-address',
      tone: 'info',
      text: t('overview.attention.chooseAddress'),
      link: <Link to="/mail">{t('overview.attention.openChooseAddress')}</Link>,
    });
  }
  if (mailbox && mailbox.state !== 'active') {
    items.push({
      key: 'mailbox',
      tone: 'warn',
      text: t(
        mailbox.state === 'receive-only'
          ? 'overview.attention.receiveOnly'
          : 'overview.attention.mailboxInactive',
      ),
      link: <Link to="/mail">{t('overview.attention.openMail')}</Link>,
    });
  }
  if (!person.displayName) {
    items.push({
      key: 'name',
      tone: 'info',
      text: t('overview.attention.noName'),
      link: <Link to="/profile">{t('overview.attention.openProfile')}</Link>,
    });
  }
  const deviceZone = browserTimeZone();
  if (deviceZone !== person.timezone) {
    items.push({
      key: 'timezone',
      tone: 'info',
      text: t('overview.attention.timezone', { zone: person.timezone, device: deviceZone }),
      link: <Link to="/profile">{t('overview.attention.openProfile')}</Link>,
    });
  }
  return items;
}

export default function OverviewPage() {
  const i18n = useI18n();
  const { t, format } = i18n;
  const person = usePerson();
  const overview = useOverview();

  if (!person.data) return <LoadingState />;
  const me = person.data;
  const name = me.displayName ?? me.email;

  return (
    <>
      <PageHeader title={t('overview.title')} description={t('overview.greeting', { name })} />
      {/* At a glance, in this order: who am I, my plan, my mailbox, my security. */}
      <div className="grid overview-grid">
        <Card title={t('overview.account.title')} titleId="overview-account" icon={UserRound}>
          <div className="person">
            <Avatar person={me} size={48} />
            <div>
              <p className="person-name">{name}</p>
              <p className="muted">
                <Email value={me.email} />
              </p>
            </div>
          </div>
          <Details
            items={[
              { label: t('overview.account.joined'), value: format.date(me.dateJoined) },
              ...(me.isStaff
                ? [{ label: t('overview.account.role'), value: <Badge>{t('common.staff')}</Badge> }]
                : []),
            ]}
          />
          <p className="card-actions">
            <Link to="/profile">{t('overview.account.edit')}</Link>
          </p>
        </Card>

        {overview.isError ? (
          <div className="grid-wide">
            <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
          </div>
        ) : !overview.data ? (
          <div className="grid-wide">
            <LoadingState />
          </div>
        ) : (
          <OverviewCards person={me} overview={overview.data} i18n={i18n} />
        )}
      </div>
    </>
  );
}

function OverviewCards({ person, overview, i18n }: { person: Person; overview: Overview; i18n: I18n }) {
  const { t } = i18n;
  const attention = attentionItems(person, overview, i18n);
  return (
    <>
      <Card title={t('overview.plan.title')} titleId="overview-plan" icon={CreditCard}>
        {overview.plan ? (
          <>
            <p className="big">{planText(overview.plan, i18n.language).name}</p>
            {planText(overview.plan, i18n.language).description ? (
              <p className="muted">{planText(overview.plan, i18n.language).description}</p>
            ) : null}
            <p className="card-actions">
              <Link to="/subscription">{t('overview.plan.manage')}</Link>
            </p>
          </>
        ) : (
          <EmptyState title={t('overview.plan.none')}>
            <Link to="/subscription">{t('overview.plan.choose')}</Link>
          </EmptyState>
        )}
      </Card>

      <Card title={t('overview.mailbox.title')} titleId="overview-mailbox" icon={Mail}>
        {overview.mailbox ? (
          <>
            <p className="big">
              <Email value={overview.mailbox.address ?? overview.mailbox.accountName} />
            </p>
            <Badge tone={overview.mailbox.state === 'active' ? 'good' : 'warn'}>
              {t(`overview.mailbox.state.${overview.mailbox.state}`)}
            </Badge>
            <p className="card-actions">
              <Link to="/mail">{t('overview.mailbox.manage')}</Link>
            </p>
          </>
        ) : (
          <EmptyState title={t('overview.mailbox.none')}>
            <Link to="/mail">
              {t(overview.plan?.includesMailbox ? 'overview.mailbox.choose' : 'overview.mailbox.about')}
            </Link>
          </EmptyState>
        )}
      </Card>

      <Card title={t('overview.security.title')} titleId="overview-security" icon={ShieldCheck}>
        <Details
          items={[
            {
              label: t('overview.security.method'),
              value: t(person.hasMozillaAccount ? 'overview.security.mozilla' : 'overview.security.password'),
            },
            {
              label: t('overview.account.lastLogin'),
              value: person.lastLogin ? i18n.format.dateTime(person.lastLogin) : t('common.never'),
            },
          ]}
        />
        <p className="card-actions">
          <Link to="/security">{t('overview.security.review')}</Link>
        </p>
      </Card>

      <Card title={t('overview.attention.title')} titleId="overview-attention" icon={BellRing}>
        {attention.length === 0 ? (
          <p className="muted">{t('overview.attention.none')}</p>
        ) : (
          <ul className="attention-list">
            {attention.map((item) => (
              <li key={item.key} className={`attention attention-${item.tone}`}>
                <span>{item.text}</span> {item.link}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('overview.services.title')} titleId="overview-services" icon={AppWindow}>
        {overview.includedServices.length === 0 && overview.connectedApps.length === 0 ? (
          <p className="muted">{t('overview.services.none')}</p>
        ) : (
          <>
            {overview.includedServices.length > 0 ? (
              <>
                <h3 className="subheading">{t('overview.services.included')}</h3>
                <ul className="plain-list">
                  {overview.includedServices.map((service) => (
                    <li key={service.id}>
                      {/* A service that registered where it lives is one click away; https only (clients/urls.ts). */}
                      {service.launchUrl ? (
                        <a href={service.launchUrl} rel="noopener">
                          <strong>{service.name}</strong>
                        </a>
                      ) : (
                        <strong>{service.name}</strong>
                      )}
                      {service.description ? <span className="muted"> — {service.description}</span> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {overview.connectedApps.length > 0 ? (
              <>
                <h3 className="subheading">{t('overview.services.used')}</h3>
                <ul className="plain-list">
                  {overview.connectedApps.map((app) => (
                    <li key={app.clientId}>
                      <strong>{app.name}</strong>{' '}
                      <span className="muted">
                        {t('overview.services.lastUsed', { date: i18n.format.dateTime(app.lastSeenAt) })}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
