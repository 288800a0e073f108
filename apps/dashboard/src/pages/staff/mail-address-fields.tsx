import { SelectField, TextField } from '../../components/field.tsx';
import { useT } from '../../i18n/index.tsx';
import type { FormFields } from '../../lib/form.ts';

interface AddressValues {
  localPart: string;
  domain: string;
}

/**
 * A new address as local part @ domain, the domain one of the hub's: until one is picked, the
 * first is shown (the form sends that one too). `autoFocus` gives the local part a dialog's first focus.
 */
export function MailAddressFields({
  form,
  domains,
  autoFocus = false,
}: {
  form: FormFields<AddressValues>;
  domains: string[] | undefined;
  autoFocus?: boolean;
}) {
  const t = useT();
  const options = (domains ?? []).map((domain) => ({ value: domain, label: domain }));
  return (
    <div className="address-fields">
      <TextField
        name="localPart"
        label={t('staffMail.field.localPart')}
        value={form.values.localPart}
        error={form.errors.localPart}
        onChange={(value) => form.setValue('localPart', value)}
        maxLength={64}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        data-autofocus={autoFocus || undefined}
      />
      <span className="address-at" aria-hidden="true">
        @
      </span>
      <SelectField
        name="domain"
        label={t('staffMail.field.domain')}
        value={form.values.domain || options[0]?.value || ''}
        error={form.errors.domain}
        options={options}
        onChange={(value) => form.setValue('domain', value)}
      />
    </div>
  );
}
