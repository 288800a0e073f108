import { deleteAccountSchema } from '@accounts/core/identity/browser';
import type { AppRouter } from '@accounts/core/orchestration';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { TRPCClient } from '@trpc/client';
import { useState } from 'react';
import { Button } from '../components/button.tsx';
import { Dialog } from '../components/dialog.tsx';
import { TextField } from '../components/field.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { Card, PageHeader } from '../components/page.tsx';
import { ErrorState } from '../components/states.tsx';
import { useToast } from '../components/toast.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSchemaForm } from '../lib/form.ts';
import { useTRPC, useTRPCClient } from '../lib/trpc.ts';

/** Hands a JSON document to the browser as a file download. */
function downloadJson(data: unknown, fileName: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function PrivacyPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('privacy.title')} description={t('privacy.description')} />
      <div className="stack">
        <ExportCard />
        <CookiesCard />
        <DeleteCard />
      </div>
    </>
  );
}

function ExportCard() {
  const { t } = useI18n();
  const client = useTRPCClient();
  const toast = useToast();
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const download = async () => {
    setExporting(true);
    setError(null);
    try {
      // Fetched on demand and never cached: the export is always current.
      const data = await client.privacy.export.query();
      downloadJson(data, `accounts-data-${new Date().toISOString().slice(0, 10)}.json`);
      toast.show(t('privacy.export.done'));
    } catch (caught) {
      setError(caught);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card title={t('privacy.export.title')} titleId="privacy-export">
      <p>{t('privacy.export.body')}</p>
      <ul className="plain-list bullets">
        <li>{t('privacy.export.includes.profile')}</li>
        <li>{t('privacy.export.includes.sessions')}</li>
        <li>{t('privacy.export.includes.clients')}</li>
        <li>{t('privacy.export.includes.audit')}</li>
        <li>{t('privacy.export.includes.mailFromTheHub')}</li>
      </ul>
      {error ? <ErrorState error={error} /> : null}
      <Button onClick={download} busy={exporting}>
        {exporting ? t('privacy.export.working') : t('privacy.export.button')}
      </Button>
    </Card>
  );
}

/** Every cookie the hub sets (identity's session and device cookies, the pending Mozilla sign-in). */
function CookiesCard() {
  const { t } = useI18n();
  return (
    <Card title={t('privacy.cookies.title')} titleId="privacy-cookies">
      <p>{t('privacy.cookies.body')}</p>
      <ul className="plain-list bullets">
        <li>{t('privacy.cookies.session')}</li>
        <li>{t('privacy.cookies.pending')}</li>
        <li>{t('privacy.cookies.device')}</li>
      </ul>
    </Card>
  );
}

function DeleteCard() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Card title={t('privacy.delete.title')} titleId="privacy-delete" tone="danger">
      <p>{t('privacy.delete.body')}</p>
      <Button variant="danger" onClick={() => setOpen(true)}>
        {t('privacy.delete.button')}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('privacy.delete.dialogTitle')}
        description={t('privacy.delete.dialogBody')}
      >
        <DeleteForm onCancel={() => setOpen(false)} />
      </Dialog>
    </Card>
  );
}

type DeletionPreview = Awaited<ReturnType<TRPCClient<AppRouter>['privacy']['deletionPreview']['query']>>;

/** What deletion does to this account's money, mail and apps, from its real state. */
function DeletionConsequences({ preview }: { preview: DeletionPreview }) {
  const { t, format } = useI18n();
  const { mail } = preview;
  const list = (items: readonly string[]) => items.join(', ');
  return (
    <ul className="plain-list bullets" aria-label={t('privacy.delete.dialogTitle')}>
      {preview.subscriptions.length === 0 ? <li>{t('privacy.delete.subscription.none')}</li> : null}
      {preview.subscriptions.map((subscription, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed while the dialog is open
        <li key={index}>
          {t(`privacy.delete.subscription.${subscription.outcome}`, {
            plan: subscription.planName ?? t('privacy.delete.paidPlan'),
            date: subscription.endsAt ? format.date(subscription.endsAt) : '—',
          })}
        </li>
      ))}
      <li>
        {mail.address
          ? t('privacy.delete.mailbox', { address: mail.address })
          : t('privacy.delete.noMailbox')}
      </li>
      {mail.aliases.length ? <li>{t('privacy.delete.aliases', { list: list(mail.aliases) })}</li> : null}
      {mail.domains.length ? <li>{t('privacy.delete.domains', { list: list(mail.domains) })}</li> : null}
      {mail.appPasswords ? <li>{t('privacy.delete.appPasswords', { count: mail.appPasswords })}</li> : null}
      {preview.connectedApps.length ? (
        <li>{t('privacy.delete.apps', { list: list(preview.connectedApps) })}</li>
      ) : null}
      <li>{t('privacy.delete.effects.data')}</li>
    </ul>
  );
}

function DeleteForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const person = useQuery(trpc.me.get.queryOptions());
  const remove = useMutation(trpc.privacy.deleteAccount.mutationOptions());
  // Read when the dialog opens, never from a cache: the statements must match the account now.
  const preview = useQuery({ ...trpc.privacy.deletionPreview.queryOptions(), staleTime: 0, gcTime: 0 });

  const form = useSchemaForm({
    schema: deleteAccountSchema,
    initialValues: { confirmEmail: '' },
    t,
    fieldMessages: { confirmEmail: 'privacy.delete.mismatch' },
    onSubmit: async (values) => {
      await remove.mutateAsync(values);
      // Leave the signed-in pages first (their queries would refetch into a 401), then forget
      // everything that was loaded about the account.
      await navigate({ to: '/account-deleted', replace: true });
      await queryClient.cancelQueries();
      queryClient.clear();
    },
  });

  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      {preview.data ? (
        <DeletionConsequences preview={preview.data} />
      ) : preview.isError ? (
        <ErrorState error={preview.error} onRetry={() => preview.refetch()} />
      ) : (
        <p className="muted">{t('privacy.delete.checking')}</p>
      )}
      <TextField
        name="confirmEmail"
        label={t('privacy.delete.confirmLabel', { email: person.data?.email ?? '' })}
        value={form.values.confirmEmail}
        error={form.errors.confirmEmail}
        onChange={(value) => form.setValue('confirmEmail', value)}
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
      <FormFooter
        form={form}
        submitLabel={t('privacy.delete.confirm')}
        onCancel={onCancel}
        submitVariant="danger"
      />
    </form>
  );
}
