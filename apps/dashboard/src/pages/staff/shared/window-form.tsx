import { z } from 'zod';
import { SelectField, TextField } from '../../../components/field.tsx';
import { FormFooter } from '../../../components/form-footer.tsx';
import { useT } from '../../../i18n/index.tsx';
import { useSchemaForm } from '../../../lib/form.ts';

export const WINDOW_UNIT_SECONDS = { minutes: 60, hours: 3600, days: 86_400 } as const;
type WindowUnit = keyof typeof WINDOW_UNIT_SECONDS;

export function windowSeconds(amount: string, unit: WindowUnit): number {
  return Number(amount.trim()) * WINDOW_UNIT_SECONDS[unit];
}

/**
 * "How long may the old one keep working?" as a number and a unit, checked against the API's
 * own rule for the window in seconds (`rotateTokenSchema.shape.graceSeconds` and the like).
 */
export function windowFormSchema(secondsRule: z.ZodType<number>) {
  return z
    .object({ amount: z.string(), unit: z.enum(['minutes', 'hours', 'days']) })
    .superRefine((value, context) => {
      const isWholeNumber = /^\d{1,7}$/.test(value.amount.trim());
      if (!isWholeNumber || !secondsRule.safeParse(windowSeconds(value.amount, value.unit)).success) {
        context.addIssue({ code: 'custom', path: ['amount'], message: 'window' });
      }
    });
}

export interface WindowFormProps {
  secondsRule: z.ZodType<number>;
  label: string;
  description: string;
  submitLabel: string;
  onSubmit: (seconds: number) => Promise<unknown>;
  onCancel: () => void;
}

/** The form of a rotation: the window in which the old token or secret still works, then go. */
export function WindowForm({
  secondsRule,
  label,
  description,
  submitLabel,
  onSubmit,
  onCancel,
}: WindowFormProps) {
  const t = useT();
  const form = useSchemaForm({
    schema: windowFormSchema(secondsRule),
    initialValues: { amount: '24', unit: 'hours' },
    t,
    checkMessages: { amount: 'staffKit.window.invalid' },
    onSubmit: (values) => onSubmit(windowSeconds(values.amount, values.unit)),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <fieldset className="fieldset">
        <legend className="field-label">{label}</legend>
        <p className="field-description">{description}</p>
        <div className="inline-fields">
          <TextField
            name="amount"
            label={t('staffKit.window.amount')}
            inputMode="numeric"
            value={form.values.amount}
            error={form.errors.amount}
            onChange={(value) => form.setValue('amount', value)}
            data-autofocus
          />
          <SelectField
            name="unit"
            label={t('staffKit.window.unit')}
            value={form.values.unit}
            onChange={(value) => form.setValue('unit', value as WindowUnit)}
            options={[
              { value: 'minutes', label: t('staffKit.window.minutes') },
              { value: 'hours', label: t('staffKit.window.hours') },
              { value: 'days', label: t('staffKit.window.days') },
            ]}
          />
        </div>
      </fieldset>
      <FormFooter form={form} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
