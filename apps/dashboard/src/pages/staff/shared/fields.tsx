import { type ReactNode, type TextareaHTMLAttributes, useId } from 'react';
import { Field } from '../../../components/field.tsx';

export interface CheckboxFieldProps {
  label: string;
  description?: ReactNode;
  name?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** A checkbox with its label beside it and an optional description below. */
export function CheckboxField({ label, description, name, checked, onChange }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="field field-check">
      <input
        id={`${id}-control`}
        name={name}
        type="checkbox"
        className="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={description ? `${id}-description` : undefined}
      />
      <label className="field-label" htmlFor={`${id}-control`}>
        {label}
      </label>
      {description ? (
        <div className="field-description" id={`${id}-description`}>
          {description}
        </div>
      ) : null}
    </div>
  );
}

export interface TextAreaFieldProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> {
  label: string;
  description?: ReactNode;
  error?: string | null;
  value: string;
  onChange: (value: string) => void;
}

export function TextAreaField({ label, description, error, value, onChange, ...rest }: TextAreaFieldProps) {
  return (
    <Field label={label} description={description} error={error}>
      {(ids) => (
        <textarea
          id={ids.control}
          className="input textarea"
          rows={3}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
          {...rest}
        />
      )}
    </Field>
  );
}
