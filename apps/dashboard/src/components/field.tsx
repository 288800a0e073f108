import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react';

/** Ids that tie a control to its label, description and error for assistive technology. */
export interface FieldIds {
  control: string;
  description: string | undefined;
  error: string | undefined;
  describedBy: string | undefined;
}

export interface FieldProps {
  label: string;
  description?: ReactNode;
  error?: string | null;
  /** Renders the control with the ids it must carry. */
  children: (ids: FieldIds) => ReactNode;
  className?: string;
}

/** Label, description and error around any control; every form control goes through this. */
export function Field({ label, description, error, children, className }: FieldProps) {
  const id = useId();
  const ids: FieldIds = {
    control: `${id}-control`,
    description: description ? `${id}-description` : undefined,
    error: error ? `${id}-error` : undefined,
    describedBy:
      [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') ||
      undefined,
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field-label" htmlFor={ids.control}>
        {label}
      </label>
      {description ? (
        <div className="field-description" id={ids.description}>
          {description}
        </div>
      ) : null}
      {children(ids)}
      {error ? (
        <p className="field-error" id={ids.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  description?: ReactNode;
  error?: string | null;
  value: string;
  onChange: (value: string) => void;
}

export function TextField({
  label,
  description,
  error,
  value,
  onChange,
  className,
  ...input
}: TextFieldProps) {
  return (
    <Field label={label} description={description} error={error} className={className}>
      {(ids) => (
        <input
          id={ids.control}
          className="input"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
          {...input}
        />
      )}
    </Field>
  );
}

export interface PasswordFieldProps extends Omit<TextFieldProps, 'type' | 'autoComplete' | 'required'> {
  /** `new` lets password managers offer to generate and save one; `current` lets them fill it in. */
  purpose: 'new' | 'current';
}

/** A required password box, marked for password managers. */
export function PasswordField({ purpose, ...field }: PasswordFieldProps) {
  return <TextField {...field} type="password" autoComplete={`${purpose}-password`} required />;
}

export interface SelectOption {
  value: string;
  label: string;
  /** The option's own language, when its label is in another one (language pickers). */
  lang?: string;
}

export interface SelectFieldProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> {
  label: string;
  description?: ReactNode;
  error?: string | null;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
}

export function SelectField({
  label,
  description,
  error,
  value,
  options,
  onChange,
  className,
  ...select
}: SelectFieldProps) {
  return (
    <Field label={label} description={description} error={error} className={className}>
      {(ids) => (
        <select
          id={ids.control}
          className="input select"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
          {...select}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value} lang={option.lang}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
