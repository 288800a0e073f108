import { createGroupInput } from '@accounts/core/mail/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Badge, PageHeader } from '../../components/page.tsx';
import { ErrorState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSchemaForm } from '../../lib/form.ts';
import { useListSearch } from '../../lib/list-search.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { STAFF_MAIL_PAGE_SIZE } from './mail-accounts-search.ts';
import { MailAddressFields } from './mail-address-fields.tsx';
import { AccountStatus, useQuotaText } from './mail-status.tsx';

const route = getRouteApi('/signed-in/staff/mail');

export default function StaffMailAccountsPage() {
  const { t } = useI18n();
  const quotaText = useQuotaText();
  const trpc = useTRPC();
  const search = route.useSearch();
  const [creating, setCreating] = useState(false);
  const { query, page, setFilter, onSearch, paging } = useListSearch(
    search,
    route.useNavigate(),
    STAFF_MAIL_PAGE_SIZE,
  );
  const accounts = useQuery({
    ...trpc.mailAdmin.searchAccounts.queryOptions({
      query,
      type: search.type,
      limit: STAFF_MAIL_PAGE_SIZE,
      offset: (page - 1) * STAFF_MAIL_PAGE_SIZE,
    }),
    // Keep the current page on screen while the next one loads.
    placeholderData: (previous) => previous,
  });

  return (
    <>
      <PageHeader
        title={t('staffMail.title')}
        description={t('staffMail.description')}
        actions={<Button onClick={() => setCreating(true)}>{t('staffMail.group.create')}</Button>}
      />
      <div className="filters">
        <SelectField
          label={t('staffMail.filter.kind')}
          value={search.type ?? ''}
          options={[
            { value: '', label: t('staffMail.filter.all') },
            { value: 'individual', label: t('staffMail.filter.individual') },
            { value: 'group', label: t('staffMail.filter.group') },
          ]}
          onChange={(value) =>
            setFilter({ type: value === 'individual' || value === 'group' ? value : undefined })
          }
        />
      </div>
      <DataTable
        caption={t('staffMail.caption')}
        search={{
          label: t('staffMail.search'),
          value: query,
          onChange: onSearch,
          placeholder: t('staffMail.searchHint'),
        }}
        rows={accounts.data?.accounts}
        rowKey={(account) => account.name}
        isLoading={accounts.isPending}
        error={accounts.error}
        onRetry={() => accounts.refetch()}
        emptyMessage={query ? t('staffMail.noMatches', { query }) : t('staffMail.none')}
        paging={paging(accounts.data?.total)}
        columns={[
          {
            key: 'name',
            header: t('staffMail.column.account'),
            isRowHeader: true,
            cell: (account) => (
              <Link to="/staff/mail/$name" params={{ name: account.name }}>
                {account.name}
              </Link>
            ),
          },
          {
            key: 'kind',
            header: t('staffMail.column.kind'),
            cell: (account) => <Badge>{t(`staffMail.kind.${account.type}`)}</Badge>,
          },
          {
            key: 'owner',
            header: t('staffMail.column.owner'),
            cell: (account) =>
              account.owner ? (
                <Link to="/staff/users/$userId" params={{ userId: account.owner.userId }}>
                  {account.owner.email}
                </Link>
              ) : (
                <span className="muted">{account.description ?? '—'}</span>
              ),
          },
          {
            key: 'quota',
            header: t('staffMail.column.quota'),
            cell: (account) => quotaText(account.quotaBytes),
          },
          {
            key: 'status',
            header: t('staffMail.column.status'),
            cell: (account) => <AccountStatus account={account} />,
          },
        ]}
      />
      <CreateGroupDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function CreateGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const domains = useQuery({ ...trpc.mailAdmin.domains.queryOptions(), enabled: open });
  const create = useMutation(
    trpc.mailAdmin.createGroup.mutationOptions({
      onSuccess: (account) => {
        queryClient.setQueryData(trpc.mailAdmin.account.queryKey({ name: account.name }), account);
        void queryClient.invalidateQueries({ queryKey: trpc.mailAdmin.searchAccounts.pathKey() });
      },
    }),
  );
  const form = useSchemaForm({
    schema: createGroupInput,
    initialValues: { localPart: '', domain: '', description: '' },
    t,
    onSubmit: async (values) => {
      const domain = values.domain || domains.data?.[0] || '';
      const account = await create.mutateAsync({
        ...values,
        domain,
        description: values.description || null,
      });
      toast.show(t('staffMail.group.created', { name: account.name }));
      form.reset({ localPart: '', domain: '', description: '' });
      onClose();
      await navigate({ to: '/staff/mail/$name', params: { name: account.name } });
    },
  });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('staffMail.group.title')}
      description={t('staffMail.group.description')}
    >
      <form className="form" onSubmit={form.handleSubmit} noValidate>
        <MailAddressFields form={form} domains={domains.data} autoFocus />
        <TextField
          name="description"
          label={t('staffMail.field.description')}
          description={t('staffMail.field.descriptionHint')}
          value={form.values.description ?? ''}
          error={form.errors.description}
          onChange={(value) => form.setValue('description', value)}
          maxLength={200}
        />
        {domains.error ? <ErrorState error={domains.error} /> : null}
        <FormFooter form={form} submitLabel={t('staffMail.group.submit')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
