import { appPasswordCreateInput } from '@accounts/core/mail/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { CopyableValue, CopyButton } from '../../components/copy-button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { TextField } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Notice } from '../../components/notice.tsx';
import { Card, Details } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSchemaForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Allowance, MailFrame, useMailOverview } from './frame.tsx';

/** Labels are checked again by the server (no $, printable); this is its length limit. */
const LABEL_MAX = 64;

function useAppPasswords() {
  const trpc = useTRPC();
  return useQuery(trpc.mail.appPasswords.queryOptions());
}
type AppPassword = NonNullable<ReturnType<typeof useAppPasswords>['data']>[number];
interface Created {
  label: string;
  password: string;
}

export default function AppPasswordsPage() {
  const { t, format } = useI18n();
  const overview = useMailOverview();
  const list = useAppPasswords();
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<AppPassword | null>(null);
  const address = overview.data?.mailbox?.address ?? '';
  const limit = overview.data?.entitlements?.maxAppPasswords ?? 0;
  const used = list.data?.length ?? 0;
  const active = overview.data?.mailbox?.state === 'active';

  return (
    <MailFrame title={t('mail.appPasswords.title')} description={t('mail.appPasswords.description')}>
      <div className="stack">
        <Card title={t('mail.appPasswords.create.title')} titleId="app-password-create">
          {list.data ? (
            <Allowance used={used} limit={limit} text={t('mail.appPasswords.allowance', { used, limit })} />
          ) : null}
          {!active ? (
            <Notice tone="warning">{t('mail.appPasswords.notActive')}</Notice>
          ) : list.data && used >= limit ? (
            <Notice tone="warning">
              {limit === 0 ? t('mail.appPasswords.noneIncluded') : t('mail.appPasswords.atLimit')}
            </Notice>
          ) : (
            <CreateForm onCreated={setCreated} />
          )}
        </Card>

        <section aria-labelledby="app-password-list">
          <h2 id="app-password-list" className="section-title">
            {t('mail.appPasswords.list.title')}
          </h2>
          <DataTable
            caption={t('mail.appPasswords.list.title')}
            rows={list.data}
            rowKey={(row) => row.id}
            isLoading={list.isPending}
            error={list.error}
            onRetry={() => list.refetch()}
            emptyMessage={t('mail.appPasswords.list.empty')}
            emptyHint={t('mail.appPasswords.list.emptyHint')}
            columns={[
              {
                key: 'label',
                header: t('mail.appPasswords.column.label'),
                isRowHeader: true,
                cell: (row) => row.label,
              },
              {
                key: 'created',
                header: t('mail.appPasswords.column.created'),
                cell: (row) => format.dateTime(row.createdAt),
              },
              {
                key: 'lastUsed',
                header: t('mail.appPasswords.column.lastUsed'),
                cell: (row) =>
                  row.lastUsedAt ? (
                    format.dateTime(row.lastUsedAt)
                  ) : (
                    <span className="muted">{t('mail.appPasswords.lastUsedUnknown')}</span>
                  ),
              },
              {
                key: 'actions',
                header: t('mail.column.actions'),
                cell: (row) => (
                  <Button
                    variant="secondary"
                    className="button-small"
                    aria-label={t('mail.appPasswords.revokeLabel', { label: row.label })}
                    onClick={() => setRevoking(row)}
                  >
                    {t('mail.appPasswords.revoke')}
                  </Button>
                ),
              },
            ]}
          />
          <p className="muted small">{t('mail.appPasswords.lastUsedNote')}</p>
        </section>
      </div>

      <CreatedDialog created={created} address={address} onClose={() => setCreated(null)} />
      <RevokeDialog appPassword={revoking} onClose={() => setRevoking(null)} />
    </MailFrame>
  );
}

function CreateForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.mail.createAppPassword.mutationOptions({
      onSuccess: ({ password: _secret, ...row }) =>
        // The list gains the new row; the password itself never enters the cache.
        queryClient.setQueryData(trpc.mail.appPasswords.queryKey(), (rows) => (rows ? [...rows, row] : rows)),
    }),
  );
  const form = useSchemaForm({
    schema: appPasswordCreateInput,
    initialValues: { label: '' },
    t,
    onSubmit: async (values) => {
      const result = await create.mutateAsync(values);
      form.reset({ label: '' });
      onCreated({ label: result.label, password: result.password });
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <TextField
        name="label"
        label={t('mail.appPasswords.label')}
        description={t('mail.appPasswords.labelHint')}
        value={form.values.label}
        error={form.errors.label}
        onChange={(value) => form.setValue('label', value)}
        maxLength={LABEL_MAX}
        autoComplete="off"
      />
      <FormFooter form={form} submitLabel={t('mail.appPasswords.create.submit')} />
    </form>
  );
}

/** The one and only time the password is shown. Closing the dialog forgets it. */
function CreatedDialog({
  created,
  address,
  onClose,
}: {
  created: Created | null;
  address: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog
      open={created !== null}
      onClose={onClose}
      title={t('mail.appPasswords.created.title')}
      actions={<Button onClick={onClose}>{t('mail.appPasswords.created.done')}</Button>}
    >
      {created ? (
        <>
          <Notice tone="warning" role="note">
            {t('mail.appPasswords.created.warning')}
          </Notice>
          <p>{t('mail.appPasswords.created.use', { label: created.label })}</p>
          <p className="field-label">{t('mail.connection.password')}</p>
          <div className="secret-box">
            <code className="secret" data-testid="new-app-password">
              {created.password}
            </code>
            <CopyButton value={created.password} what={t('mail.appPasswords.created.what')} data-autofocus />
          </div>
          <Details
            items={[
              {
                label: t('mail.connection.username'),
                value: <CopyableValue value={address} what={t('mail.connection.username')} />,
              },
            ]}
          />
        </>
      ) : null}
    </Dialog>
  );
}

function RevokeDialog({ appPassword, onClose }: { appPassword: AppPassword | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const revoke = useMutation(
    trpc.mail.revokeAppPassword.mutationOptions({
      onSuccess: (_answer, input) =>
        queryClient.setQueryData(trpc.mail.appPasswords.queryKey(), (rows) =>
          rows?.filter((row) => row.id !== input.id),
        ),
    }),
  );
  return (
    <ConfirmDialog
      open={appPassword !== null}
      title={appPassword ? t('mail.appPasswords.revoke.title', { label: appPassword.label }) : ''}
      confirmLabel={t('mail.appPasswords.revoke')}
      tone="danger"
      onClose={onClose}
      onConfirm={async () => {
        if (!appPassword) return;
        await revoke.mutateAsync({ id: appPassword.id });
        toast.show(t('mail.appPasswords.revoke.done', { label: appPassword.label }));
      }}
    >
      <p>{t('mail.appPasswords.revoke.body')}</p>
    </ConfirmDialog>
  );
}
