import type { AdminSubscriptionDto } from '@accounts/core/billing/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { TextField } from '../../components/field.tsx';
import { Notice } from '../../components/notice.tsx';
import { Badge, Card, Details, PageHeader } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { BindingProblemBadge, EventStatusBadge, SubscriptionStatusBadge } from './billing-common.tsx';
import { subscriptionEventsInput } from './paddle-events-search.ts';

const route = getRouteApi('/signed-in/staff/subscriptions/$paddleId');

export default function StaffSubscriptionPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { paddleId } = route.useParams();
  const detail = useQuery(trpc.billingAdmin.subscription.queryOptions({ paddleId }));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff/subscriptions">{t('staffBilling.back')}</Link>
      </p>
      {detail.data ? (
        <SubscriptionDetail subscription={detail.data} />
      ) : (
        <>
          <PageHeader title={paddleId} />
          {detail.isError ? (
            <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
          ) : (
            <LoadingState />
          )}
        </>
      )}
    </>
  );
}

function SubscriptionDetail({ subscription: sub }: { subscription: AdminSubscriptionDto }) {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [binding, setBinding] = useState(false);
  const eventsInput = subscriptionEventsInput(sub.paddleId);
  const events = useQuery(trpc.billingAdmin.events.queryOptions(eventsInput));
  const date = (value: Date | null) => (value ? format.dateTime(value) : '—');

  /** A changed subscription replaces the cached detail; only the lists that show it go stale. */
  const afterChange = (next: AdminSubscriptionDto) => {
    queryClient.setQueryData(trpc.billingAdmin.subscription.queryKey({ paddleId: next.paddleId }), next);
    void queryClient.invalidateQueries({ queryKey: trpc.billingAdmin.subscriptions.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.billingAdmin.events.pathKey() });
  };
  const resync = useMutation(
    trpc.billingAdmin.resyncSubscription.mutationOptions({
      onSuccess: (next) => {
        afterChange(next);
        toast.show(t('staffBilling.resynced'));
      },
    }),
  );

  const scheduled = sub.scheduledChange
    ? t('staffBilling.scheduled', {
        action: sub.scheduledChange.action,
        date: sub.scheduledChange.effectiveAt ? format.dateTime(sub.scheduledChange.effectiveAt) : '—',
      })
    : '—';

  return (
    <>
      <PageHeader
        title={t('staffBilling.subscription.title', { id: sub.paddleId })}
        description={sub.planName ?? t('staffBilling.noPlan')}
        actions={
          <span className="badges">
            <SubscriptionStatusBadge
              status={sub.status}
              endsAt={sub.accountDeletedAt ? (sub.scheduledChange?.effectiveAt ?? null) : null}
            />
            {sub.accountDeletedAt ? <Badge tone="neutral">{t('staffBilling.deletedAccount')}</Badge> : null}
            {sub.bindingProblem ? <BindingProblemBadge problem={sub.bindingProblem} /> : null}
          </span>
        }
      />
      {sub.accountDeletedAt ? (
        <Notice tone="info">
          {t('staffBilling.deletedNotice', { date: format.date(sub.accountDeletedAt) })}
        </Notice>
      ) : sub.user === null ? (
        <Notice tone="warning">
          {t('staffBilling.unbound')}
          {sub.claimedUserId ? ` ${t('staffBilling.claimed', { id: sub.claimedUserId })}` : ''}
        </Notice>
      ) : null}
      <div className="grid">
        <Card title={t('staffBilling.section.holder')} titleId="subscription-holder">
          <Details
            items={[
              {
                label: t('staffBilling.field.person'),
                value: sub.user ? (
                  <Link to="/staff/users/$userId" params={{ userId: sub.user.id }}>
                    {sub.user.email}
                  </Link>
                ) : sub.accountDeletedAt ? (
                  t('staffBilling.deletedAccount')
                ) : (
                  t('staffBilling.nobody')
                ),
              },
              {
                label: t('staffBilling.field.customer'),
                value: sub.customer ? <code>{sub.customer.paddleId}</code> : '—',
              },
              { label: t('staffBilling.field.customerEmail'), value: sub.customer?.email ?? '—' },
              { label: t('staffBilling.field.customerName'), value: sub.customer?.name ?? '—' },
            ]}
          />
          {sub.user === null && !sub.accountDeletedAt ? (
            <div className="card-actions">
              <Button onClick={() => setBinding(true)}>{t('staffBilling.bind.open')}</Button>
            </div>
          ) : null}
        </Card>

        <Card title={t('staffBilling.section.plan')} titleId="subscription-plan">
          <Details
            items={[
              { label: t('staffBilling.field.plan'), value: sub.planName ?? t('staffBilling.noPlan') },
              { label: t('staffBilling.field.productName'), value: sub.name ?? '—' },
              {
                label: t('staffBilling.field.prices'),
                value: sub.priceIds.length ? <code>{sub.priceIds.join(', ')}</code> : '—',
              },
              {
                label: t('staffBilling.field.grants'),
                // Only a subscription bound to someone grants anything (the entitlement decision).
                value: !sub.isActive
                  ? t('common.no')
                  : sub.user
                    ? t('common.yes')
                    : t(sub.accountDeletedAt ? 'staffBilling.grants.deleted' : 'staffBilling.grants.unbound'),
              },
              { label: t('staffBilling.field.activeSince'), value: date(sub.activeSince) },
              { label: t('staffBilling.field.inactiveSince'), value: date(sub.inactiveSince) },
              { label: t('staffBilling.field.graceSince'), value: date(sub.graceStartedAt) },
              {
                label: t('staffBilling.field.transaction'),
                value: sub.transactionId ? <code>{sub.transactionId}</code> : '—',
              },
            ]}
          />
        </Card>

        <Card title={t('staffBilling.section.periods')} titleId="subscription-periods">
          <Details
            items={[
              { label: t('staffBilling.field.periodStart'), value: date(sub.currentPeriodStart) },
              { label: t('staffBilling.field.periodEnd'), value: date(sub.currentPeriodEnd) },
              { label: t('staffBilling.field.nextBilled'), value: date(sub.nextBilledAt) },
              { label: t('staffBilling.field.scheduled'), value: scheduled },
              { label: t('staffBilling.field.canceledAt'), value: date(sub.canceledAt) },
              { label: t('staffBilling.field.pausedAt'), value: date(sub.pausedAt) },
              { label: t('staffBilling.field.created'), value: date(sub.createdAt) },
            ]}
          />
        </Card>

        <Card title={t('staffBilling.section.sync')} titleId="subscription-sync">
          <Details
            items={[
              { label: t('staffBilling.field.lastEvent'), value: date(sub.lastEventAt) },
              {
                label: t('staffBilling.field.lastEventId'),
                value: sub.lastEventId ? <code>{sub.lastEventId}</code> : '—',
              },
            ]}
          />
          <p className="muted">{t('staffBilling.resync.hint')}</p>
          <Button
            variant="secondary"
            busy={resync.isPending}
            onClick={() => resync.mutate({ paddleId: sub.paddleId })}
          >
            {t('staffBilling.resync')}
          </Button>
          {resync.error ? <ErrorState error={resync.error} /> : null}
        </Card>
      </div>

      <section className="section" aria-labelledby="subscription-events">
        <h2 id="subscription-events">{t('staffBilling.section.events')}</h2>
        <DataTable
          caption={t('staffBilling.section.events')}
          rows={events.data?.items}
          rowKey={(event) => event.id}
          isLoading={events.isPending}
          error={events.error}
          onRetry={() => events.refetch()}
          emptyMessage={t('staffBilling.events.none')}
          columns={[
            {
              key: 'occurred',
              header: t('staffBilling.column.occurred'),
              cell: (event) => format.dateTime(event.occurredAt),
            },
            {
              key: 'type',
              header: t('staffBilling.column.type'),
              isRowHeader: true,
              cell: (event) => (
                <Link to="/staff/subscriptions/events/$eventId" params={{ eventId: event.id }}>
                  {event.eventType}
                </Link>
              ),
            },
            {
              key: 'status',
              header: t('staffBilling.column.status'),
              cell: (event) => <EventStatusBadge status={event.status} />,
            },
            {
              key: 'result',
              header: t('staffBilling.column.result'),
              cell: (event) => event.error ?? event.result ?? '—',
            },
          ]}
        />
      </section>

      <BindDialog open={binding} subscription={sub} onClose={() => setBinding(false)} onBound={afterChange} />
    </>
  );
}

