import { createEnvironmentSchema, rotateTokenSchema } from '@accounts/core/clients/browser';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { Button } from '../../../components/button.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { TextField } from '../../../components/field.tsx';
import { FormFooter } from '../../../components/form-footer.tsx';
import { Details } from '../../../components/page.tsx';
import { EmptyState } from '../../../components/states.tsx';
import { useToast } from '../../../components/toast.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { WindowForm } from '../shared/window-form.tsx';
import { ActiveBadge } from './client-badges.tsx';
import type { SecretSink } from './secret-sink.ts';
import { type ClientDto, type EnvironmentDto, useClientChanged } from './use-client.ts';
import { WebhookList } from './webhooks.tsx';

type EnvironmentDialog =
  | { kind: 'add' }
  | { kind: 'redirect'; environment: EnvironmentDto }
  | { kind: 'rotate'; environment: EnvironmentDto }
  | { kind: 'toggle'; environment: EnvironmentDto }
  | { kind: 'delete'; environment: EnvironmentDto };

/** A client's environments (dev, stage, prod…), each with its token and webhooks. */
export function EnvironmentsSection({ client, onSecret }: { client: ClientDto } & SecretSink) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<EnvironmentDialog | null>(null);
  const close = () => setDialog(null);

  return (
    <section className="section" aria-labelledby="client-environments">
      <div className="section-header">
        <h2 id="client-environments">{t('clients.environments')}</h2>
        <Button variant="secondary" onClick={() => setDialog({ kind: 'add' })}>
          {t('clients.environment.add')}
        </Button>
      </div>
      {client.environments.length === 0 ? (
        <div className="card">
          <EmptyState title={t('clients.environment.none')}>
            <p>{t('clients.environment.noneHint')}</p>
          </EmptyState>
        </div>
      ) : (
        <div className="stack-wide">
          {client.environments.map((environment) => (
            <EnvironmentCard
              key={environment.id}
              client={client}
              environment={environment}
              onAction={(kind) => setDialog({ kind, environment })}
              onSecret={onSecret}
            />
          ))}
        </div>
      )}

      <Dialog
        open={dialog?.kind === 'add'}
        onClose={close}
        title={t('clients.environment.addTitle')}
        description={t('clients.environment.addIntro')}
      >
        <AddEnvironmentForm client={client} onDone={close} onSecret={onSecret} />
      </Dialog>
      <Dialog
        open={dialog?.kind === 'redirect'}
        onClose={close}
        title={t('clients.environment.redirectTitle')}
      >
        {dialog?.kind === 'redirect' ? (
          <RedirectForm clientId={client.id} environment={dialog.environment} onDone={close} />
        ) : null}
      </Dialog>
      <Dialog
        open={dialog?.kind === 'rotate'}
        onClose={close}
        title={t('clients.environment.rotateTitle', {
          environment: dialog?.kind === 'rotate' ? dialog.environment.environment : '',
        })}
      >
        {dialog?.kind === 'rotate' ? (
          <RotateTokenForm
            client={client}
            environment={dialog.environment}
            onDone={close}
            onSecret={onSecret}
          />
        ) : null}
      </Dialog>
      <ToggleEnvironmentDialog client={client} dialog={dialog} onClose={close} />
      <DeleteEnvironmentDialog client={client} dialog={dialog} onClose={close} />
    </section>
  );
}

