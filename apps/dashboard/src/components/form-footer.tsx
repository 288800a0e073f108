import type { ReactNode } from 'react';
import { useT } from '../i18n/index.tsx';
import { Button, type ButtonVariant } from './button.tsx';
import { ErrorState } from './states.tsx';

export interface FormFooterProps {
  /** The form's state (from `useSchemaForm`): what the API refused, and whether it is being sent. */
  form: { formError: unknown; submitting: boolean };
  submitLabel: ReactNode;
  /** Adds a Cancel button before the submit button (forms in dialogs). */
  onCancel?: () => void;
  submitVariant?: ButtonVariant;
  /** Extra classes for the button row, e.g. `form-actions-start`. */
  className?: string;
}

/** The end of a form: the API's refusal, then Cancel (if any) and the submit button, busy while sending. */
export function FormFooter({ form, submitLabel, onCancel, submitVariant, className }: FormFooterProps) {
  const t = useT();
  return (
    <>
      {form.formError ? <ErrorState error={form.formError} /> : null}
      <div className={className ? `form-actions ${className}` : 'form-actions'}>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
        <Button type="submit" variant={submitVariant} busy={form.submitting}>
          {submitLabel}
        </Button>
      </div>
    </>
  );
}