/** Find the person by email, pick them, confirm: a payment is attached to someone only on purpose. */
function BindDialog({
  open,
  subscription,
  onClose,
  onBound,
}: {
  open: boolean;
  subscription: AdminSubscriptionDto;
  onClose: () => void;
  onBound: (next: AdminSubscriptionDto) => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const [text, setText] = useState(subscription.customer?.email ?? '');
  const [query, setQuery] = useState<string | null>(null);
  const [chosen, setChosen] = useState<{ id: string; email: string } | null>(null);
  const people = useQuery({
    ...trpc.staffUsers.search.queryOptions({ query: query ?? '', page: 1, pageSize: 5 }),
    enabled: open && query !== null && query !== '',
  });
  const bind = useMutation(
    trpc.billingAdmin.bindSubscription.mutationOptions({
      onSuccess: (next) => {
        onBound(next);
        toast.show(t('staffBilling.bind.done', { email: next.user?.email ?? '' }));
        close();
      },
    }),
  );
  const close = () => {
    setQuery(null);
    setChosen(null);
    bind.reset();
    onClose();
  };
  const find = (event: FormEvent) => {
    event.preventDefault();
    setChosen(null);
    setQuery(text.trim());
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t('staffBilling.bind.title')}
      description={t('staffBilling.bind.body', { id: subscription.paddleId })}
      actions={
        <>
          <Button variant="secondary" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!chosen}
            busy={bind.isPending}
            onClick={() => chosen && bind.mutate({ subscriptionId: subscription.id, userId: chosen.id })}
          >
            {chosen ? t('staffBilling.bind.confirm', { email: chosen.email }) : t('staffBilling.bind.choose')}
          </Button>
        </>
      }
    >
      <form onSubmit={find} className="bind-search">
        <TextField
          name="person"
          label={t('staffBilling.bind.search')}
          description={t('staffBilling.bind.searchHint')}
          value={text}
          onChange={setText}
          data-autofocus
        />
        <Button type="submit" variant="secondary" busy={people.isFetching}>
          {t('staffBilling.bind.find')}
        </Button>
      </form>
      {people.error ? <ErrorState error={people.error} /> : null}
      {people.data ? (
        people.data.items.length === 0 ? (
          <p className="muted">{t('staffBilling.bind.nobody', { query: query ?? '' })}</p>
        ) : (
          <fieldset className="pick">
            <legend className="field-label">{t('staffBilling.bind.pick')}</legend>
            <ul className="pick-list">
              {people.data.items.map((person) => (
                <li key={person.id}>
                  <label>
                    <input
                      type="radio"
                      name="bind-person"
                      checked={chosen?.id === person.id}
                      onChange={() => setChosen({ id: person.id, email: person.email })}
                    />
                    <span>
                      {person.email}
                      {person.displayName ? <span className="muted"> · {person.displayName}</span> : null}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )
      ) : null}
      {chosen ? (
        <Notice tone="warning">{t('staffBilling.bind.warning', { email: chosen.email })}</Notice>
      ) : null}
      {bind.error ? <ErrorState error={bind.error} /> : null}
    </Dialog>
  );
}