function EnvironmentCard({
  client,
  environment,
  onAction,
  onSecret,
}: {
  client: ClientDto;
  environment: EnvironmentDto;
  onAction: (kind: 'redirect' | 'rotate' | 'toggle' | 'delete') => void;
} & SecretSink) {
  const { t, format } = useI18n();
  const titleId = `environment-${environment.id}`;
  const graceUntil =
    environment.previousTokenExpiresAt && environment.previousTokenExpiresAt.getTime() > Date.now()
      ? environment.previousTokenExpiresAt
      : null;
  const named = { environment: environment.environment };
  return (
    <section className="card" aria-labelledby={titleId}>
      <div className="card-header">
        <h3 id={titleId} className="card-title">
          <code className="environment-name">{environment.environment}</code>
        </h3>
        <span className="badges">
          <ActiveBadge isActive={environment.isActive} />
        </span>
      </div>
      <Details
        items={[
          { label: t('clients.environment.redirectUrl'), value: <code>{environment.redirectUrl}</code> },
          {
            label: t('clients.environment.token'),
            value: (
              <>
                <code>{environment.tokenHint}…</code>
                {graceUntil ? (
                  <span className="cell-note">
                    {t('clients.environment.graceUntil', { time: format.dateTime(graceUntil) })}
                  </span>
                ) : null}
              </>
            ),
          },
          { label: t('clients.column.created'), value: format.dateTime(environment.createdAt) },
        ]}
      />
      <div className="action-list action-list-spaced">
        <Button
          variant="secondary"
          className="button-small"
          aria-label={t('clients.environment.rotateNamed', named)}
          onClick={() => onAction('rotate')}
        >
          {t('clients.environment.rotate')}
        </Button>
        <Button
          variant="secondary"
          className="button-small"
          aria-label={t('clients.environment.redirectNamed', named)}
          onClick={() => onAction('redirect')}
        >
          {t('clients.environment.redirect')}
        </Button>
        <Button
          variant="secondary"
          className="button-small"
          aria-label={t(
            environment.isActive
              ? 'clients.environment.deactivateNamed'
              : 'clients.environment.activateNamed',
            named,
          )}
          onClick={() => onAction('toggle')}
        >
          {environment.isActive ? t('clients.deactivate') : t('clients.activate')}
        </Button>
        <Button
          variant="secondary"
          className="button-small"
          aria-label={t('clients.environment.deleteNamed', named)}
          onClick={() => onAction('delete')}
        >
          {t('clients.environment.delete')}
        </Button>
      </div>
      <WebhookList client={client} environment={environment} onSecret={onSecret} />
    </section>
  );
}

const addEnvironmentFormSchema = createEnvironmentSchema.omit({ clientId: true });

