import { createWebhookSchema, rotateSecretSchema } from '@accounts/core/clients/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../../components/button.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { SelectField, TextField } from '../../../components/field.tsx';
import { FormFooter } from '../../../components/form-footer.tsx';
import { Badge } from '../../../components/page.tsx';
import { describeError } from '../../../components/states.tsx';
import { useToast } from '../../../components/toast.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { WindowForm } from '../shared/window-form.tsx';
import { ActiveBadge } from './client-badges.tsx';
import type { SecretSink } from './secret-sink.ts';
import { type ClientDto, type EnvironmentDto, useClientChanged, type WebhookDto } from './use-client.ts';

type WebhookDialog =
  | { kind: 'add' }
  | { kind: 'rotate'; webhook: WebhookDto }
  | { kind: 'toggle'; webhook: WebhookDto }
  | { kind: 'delete'; webhook: WebhookDto };

/** The webhooks of one environment: where the hub sends its events, signed with their secret. */
export function WebhookList({
  client,
  environment,
  onSecret,
}: {
  client: ClientDto;
  environment: EnvironmentDto;
} & SecretSink) {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const changed = useClientChanged(client.id);
  const sendTest = useMutation(trpc.webhooks.sendTest.mutationOptions());
  const rotateSecret = useMutation(trpc.clients.rotateWebhookSecret.mutationOptions());
  const update = useMutation(trpc.clients.updateWebhook.mutationOptions());
  const remove = useMutation(trpc.clients.deleteWebhook.mutationOptions());
  const [dialog, setDialog] = useState<WebhookDialog | null>(null);
  const close = () => setDialog(null);
  const headingId = `webhooks-${environment.id}`;

  const test = async (webhook: WebhookDto) => {
    try {
      await sendTest.mutateAsync({ webhookId: webhook.id });
      void queryClient.invalidateQueries({ queryKey: trpc.webhooks.listDeliveries.pathKey() });
      toast.show(t('clients.webhook.testSent', { name: webhook.name }));
    } catch (error) {
      toast.show(describeError(error, t), 'error');
    }
  };

  return (
    <div className="subsection">
      <div className="section-header">
        <h4 id={headingId} className="subheading">
          {t('clients.webhooks')}
        </h4>
        <Button
          variant="secondary"
          className="button-small"
          aria-label={t('clients.webhook.addNamed', { environment: environment.environment })}
          onClick={() => setDialog({ kind: 'add' })}
        >
          {t('clients.webhook.add')}
        </Button>
      </div>
      {environment.webhooks.length === 0 ? (
        <p className="muted">{t('clients.webhook.none')}</p>
      ) : (
        <ul className="item-list" aria-labelledby={headingId}>
          {environment.webhooks.map((webhook) => {
            const named = { name: webhook.name };
            const overlapUntil =
              webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt.getTime() > Date.now()
                ? webhook.previousSecretExpiresAt
                : null;
            return (
              <li key={webhook.id} className={`item${webhook.isFlagged ? ' item-flagged' : ''}`}>
                <div className="item-main">
                  <p className="item-title">
                    {webhook.name}{' '}
                    <span className="badges">
                      <Badge>{t(`clients.webhook.type.${webhook.type}`)}</Badge>
                      <ActiveBadge isActive={webhook.isActive} />
                      {webhook.isFlagged ? <Badge tone="warn">{t('clients.webhook.failing')}</Badge> : null}
                    </span>
                  </p>
                  <p className="item-meta">
                    <code>{webhook.url}</code>
                  </p>
                  {webhook.isFlagged && webhook.failingSince ? (
                    <p className="item-meta item-warning">
                      {t('clients.webhook.failingSince', {
                        count: webhook.consecutiveFailures,
                        time: format.dateTime(webhook.failingSince),
                      })}
                    </p>
                  ) : null}
                  {overlapUntil ? (
                    <p className="item-meta">
                      {t('clients.webhook.overlapUntil', { time: format.dateTime(overlapUntil) })}
                    </p>
                  ) : null}
                </div>
                <div className="item-actions">
                  <Button
                    variant="secondary"
                    className="button-small"
                    aria-label={t('clients.webhook.testNamed', named)}
                    busy={sendTest.isPending && sendTest.variables?.webhookId === webhook.id}
                    onClick={() => test(webhook)}
                  >
                    {t('clients.webhook.test')}
                  </Button>
                  <Button
                    variant="secondary"
                    className="button-small"
                    aria-label={t('clients.webhook.rotateNamed', named)}
                    onClick={() => setDialog({ kind: 'rotate', webhook })}
                  >
                    {t('clients.webhook.rotate')}
                  </Button>
                  <Button
                    variant="secondary"
                    className="button-small"
                    aria-label={t(
                      webhook.isActive ? 'clients.webhook.deactivateNamed' : 'clients.webhook.activateNamed',
                      named,
                    )}
                    onClick={() => setDialog({ kind: 'toggle', webhook })}
                  >
                    {webhook.isActive ? t('clients.deactivate') : t('clients.activate')}
                  </Button>
                  <Button
                    variant="secondary"
                    className="button-small"
                    aria-label={t('clients.webhook.deleteNamed', named)}
                    onClick={() => setDialog({ kind: 'delete', webhook })}
                  >
                    {t('clients.webhook.delete')}
                  </Button>
                  <Link
                    to="/staff/webhooks"
                    search={{ webhookId: webhook.id }}
                    className="button button-ghost button-small"
                    aria-label={t('clients.webhook.deliveriesNamed', named)}
                  >
                    {t('clients.webhook.deliveries')}
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}

      <Dialog
        open={dialog?.kind === 'add'}
        onClose={close}
        title={t('clients.webhook.addTitle', { environment: environment.environment })}
      >
        <AddWebhookForm client={client} environment={environment} onDone={close} onSecret={onSecret} />
      </Dialog>
      <Dialog
        open={dialog?.kind === 'rotate'}
        onClose={close}
        title={t('clients.webhook.rotateTitle', {
          name: dialog?.kind === 'rotate' ? dialog.webhook.name : '',
        })}
      >
        {dialog?.kind === 'rotate' ? (
          <WindowForm
            secondsRule={rotateSecretSchema.shape.overlapSeconds}
            label={t('clients.webhook.overlap')}
            description={t('clients.webhook.overlapHint')}
            submitLabel={t('clients.webhook.rotate')}
            onCancel={close}
            onSubmit={async (overlapSeconds) => {
              const rotated = await rotateSecret.mutateAsync({ id: dialog.webhook.id, overlapSeconds });
              const until = rotated.webhook.previousSecretExpiresAt;
              close();
              onSecret({
                title: t('clients.webhook.newSecretTitle', { name: rotated.webhook.name }),
                label: t('clients.webhook.secret'),
                value: rotated.secret,
                explanation: until
                  ? t('clients.webhook.rotatedWithOverlap', { time: format.dateTime(until) })
                  : t('clients.webhook.rotatedNow'),
              });
              await changed();
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={dialog?.kind === 'toggle'}
        title={
          dialog?.kind === 'toggle'
            ? t(
                dialog.webhook.isActive ? 'clients.webhook.deactivateTitle' : 'clients.webhook.activateTitle',
                {
                  name: dialog.webhook.name,
                },
              )
            : ''
        }
        confirmLabel={
          dialog?.kind === 'toggle' && !dialog.webhook.isActive
            ? t('clients.activate')
            : t('clients.deactivate')
        }
        tone={dialog?.kind === 'toggle' && dialog.webhook.isActive ? 'danger' : 'primary'}
        onClose={close}
        onConfirm={async () => {
          if (dialog?.kind !== 'toggle') return;
          const { webhook } = dialog;
          await update.mutateAsync({ id: webhook.id, isActive: !webhook.isActive });
          await changed();
          toast.show(
            t(webhook.isActive ? 'clients.webhook.deactivated' : 'clients.webhook.activated', {
              name: webhook.name,
            }),
          );
        }}
      >
        <p>
          {dialog?.kind === 'toggle'
            ? t(dialog.webhook.isActive ? 'clients.webhook.deactivateBody' : 'clients.webhook.activateBody', {
                name: dialog.webhook.name,
              })
            : null}
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title={t('clients.webhook.deleteTitle', {
          name: dialog?.kind === 'delete' ? dialog.webhook.name : '',
        })}
        confirmLabel={t('clients.webhook.delete')}
        tone="danger"
        onClose={close}
        onConfirm={async () => {
          if (dialog?.kind !== 'delete') return;
          await remove.mutateAsync({ id: dialog.webhook.id });
          await changed();
          void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
          toast.show(t('clients.webhook.deleted', { name: dialog.webhook.name }));
        }}
      >
        <p>{t('clients.webhook.deleteBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

const addWebhookFormSchema = createWebhookSchema.omit({ environmentId: true });

function AddWebhookForm({
  client,
  environment,
  onDone,
  onSecret,
}: {
  client: ClientDto;
  environment: EnvironmentDto;
  onDone: () => void;
} & SecretSink) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const changed = useClientChanged(client.id);
  const create = useMutation(trpc.clients.createWebhook.mutationOptions());
  const form = useSchemaForm({
    schema: addWebhookFormSchema,
    initialValues: { name: '', url: '', type: 'auth' },
    t,
    onSubmit: async (values) => {
      const { webhook, secret } = await create.mutateAsync({ environmentId: environment.id, ...values });
      onDone();
      onSecret({
        title: t('clients.webhook.secretTitle', { name: webhook.name }),
        label: t('clients.webhook.secret'),
        value: secret,
        explanation: t('clients.webhook.secretExplanation'),
      });
      await changed();
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <TextField
        name="name"
        label={t('clients.webhook.name')}
        description={t('clients.webhook.nameHint')}
        value={form.values.name}
        error={form.errors.name}
        onChange={(value) => form.setValue('name', value)}
        autoComplete="off"
        data-autofocus
      />
      <TextField
        name="url"
        type="url"
        label={t('clients.webhook.url')}
        description={t(
          client.privateWebhookTargets ? 'clients.webhook.urlHintPrivateAllowed' : 'clients.webhook.urlHint',
        )}
        value={form.values.url}
        error={form.errors.url}
        onChange={(value) => form.setValue('url', value)}
        autoComplete="off"
        spellCheck={false}
      />
      <SelectField
        name="type"
        label={t('clients.webhook.typeLabel')}
        description={t(
          form.values.type === 'auth' ? 'clients.webhook.authEvents' : 'clients.webhook.subscriptionEvents',
        )}
        value={form.values.type}
        onChange={(value) => form.setValue('type', value as 'auth' | 'subscription')}
        options={[
          { value: 'auth', label: t('clients.webhook.type.auth') },
          { value: 'subscription', label: t('clients.webhook.type.subscription') },
        ]}
      />
      <FormFooter form={form} submitLabel={t('clients.webhook.create')} onCancel={onDone} />
    </form>
  );
}
