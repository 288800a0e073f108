import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { DataTable } from '../../components/data-table.tsx';
import { SelectField } from '../../components/field.tsx';
import { Badge, PageHeader } from '../../components/page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useListSearch } from '../../lib/list-search.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { BillingTabs, BindingProblemBadge, SubscriptionStatusBadge } from './billing-common.tsx';
import {
  STAFF_BILLING_PAGE_SIZE,
  type StaffSubscriptionsSearch,
  SUBSCRIPTION_STATUSES,
  staffSubscriptionsInput,
} from './subscriptions-search.ts';

const route = getRouteApi('/signed-in/staff/subscriptions');

export default function StaffSubscriptionsPage() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const search = route.useSearch();
  const { setFilter, onSearch, paging } = useListSearch(search, route.useNavigate(), STAFF_BILLING_PAGE_SIZE);
  const list = useQuery({
    ...trpc.billingAdmin.subscriptions.queryOptions(staffSubscriptionsInput(search)),
    placeholderData: (previous) => previous,
  });

  const filtered = Boolean(search.q || search.status || search.flagged);

  return (
    <>
      <PageHeader
        title={t('staffBilling.subscriptions.title')}
        description={t('staffBilling.subscriptions.description')}
      />
      <BillingTabs />
      <div className="filters">
        <SelectField
          label={t('staffBilling.filter.status')}
          value={search.status ?? ''}
          options={[
            { value: '', label: t('staffBilling.filter.any') },
            ...SUBSCRIPTION_STATUSES.map((status) => ({
              value: status,
              label: t(`staffBilling.status.${status}`),
            })),
          ]}
          onChange={(value) =>
            setFilter({ status: (value || undefined) as StaffSubscriptionsSearch['status'] })
          }
        />
        <label className="check">
          <input
            type="checkbox"
            checked={search.flagged ?? false}
            onChange={(event) => setFilter({ flagged: event.target.checked || undefined })}
          />
          {t('staffBilling.filter.flagged')}
        </label>
      </div>
      <DataTable
        caption={t('staffBilling.subscriptions.title')}
        search={{
          label: t('staffBilling.subscriptions.search'),
          value: search.q ?? '',
          onChange: onSearch,
          placeholder: t('staffBilling.subscriptions.searchHint'),
        }}
        rows={list.data?.items}
        rowKey={(row) => row.id}
        isLoading={list.isPending}
        error={list.error}
        onRetry={() => list.refetch()}
        emptyMessage={
          filtered ? t('staffBilling.subscriptions.noMatches') : t('staffBilling.subscriptions.none')
        }
        paging={paging(list.data?.total)}
        columns={[
          {
            key: 'subscription',
            header: t('staffBilling.column.subscription'),
            isRowHeader: true,
            cell: (row) => (
              <Link to="/staff/subscriptions/$paddleId" params={{ paddleId: row.paddleId }}>
                <code>{row.paddleId}</code>
              </Link>
            ),
          },
          {
            key: 'person',
            header: t('staffBilling.column.person'),
            cell: (row) =>
              row.user ? (
                <Link to="/staff/users/$userId" params={{ userId: row.user.id }}>
                  {row.user.email}
                </Link>
              ) : (
                <span className="badges">
                  {row.accountDeletedAt ? (
                    <Badge tone="neutral">{t('staffBilling.deletedAccount')}</Badge>
                  ) : null}
                  {row.bindingProblem ? <BindingProblemBadge problem={row.bindingProblem} /> : null}
                  {row.customer?.email ? <span className="muted">{row.customer.email}</span> : null}
                </span>
              ),
          },
          {
            key: 'plan',
            header: t('staffBilling.column.plan'),
            cell: (row) =>
              row.name && row.name !== row.planName ? (
                <span className="stack-tight">
                  {row.planName ?? '—'}
                  <span className="muted">{t('staffBilling.atPaddle', { name: row.name })}</span>
                </span>
              ) : (
                (row.planName ?? '—')
              ),
          },
          {
            key: 'status',
            header: t('staffBilling.column.status'),
            cell: (row) => (
              <SubscriptionStatusBadge
                status={row.status}
                endsAt={row.accountDeletedAt ? (row.scheduledChange?.effectiveAt ?? null) : null}
              />
            ),
          },
          {
            key: 'periodEnd',
            header: t('staffBilling.column.periodEnd'),
            cell: (row) => (row.currentPeriodEnd ? format.date(row.currentPeriodEnd) : '—'),
          },
          {
            key: 'lastEvent',
            header: t('staffBilling.column.lastEvent'),
            cell: (row) => (row.lastEventAt ? format.dateTime(row.lastEventAt) : '—'),
          },
        ]}
      />
    </>
  );
}
