import { clientNameSchema, updateClientSchema } from '@accounts/core/clients/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { TextField } from '../../../components/field.tsx';
import { FormFooter } from '../../../components/form-footer.tsx';
import { useToast } from '../../../components/toast.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { ClientFields } from './client-fields.tsx';
import { optionalLaunchUrl, websiteOrNull } from './form-rules.ts';
import { type ClientDto, useClientChanged } from './use-client.ts';

export type ClientDialog = 'edit' | 'toggle' | 'delete';

/** Editing, (de)activating and deleting the client itself. */
export function ClientDialogs({
  client,
  dialog,
  onClose,
}: {
  client: ClientDto;
  dialog: ClientDialog | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const changed = useClientChanged(client.id);
  const update = useMutation(trpc.clients.update.mutationOptions());

  return (
    <>
      <Dialog open={dialog === 'edit'} onClose={onClose} title={t('clients.editTitle')}>
        <EditClientForm client={client} onDone={onClose} />
      </Dialog>
      <ConfirmDialog
        open={dialog === 'toggle'}
        title={client.isActive ? t('clients.deactivateTitle') : t('clients.activateTitle')}
        confirmLabel={client.isActive ? t('clients.deactivate') : t('clients.activate')}
        tone={client.isActive ? 'danger' : 'primary'}
        onClose={onClose}
        onConfirm={async () => {
          await update.mutateAsync({ id: client.id, isActive: !client.isActive });
          await changed();
          toast.show(t(client.isActive ? 'clients.deactivated' : 'clients.activated', { name: client.name }));
        }}
      >
        <p>{t(client.isActive ? 'clients.deactivateBody' : 'clients.activateBody', { name: client.name })}</p>
      </ConfirmDialog>
      <DeleteClientDialog client={client} open={dialog === 'delete'} onClose={onClose} />
    </>
  );
}

const editClientFormSchema = z.object({
  name: clientNameSchema,
  description: updateClientSchema.shape.description,
  launchUrl: optionalLaunchUrl,
  isFirstParty: z.boolean(),
});

function EditClientForm({ client, onDone }: { client: ClientDto; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const changed = useClientChanged(client.id);
  const update = useMutation(trpc.clients.update.mutationOptions());
  const form = useSchemaForm({
    schema: editClientFormSchema,
    initialValues: {
      name: client.name,
      description: client.description ?? '',
      launchUrl: client.launchUrl ?? '',
      isFirstParty: client.isFirstParty,
    },
    t,
    fieldMessages: { name: 'clients.form.nameTaken' },
    checkMessages: { launchUrl: 'clients.form.launchUrlInvalid' },
    onSubmit: async (values) => {
      await update.mutateAsync({
        id: client.id,
        ...values,
        description: values.description || null,
        launchUrl: websiteOrNull(values.launchUrl),
      });
      await changed();
      toast.show(t('clients.saved'));
      onDone();
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <ClientFields form={form} />
      <FormFooter form={form} submitLabel={t('clients.save')} onCancel={onDone} />
    </form>
  );
}

/** Deleting takes the environments, webhooks and deliveries with it: the name must be typed. */
function DeleteClientDialog({
  client,
  open,
  onClose,
}: {
  client: ClientDto;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const remove = useMutation(trpc.clients.delete.mutationOptions());
  const [typed, setTyped] = useState('');
  const close = () => {
    setTyped('');
    onClose();
  };
  return (
    <ConfirmDialog
      open={open}
      title={t('clients.deleteTitle')}
      confirmLabel={t('clients.delete')}
      tone="danger"
      confirmDisabled={typed.trim() !== client.name}
      onClose={close}
      onConfirm={async () => {
        await remove.mutateAsync({ id: client.id });
        await navigate({ to: '/staff/clients' });
        queryClient.removeQueries({ queryKey: trpc.clients.get.queryKey({ id: client.id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.clients.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
        toast.show(t('clients.deleted', { name: client.name }));
      }}
    >
      <p>{t('clients.deleteBody', { name: client.name })}</p>
      <TextField
        label={t('clients.deleteConfirm', { name: client.name })}
        value={typed}
        onChange={setTyped}
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
    </ConfirmDialog>
  );
}
