import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../../components/button.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { TextField } from '../../../components/field.tsx';
import { FormFooter } from '../../../components/form-footer.tsx';
import { useToast } from '../../../components/toast.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { contactFormSchema, websiteOrNull } from './form-rules.ts';
import { type ClientDto, type ContactDto, useClientChanged } from './use-client.ts';

type ContactDialog =
  | { kind: 'add' }
  | { kind: 'edit'; contact: ContactDto }
  | { kind: 'remove'; contact: ContactDto };

/** The people to ask about a client app; there is always at least one. */
export function ContactsSection({ client }: { client: ClientDto }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const changed = useClientChanged(client.id);
  const remove = useMutation(trpc.clients.removeContact.mutationOptions());
  const [dialog, setDialog] = useState<ContactDialog | null>(null);
  const isLast = client.contacts.length <= 1;

  return (
    <section className="section" aria-labelledby="client-contacts">
      <div className="section-header">
        <h2 id="client-contacts">{t('clients.contacts')}</h2>
        <Button variant="secondary" onClick={() => setDialog({ kind: 'add' })}>
          {t('clients.contact.add')}
        </Button>
      </div>
      <ul className="item-list">
        {client.contacts.map((contact) => (
          <li key={contact.id} className="item">
            <div className="item-main">
              <p className="item-title">{contact.name}</p>
              <p className="item-meta">
                <a href={`mailto:${contact.email}`}>{contact.email}</a>
                {contact.website ? (
                  <>
                    {' · '}
                    <a href={contact.website} rel="noreferrer noopener" target="_blank">
                      {contact.website}
                    </a>
                  </>
                ) : null}
              </p>
            </div>
            <div className="item-actions">
              <Button
                variant="secondary"
                className="button-small"
                aria-label={t('clients.contact.editNamed', { name: contact.name })}
                onClick={() => setDialog({ kind: 'edit', contact })}
              >
                {t('clients.contact.edit')}
              </Button>
              <Button
                variant="secondary"
                className="button-small"
                aria-label={t('clients.contact.removeNamed', { name: contact.name })}
                disabled={isLast}
                onClick={() => setDialog({ kind: 'remove', contact })}
              >
                {t('clients.contact.remove')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {isLast ? <p className="muted">{t('clients.contact.lastOne')}</p> : null}

      <Dialog
        open={dialog?.kind === 'add' || dialog?.kind === 'edit'}
        onClose={() => setDialog(null)}
        title={dialog?.kind === 'edit' ? t('clients.contact.editTitle') : t('clients.contact.addTitle')}
      >
        <ContactForm
          clientId={client.id}
          contact={dialog?.kind === 'edit' ? dialog.contact : null}
          onDone={() => setDialog(null)}
        />
      </Dialog>
      <ConfirmDialog
        open={dialog?.kind === 'remove'}
        title={t('clients.contact.removeTitle')}
        confirmLabel={t('clients.contact.remove')}
        tone="danger"
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          if (dialog?.kind !== 'remove') return;
          await remove.mutateAsync({ id: dialog.contact.id });
          await changed();
          toast.show(t('clients.contact.removed', { name: dialog.contact.name }));
        }}
      >
        <p>
          {dialog?.kind === 'remove'
            ? t('clients.contact.removeBody', { name: dialog.contact.name, client: client.name })
            : null}
        </p>
      </ConfirmDialog>
    </section>
  );
}

function ContactForm({
  clientId,
  contact,
  onDone,
}: {
  clientId: string;
  contact: ContactDto | null;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const changed = useClientChanged(clientId);
  const add = useMutation(trpc.clients.addContact.mutationOptions());
  const update = useMutation(trpc.clients.updateContact.mutationOptions());
  const form = useSchemaForm({
    schema: contactFormSchema,
    initialValues: {
      name: contact?.name ?? '',
      email: contact?.email ?? '',
      website: contact?.website ?? '',
    },
    t,
    checkMessages: { website: 'clients.contact.websiteInvalid' },
    onSubmit: async (values) => {
      const fields = { ...values, website: websiteOrNull(values.website) };
      if (contact) await update.mutateAsync({ id: contact.id, ...fields });
      else await add.mutateAsync({ clientId, ...fields });
      await changed();
      toast.show(t(contact ? 'clients.contact.saved' : 'clients.contact.added', { name: values.name }));
      onDone();
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <TextField
        name="name"
        label={t('clients.contact.name')}
        value={form.values.name}
        error={form.errors.name}
        onChange={(value) => form.setValue('name', value)}
        autoComplete="off"
        data-autofocus
      />
      <TextField
        name="email"
        type="email"
        label={t('clients.contact.email')}
        value={form.values.email}
        error={form.errors.email}
        onChange={(value) => form.setValue('email', value)}
        autoComplete="off"
      />
      <TextField
        name="website"
        type="url"
        label={t('clients.contact.website')}
        description={t('clients.contact.websiteHint')}
        value={form.values.website}
        error={form.errors.website}
        onChange={(value) => form.setValue('website', value)}
        autoComplete="off"
      />
      <FormFooter
        form={form}
        submitLabel={contact ? t('clients.save') : t('clients.contact.add')}
        onCancel={onDone}
      />
    </form>
  );
}
