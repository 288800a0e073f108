import { TextField } from '../../../components/field.tsx';
import { useT } from '../../../i18n/index.tsx';
import type { FormFields } from '../../../lib/form.ts';
import { CheckboxField, TextAreaField } from '../shared/fields.tsx';

/** The client's own values, as the create form and the edit dialog hold them. */
interface ClientValues {
  name: string;
  description?: string | null;
  launchUrl: string;
  isFirstParty: boolean;
}

/** Name (first focus), description, launch URL and first party: creating and editing a client. */
export function ClientFields({ form }: { form: FormFields<ClientValues> }) {
  const t = useT();
  return (
    <>
      <TextField
        name="name"
        label={t('clients.form.name')}
        value={form.values.name}
        error={form.errors.name}
        onChange={(value) => form.setValue('name', value)}
        autoComplete="off"
        data-autofocus
      />
      <TextAreaField
        name="description"
        label={t('clients.form.description')}
        description={t('clients.form.optional')}
        value={form.values.description ?? ''}
        error={form.errors.description}
        onChange={(value) => form.setValue('description', value)}
      />
      <TextField
        name="launchUrl"
        type="url"
        label={t('clients.form.launchUrl')}
        description={t('clients.form.launchUrlHint')}
        value={form.values.launchUrl}
        error={form.errors.launchUrl}
        onChange={(value) => form.setValue('launchUrl', value)}
        autoComplete="off"
        spellCheck={false}
      />
      <CheckboxField
        name="isFirstParty"
        label={t('clients.form.firstParty')}
        description={t('clients.form.firstPartyHint')}
        checked={form.values.isFirstParty}
        onChange={(checked) => form.setValue('isFirstParty', checked)}
      />
    </>
  );
}
