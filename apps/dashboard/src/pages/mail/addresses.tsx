import { aliasInput } from '@accounts/core/mail/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Email } from '../../components/email.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Notice } from '../../components/notice.tsx';
import { Badge, Card } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSchemaForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Allowance, MailFrame, useMailOverview } from './frame.tsx';

function useAddresses() {
  const trpc = useTRPC();
  return useQuery(trpc.mail.addresses.queryOptions());
}
type Address = NonNullable<ReturnType<typeof useAddresses>['data']>[number];

/** The server's order: the mailbox's own addresses first, then aliases, catch-alls, lists. */
const KIND_ORDER: readonly Address['kind'][] = ['primary', 'automatic', 'alias', 'catch-all', 'list'];
function sortAddresses(rows: Address[]): Address[] {
  return [...rows].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.address.localeCompare(b.address),
  );
}

const KIND_TONE = {
  primary: 'good',
  automatic: 'neutral',
  alias: 'neutral',
  'catch-all': 'warn',
  list: 'neutral',
} as const;

export default function AddressesPage() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const overview = useMailOverview();
  const addresses = useAddresses();
  const domains = useQuery(trpc.mail.domains.queryOptions());
  const [removing, setRemoving] = useState<Address | null>(null);

  const limit = overview.data?.entitlements?.maxAliases ?? 0;
  const used = addresses.data?.filter((row) => row.kind === 'alias').length ?? 0;
  const active = overview.data?.mailbox?.state === 'active';
  const choices = [
    ...(overview.data?.domains ?? []),
    ...(domains.data?.filter((domain) => domain.verified).map((domain) => domain.domain) ?? []),
  ];

  return (
    <MailFrame title={t('mail.addresses.title')} description={t('mail.addresses.description')}>
      <div className="stack">
        <Card title={t('mail.addresses.add.title')} titleId="alias-add">
          {addresses.data ? (
            <Allowance used={used} limit={limit} text={t('mail.addresses.allowance', { used, limit })} />
          ) : null}
          {!active ? (
            <Notice tone="warning">{t('mail.addresses.notActive')}</Notice>
          ) : addresses.data && used >= limit ? (
            <Notice tone="warning">
              {limit === 0 ? t('mail.addresses.noneIncluded') : t('mail.addresses.atLimit')}
            </Notice>
          ) : choices.length > 0 ? (
            <AddAliasForm domains={choices} />
          ) : null}
        </Card>

        <section aria-labelledby="address-list">
          <h2 id="address-list" className="section-title">
            {t('mail.addresses.list.title')}
          </h2>
          <DataTable
            caption={t('mail.addresses.list.title')}
            rows={addresses.data}
            rowKey={(row) => row.address}
            isLoading={addresses.isPending}
            error={addresses.error}
            onRetry={() => addresses.refetch()}
            emptyMessage={t('mail.addresses.list.empty')}
            columns={[
              {
                key: 'address',
                header: t('mail.addresses.column.address'),
                isRowHeader: true,
                cell: (row) =>
                  row.kind === 'catch-all' ? (
                    t('mail.addresses.catchAllAddress', { domain: row.address.slice(1) })
                  ) : (
                    <code>
                      <Email value={row.address} />
                    </code>
                  ),
              },
              {
                key: 'kind',
                header: t('mail.addresses.column.kind'),
                cell: (row) => (
                  <Badge tone={KIND_TONE[row.kind]}>{t(`mail.addresses.kind.${row.kind}`)}</Badge>
                ),
              },
              {
                key: 'added',
                header: t('mail.addresses.column.added'),
                cell: (row) => format.date(row.createdAt),
              },
              {
                key: 'actions',
                header: t('mail.column.actions'),
                cell: (row) =>
                  row.kind === 'alias' ? (
                    <Button
                      variant="secondary"
                      className="button-small"
                      aria-label={t('mail.addresses.removeLabel', { address: row.address })}
                      onClick={() => setRemoving(row)}
                    >
                      {t('mail.addresses.remove')}
                    </Button>
                  ) : (
                    <span className="muted small">{t(`mail.addresses.kindNote.${row.kind}`)}</span>
                  ),
              },
            ]}
          />
        </section>
      </div>
      <RemoveAliasDialog address={removing} onClose={() => setRemoving(null)} />
    </MailFrame>
  );
}

function AddAliasForm({ domains }: { domains: string[] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const add = useMutation(
    trpc.mail.addAlias.mutationOptions({
      onSuccess: (row) =>
        queryClient.setQueryData(trpc.mail.addresses.queryKey(), (rows) =>
          rows ? sortAddresses([...rows, row]) : rows,
        ),
    }),
  );
  const form = useSchemaForm({
    schema: aliasInput,
    initialValues: { localPart: '', domain: domains[0] ?? '' },
    t,
    onSubmit: async (values) => {
      const row = await add.mutateAsync(values);
      form.reset({ localPart: '', domain: values.domain });
      toast.show(t('mail.addresses.added', { address: row.address }));
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <div className="address-fields">
        <TextField
          name="localPart"
          label={t('mail.addresses.localPart')}
          value={form.values.localPart}
          error={form.errors.localPart}
          onChange={(value) => form.setValue('localPart', value)}
          maxLength={64}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <span className="address-at" aria-hidden="true">
          @
        </span>
        <SelectField
          name="domain"
          label={t('mail.addresses.domain')}
          value={form.values.domain}
          error={form.errors.domain}
          options={domains.map((domain) => ({ value: domain, label: domain }))}
          onChange={(value) => form.setValue('domain', value)}
        />
      </div>
      <p className="muted small">{t('mail.addresses.rules')}</p>
      <FormFooter form={form} submitLabel={t('mail.addresses.add.submit')} />
    </form>
  );
}

function RemoveAliasDialog({ address, onClose }: { address: Address | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(
    trpc.mail.removeAlias.mutationOptions({
      onSuccess: (_answer, input) =>
        queryClient.setQueryData(trpc.mail.addresses.queryKey(), (rows) =>
          rows?.filter((row) => row.address !== input.address),
        ),
    }),
  );
  return (
    <ConfirmDialog
      open={address !== null}
      title={address ? t('mail.addresses.remove.title', { address: address.address }) : ''}
      confirmLabel={t('mail.addresses.remove')}
      tone="danger"
      onClose={onClose}
      onConfirm={async () => {
        if (!address) return;
        await remove.mutateAsync({ address: address.address });
        toast.show(t('mail.addresses.remove.done', { address: address.address }));
      }}
    >
      <p>{t('mail.addresses.remove.body')}</p>
    </ConfirmDialog>
  );
}
