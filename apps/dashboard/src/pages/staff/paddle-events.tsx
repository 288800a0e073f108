import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { DataTable } from '../../components/data-table.tsx';
import { SelectField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useListSearch } from '../../lib/list-search.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { BillingTabs, EventStatusBadge } from './billing-common.tsx';
import { PADDLE_EVENT_STATUSES, type PaddleEventsSearch, paddleEventsInput } from './paddle-events-search.ts';
import { STAFF_BILLING_PAGE_SIZE } from './subscriptions-search.ts';

const route = getRouteApi('/signed-in/staff/subscriptions/events');

/** Families first (a prefix matches the whole family), then the types staff look for most. */
const EVENT_TYPES = [
  'subscription.',
  'transaction.',
  'customer.',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'subscription.past_due',
  'subscription.synced',
  'transaction.completed',
  'transaction.payment_failed',
] as const;

export default function PaddleEventsPage() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const search = route.useSearch();
  const { setFilter, onSearch, paging } = useListSearch(search, route.useNavigate(), STAFF_BILLING_PAGE_SIZE);
  const list = useQuery({
    ...trpc.billingAdmin.events.queryOptions(paddleEventsInput(search)),
    placeholderData: (previous) => previous,
  });

  const filtered = Boolean(search.q || search.status || search.type);

  return (
    <>
      <PageHeader title={t('staffBilling.events.title')} description={t('staffBilling.events.description')} />
      <BillingTabs />
      <div className="filters">
        <SelectField
          label={t('staffBilling.filter.type')}
          value={search.type ?? ''}
          options={[
            { value: '', label: t('staffBilling.filter.any') },
            ...EVENT_TYPES.map((type) => ({
              value: type,
              label: type.endsWith('.')
                ? t('staffBilling.filter.family', { family: type.slice(0, -1) })
                : type,
            })),
          ]}
          onChange={(value) => setFilter({ type: value || undefined })}
        />
        <SelectField
          label={t('staffBilling.filter.status')}
          value={search.status ?? ''}
          options={[
            { value: '', label: t('staffBilling.filter.any') },
            ...PADDLE_EVENT_STATUSES.map((status) => ({
              value: status,
              label: t(`staffBilling.eventStatus.${status}`),
            })),
          ]}
          onChange={(value) => setFilter({ status: (value || undefined) as PaddleEventsSearch['status'] })}
        />
      </div>
      <DataTable
        caption={t('staffBilling.events.title')}
        search={{
          label: t('staffBilling.events.search'),
          value: search.q ?? '',
          onChange: onSearch,
          placeholder: t('staffBilling.events.searchHint'),
        }}
        rows={list.data?.items}
        rowKey={(event) => event.id}
        isLoading={list.isPending}
        error={list.error}
        onRetry={() => list.refetch()}
        emptyMessage={filtered ? t('staffBilling.events.noMatches') : t('staffBilling.events.none')}
        paging={paging(list.data?.total)}
        columns={[
          {
            key: 'received',
            header: t('staffBilling.column.received'),
            cell: (event) => format.dateTime(event.receivedAt),
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
            key: 'entity',
            header: t('staffBilling.column.entity'),
            cell: (event) => (
              <EntityLink entityId={event.entityId} subscriptionId={event.subscriptionPaddleId} />
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
            cell: (event) =>
              event.error ? <span className="text-bad">{event.error}</span> : (event.result ?? '—'),
          },
          {
            key: 'attempts',
            header: t('staffBilling.column.attempts'),
            cell: (event) => format.number(event.attempts),
          },
        ]}
      />
    </>
  );
}

/** The entity an event is about; subscriptions (and a transaction's subscription) link to their page. */
export function EntityLink({
  entityId,
  subscriptionId,
}: {
  entityId: string | null;
  subscriptionId: string | null;
}) {
  const target = entityId?.startsWith('sub_') ? entityId : subscriptionId;
  if (!entityId) return <>—</>;
  if (!target) return <code>{entityId}</code>;
  return (
    <Link to="/staff/subscriptions/$paddleId" params={{ paddleId: target }}>
      <code>{entityId}</code>
    </Link>
  );
}