function AddEnvironmentForm({
  client,
  onDone,
  onSecret,
}: { client: ClientDto; onDone: () => void } & SecretSink) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const changed = useClientChanged(client.id);
  const create = useMutation(trpc.clients.createEnvironment.mutationOptions());
  const form = useSchemaForm({
    schema: addEnvironmentFormSchema,
    initialValues: { environment: '', redirectUrl: '' },
    t,
    fieldMessages: { environment: 'clients.environment.taken' },
    checkMessages: { environment: 'clients.environment.nameFormat' },
    onSubmit: async (values) => {
      const { environment, token } = await create.mutateAsync({ clientId: client.id, ...values });
      onDone();
      onSecret({
        title: t('clients.environment.tokenTitle', { environment: environment.environment }),
        label: t('clients.environment.token'),
        value: token,
        explanation: t('clients.environment.tokenExplanation', {
          client: client.name,
          environment: environment.environment,
        }),
      });
      await changed();
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <TextField
        name="environment"
        label={t('clients.environment.name')}
        description={t('clients.environment.nameHint')}
        value={form.values.environment}
        error={form.errors.environment}
        onChange={(value) => form.setValue('environment', value)}
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
      <TextField
        name="redirectUrl"
        type="url"
        label={t('clients.environment.redirectUrl')}
        description={t('clients.environment.redirectHint')}
        value={form.values.redirectUrl}
        error={form.errors.redirectUrl}
        onChange={(value) => form.setValue('redirectUrl', value)}
        autoComplete="off"
        spellCheck={false}
      />
      <FormFooter form={form} submitLabel={t('clients.environment.create')} onCancel={onDone} />
    </form>
  );
}

const redirectFormSchema = z.object({ redirectUrl: createEnvironmentSchema.shape.redirectUrl });

function RedirectForm({
  clientId,
  environment,
  onDone,
}: {
  clientId: string;
  environment: EnvironmentDto;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const changed = useClientChanged(clientId);
  const update = useMutation(trpc.clients.updateEnvironment.mutationOptions());
  const form = useSchemaForm({
    schema: redirectFormSchema,
    initialValues: { redirectUrl: environment.redirectUrl },
    t,
    onSubmit: async (values) => {
      await update.mutateAsync({ id: environment.id, redirectUrl: values.redirectUrl });
      await changed();
      toast.show(t('clients.environment.redirectSaved', { environment: environment.environment }));
      onDone();
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <TextField
        name="redirectUrl"
        type="url"
        label={t('clients.environment.redirectUrl')}
        description={t('clients.environment.redirectHint')}
        value={form.values.redirectUrl}
        error={form.errors.redirectUrl}
        onChange={(value) => form.setValue('redirectUrl', value)}
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
      <FormFooter form={form} submitLabel={t('clients.save')} onCancel={onDone} />
    </form>
  );
}

function RotateTokenForm({
  client,
  environment,
  onDone,
  onSecret,
}: {
  client: ClientDto;
  environment: EnvironmentDto;
  onDone: () => void;
} & SecretSink) {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const changed = useClientChanged(client.id);
  const rotate = useMutation(trpc.clients.rotateEnvironmentToken.mutationOptions());
  return (
    <WindowForm
      secondsRule={rotateTokenSchema.shape.graceSeconds}
      label={t('clients.environment.grace')}
      description={t('clients.environment.graceHint')}
      submitLabel={t('clients.environment.rotate')}
      onCancel={onDone}
      onSubmit={async (graceSeconds) => {
        const rotated = await rotate.mutateAsync({ id: environment.id, graceSeconds });
        const graceUntil = rotated.environment.previousTokenExpiresAt;
        onDone();
        onSecret({
          title: t('clients.environment.newTokenTitle', { environment: environment.environment }),
          label: t('clients.environment.token'),
          value: rotated.token,
          explanation: graceUntil
            ? t('clients.environment.rotatedWithGrace', { time: format.dateTime(graceUntil) })
            : t('clients.environment.rotatedNow'),
        });
        await changed();
      }}
    />
  );
}

function ToggleEnvironmentDialog({
  client,
  dialog,
  onClose,
}: {
  client: ClientDto;
  dialog: EnvironmentDialog | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const changed = useClientChanged(client.id);
  const update = useMutation(trpc.clients.updateEnvironment.mutationOptions());
  const environment = dialog?.kind === 'toggle' ? dialog.environment : null;
  const deactivating = environment?.isActive ?? false;
  const named = { environment: environment?.environment ?? '', client: client.name };
  return (
    <ConfirmDialog
      open={environment !== null}
      title={t(
        deactivating ? 'clients.environment.deactivateTitle' : 'clients.environment.activateTitle',
        named,
      )}
      confirmLabel={deactivating ? t('clients.deactivate') : t('clients.activate')}
      tone={deactivating ? 'danger' : 'primary'}
      onClose={onClose}
      onConfirm={async () => {
        if (!environment) return;
        await update.mutateAsync({ id: environment.id, isActive: !environment.isActive });
        await changed();
        toast.show(
          t(deactivating ? 'clients.environment.deactivated' : 'clients.environment.activated', named),
        );
      }}
    >
      <p>
        {t(deactivating ? 'clients.environment.deactivateBody' : 'clients.environment.activateBody', named)}
      </p>
    </ConfirmDialog>
  );
}

function DeleteEnvironmentDialog({
  client,
  dialog,
  onClose,
}: {
  client: ClientDto;
  dialog: EnvironmentDialog | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const changed = useClientChanged(client.id);
  const remove = useMutation(trpc.clients.deleteEnvironment.mutationOptions());
  const environment = dialog?.kind === 'delete' ? dialog.environment : null;
  const named = { environment: environment?.environment ?? '', client: client.name };
  return (
    <ConfirmDialog
      open={environment !== null}
      title={t('clients.environment.deleteTitle', named)}
      confirmLabel={t('clients.environment.delete')}
      tone="danger"
      onClose={onClose}
      onConfirm={async () => {
        if (!environment) return;
        await remove.mutateAsync({ id: environment.id });
        await changed();
        toast.show(t('clients.environment.deleted', named));
      }}
    >
      <p>{t('clients.environment.deleteBody', named)}</p>
    </ConfirmDialog>
  );
}
