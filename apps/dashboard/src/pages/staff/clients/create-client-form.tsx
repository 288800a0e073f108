import { clientNameSchema, contactSchema, createClientSchema } from '@accounts/core/clients/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { z } from 'zod';
import { TextField } from '../../../components/field.tsx';
import { FormFooter } from '../../../components/form-footer.tsx';
import { useToast } from '../../../components/toast.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { ClientFields } from './client-fields.tsx';
import { optionalLaunchUrl, optionalWebsite, websiteOrNull } from './form-rules.ts';

/**
 * The create form shows the client and its first contact side by side, so its fields are flat;
 * each one is checked with the API's own rule (createClientSchema and contactSchema).
 */
const createClientFormSchema = z.object({
  name: clientNameSchema,
  description: createClientSchema.shape.description,
  launchUrl: optionalLaunchUrl,
  isFirstParty: z.boolean(),
  contactName: contactSchema.shape.name,
  contactEmail: contactSchema.shape.email,
  contactWebsite: optionalWebsite,
});

export function CreateClientForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useMutation(trpc.clients.create.mutationOptions());

  const form = useSchemaForm({
    schema: createClientFormSchema,
    initialValues: {
      name: '',
      description: '',
      launchUrl: '',
      isFirstParty: false,
      contactName: '',
      contactEmail: '',
      contactWebsite: '',
    },
    t,
    fieldMessages: { name: 'clients.form.nameTaken' },
    checkMessages: {
      contactWebsite: 'clients.contact.websiteInvalid',
      launchUrl: 'clients.form.launchUrlInvalid',
    },
    onSubmit: async (values) => {
      const client = await create.mutateAsync({
        name: values.name,
        description: values.description || null,
        launchUrl: websiteOrNull(values.launchUrl),
        isFirstParty: values.isFirstParty,
        contacts: [
          {
            name: values.contactName,
            email: values.contactEmail,
            website: websiteOrNull(values.contactWebsite),
          },
        ],
      });
      queryClient.setQueryData(trpc.clients.get.queryKey({ id: client.id }), client);
      void queryClient.invalidateQueries({ queryKey: trpc.clients.list.pathKey() });
      toast.show(t('clients.created', { name: client.name }));
      await navigate({ to: '/staff/clients/$clientId', params: { clientId: client.id } });
    },
  });

  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <ClientFields form={form} />
      <fieldset className="fieldset fieldset-divided">
        <legend className="field-label">{t('clients.form.firstContact')}</legend>
        <p className="field-description">{t('clients.form.firstContactHint')}</p>
        <div className="form">
          <TextField
            name="contactName"
            label={t('clients.contact.name')}
            value={form.values.contactName}
            error={form.errors.contactName}
            onChange={(value) => form.setValue('contactName', value)}
            autoComplete="off"
          />
          <TextField
            name="contactEmail"
            type="email"
            label={t('clients.contact.email')}
            value={form.values.contactEmail}
            error={form.errors.contactEmail}
            onChange={(value) => form.setValue('contactEmail', value)}
            autoComplete="off"
          />
          <TextField
            name="contactWebsite"
            type="url"
            label={t('clients.contact.website')}
            description={t('clients.contact.websiteHint')}
            value={form.values.contactWebsite}
            error={form.errors.contactWebsite}
            onChange={(value) => form.setValue('contactWebsite', value)}
            autoComplete="off"
          />
        </div>
      </fieldset>
      <FormFooter form={form} submitLabel={t('clients.createSubmit')} onCancel={onCancel} />
    </form>
  );
}
