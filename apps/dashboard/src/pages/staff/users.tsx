import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { DataTable } from '../../components/data-table.tsx';
import { Badge, PageHeader } from '../../components/page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useListSearch } from '../../lib/list-search.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { CreateUserButton } from './staff-accounts.tsx';
import { STAFF_USERS_PAGE_SIZE } from './users-search.ts';

const route = getRouteApi('/signed-in/staff/users');

export default function StaffUsersPage() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const { query, page, onSearch, paging } = useListSearch(
    route.useSearch(),
    route.useNavigate(),
    STAFF_USERS_PAGE_SIZE,
  );
  const users = useQuery({
    ...trpc.staffUsers.search.queryOptions({ query, page, pageSize: STAFF_USERS_PAGE_SIZE }),
    // Keep the current page on screen while the next one loads.
    placeholderData: (previous) => previous,
  });

  return (
    <>
      <PageHeader
        title={t('staffUsers.title')}
        description={t('staffUsers.description')}
        actions={<CreateUserButton />}
      />
      <DataTable
        caption={t('staffUsers.caption')}
        search={{
          label: t('staffUsers.search'),
          value: query,
          onChange: onSearch,
          placeholder: t('staffUsers.searchHint'),
        }}
        rows={users.data?.items}
        rowKey={(user) => user.id}
        isLoading={users.isPending}
        error={users.error}
        onRetry={() => users.refetch()}
        emptyMessage={query ? t('staffUsers.noMatches', { query }) : t('staffUsers.none')}
        paging={paging(users.data?.total)}
        columns={[
          {
            key: 'email',
            header: t('staffUsers.column.email'),
            isRowHeader: true,
            cell: (user) => (
              <Link to="/staff/users/$userId" params={{ userId: user.id }}>
                {user.email}
              </Link>
            ),
          },
          { key: 'name', header: t('staffUsers.column.name'), cell: (user) => user.displayName ?? '—' },
          {
            key: 'status',
            header: t('staffUsers.column.status'),
            cell: (user) => (
              <span className="badges">
                {user.isActive ? (
                  <Badge tone="good">{t('staffUsers.active')}</Badge>
                ) : (
                  <Badge tone="bad">{t('staffUsers.deactivated')}</Badge>
                )}
                {user.isStaff ? <Badge>{t('common.staff')}</Badge> : null}
              </span>
            ),
          },
          {
            key: 'joined',
            header: t('staffUsers.column.joined'),
            cell: (user) => format.date(user.dateJoined),
          },
          {
            key: 'lastLogin',
            header: t('staffUsers.column.lastLogin'),
            cell: (user) => (user.lastLogin ? format.dateTime(user.lastLogin) : t('common.never')),
          },
        ]}
      />
    </>
  );
}
