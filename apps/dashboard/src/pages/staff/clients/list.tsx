import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../../components/button.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { PageHeader } from '../../../components/page.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useListSearch } from '../../../lib/list-search.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { ClientBadges } from './client-badges.tsx';
import { CreateClientForm } from './create-client-form.tsx';
import { STAFF_CLIENTS_PAGE_SIZE } from './list-search.ts';

const route = getRouteApi('/signed-in/staff/clients');

export default function StaffClientsPage() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const { query, page, onSearch, paging } = useListSearch(
    route.useSearch(),
    route.useNavigate(),
    STAFF_CLIENTS_PAGE_SIZE,
  );
  const clients = useQuery({
    ...trpc.clients.list.queryOptions({ search: query, page, pageSize: STAFF_CLIENTS_PAGE_SIZE }),
    placeholderData: (previous) => previous,
  });

  return (
    <>
      <PageHeader
        title={t('nav.staff.clients')}
        description={t('clients.description')}
        actions={<Button onClick={() => setCreating(true)}>{t('clients.create')}</Button>}
      />
      <DataTable
        caption={t('nav.staff.clients')}
        search={{
          label: t('clients.search'),
          value: query,
          onChange: onSearch,
          placeholder: t('clients.searchHint'),
        }}
        rows={clients.data?.items}
        rowKey={(client) => client.id}
        isLoading={clients.isPending}
        error={clients.error}
        onRetry={() => clients.refetch()}
        emptyMessage={query ? t('clients.noMatches', { query }) : t('clients.none')}
        paging={paging(clients.data?.total)}
        columns={[
          {
            key: 'name',
            header: t('clients.column.name'),
            isRowHeader: true,
            cell: (client) => (
              <>
                <Link to="/staff/clients/$clientId" params={{ clientId: client.id }}>
                  {client.name}
                </Link>
                {client.description ? <span className="cell-note">{client.description}</span> : null}
              </>
            ),
          },
          {
            key: 'status',
            header: t('clients.column.status'),
            cell: (client) => <ClientBadges isActive={client.isActive} isFirstParty={client.isFirstParty} />,
          },
          {
            key: 'environments',
            header: t('clients.column.environments'),
            cell: (client) => format.number(client.environmentCount),
          },
          {
            key: 'contacts',
            header: t('clients.column.contacts'),
            cell: (client) => format.number(client.contactCount),
          },
          {
            key: 'created',
            header: t('clients.column.created'),
            cell: (client) => format.date(client.createdAt),
          },
        ]}
      />
      <Dialog
        open={creating}
        onClose={() => setCreating(false)}
        title={t('clients.createTitle')}
        description={t('clients.createIntro')}
      >
        <CreateClientForm onCancel={() => setCreating(false)} />
      </Dialog>
    </>
  );
}
