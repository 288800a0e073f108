import { type FormEvent, useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import type { Translate, TranslationKey } from '../i18n/translate.ts';
import { errorReasonText } from './reasons.ts';
import { fieldErrorsOf } from './trpc.ts';

/** The parts of a zod issue the messages need (zod's own messages are English only). */
interface Issue {
  code: string;
  path: PropertyKey[];
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  /** For invalid_format: which format (email, url, regex…). */
  format?: string;
}

/** Whether a form value counts as not filled in (the person left it empty or typed only spaces). */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A translated message for a zod issue, by its code and limits, in words that say what to do.
 * (An empty field gets "Please fill this in" from the form whatever rule it breaks: a format, a
 * custom check, a refusal by the server; saying its format is wrong only confuses.)
 */
export function messageForIssue(issue: Issue, t: Translate): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? t('validation.required')
        : t('validation.tooShort', { min: Number(issue.minimum) });
    case 'too_big':
      return t('validation.tooLong', { max: Number(issue.maximum) });
    case 'invalid_value':
      return t('validation.chooseOption');
    case 'invalid_format':
      return issue.format === 'email'
        ? t('validation.email')
        : issue.format === 'url'
          ? t('validation.url')
          : t('validation.invalidFormat');
    default:
      return t('validation.invalid');
  }
}

/**
 * One message per field for the schema's issues, the first issue of a field winning: "Please
 * fill this in" for an empty field whatever rule it broke; a page's own wording for a field's
 * checks and format (checkMessages) or custom checks (fieldMessages); else the issue's message.
 */
export function fieldMessagesForIssues(
  issues: readonly Issue[],
  values: Record<string, unknown>,
  t: Translate,
  wording: {
    fieldMessages?: Partial<Record<string, TranslationKey>>;
    checkMessages?: Partial<Record<string, TranslationKey>>;
  } = {},
): Record<string, string> {
  const next: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (field in next) continue;
    const own =
      issue.code === 'custom' || issue.code === 'invalid_format' ? wording.checkMessages?.[field] : undefined;
    const custom = issue.code === 'custom' ? wording.fieldMessages?.[field] : undefined;
    next[field] = isEmpty(values[field])
      ? t('validation.required')
      : own
        ? t(own)
        : custom
          ? t(custom)
          : messageForIssue(issue, t);
  }
  return next;
}

type Values<S extends z.ZodType> = z.input<S> & Record<string, unknown>;
type FieldName<S extends z.ZodType> = Extract<keyof z.input<S>, string>;

export interface SchemaFormOptions<S extends z.ZodType> {
  schema: S;
  initialValues: Values<S>;
  t: Translate;
  /** Receives the parsed values; a rejection with the API's field errors shows them on the fields. */
  onSubmit: (values: z.output<S>) => Promise<unknown>;
  /**
   * A page's own wording for a field's problems that generic messages cannot name: used for
   * what the server refuses on that field and for the schema's custom checks (refine).
   */
  fieldMessages?: Partial<Record<FieldName<S>, TranslationKey>>;
  /**
   * Wording for a field's own rules: its custom checks (refine) and its format (a pattern), so
   * the person reads what the field takes ("2–40 letters, digits…") rather than "wrong format";
   * the server's refusals on that field say something else (e.g. "already on the list") and
   * keep their own words.
   */
  checkMessages?: Partial<Record<FieldName<S>, TranslationKey>>;
}

export interface SchemaForm<S extends z.ZodType> {
  values: Values<S>;
  setValue: <K extends FieldName<S>>(name: K, value: Values<S>[K]) => void;
  errors: Partial<Record<FieldName<S>, string>>;
  /** A message for the whole form (not tied to one field), e.g. "service unreachable". */
  formError: unknown;
  submitting: boolean;
  handleSubmit: (event?: FormEvent) => void;
  reset: (values: Values<S>) => void;
}

/**
 * What a component rendering some of a form's fields needs from it: a `SchemaForm` whose values
 * include `V` fits, whatever other fields it holds.
 */
export interface FormFields<V extends object> {
  values: V;
  errors: Partial<Record<keyof V, string>>;
  setValue<K extends keyof V>(name: K, value: V[K]): void;
}

/**
 * Form state validated with the same zod schema the API uses: the browser refuses what the
 * server would refuse, before sending, and whatever the server still refuses comes back as
 * `fieldErrors` and lands on the same fields. Focus moves to the first invalid field.
 */
export function useSchemaForm<S extends z.ZodType>(options: SchemaFormOptions<S>): SchemaForm<S> {
  const { schema, t, fieldMessages, checkMessages } = options;
  const [values, setValues] = useState<Values<S>>(options.initialValues);
  const [errors, setErrors] = useState<Partial<Record<FieldName<S>, string>>>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const onSubmit = useRef(options.onSubmit);
  onSubmit.current = options.onSubmit;

  const messageFor = useCallback(
    (field: FieldName<S>, fallback: string) => {
      const key = fieldMessages?.[field];
      return key ? t(key) : fallback;
    },
    [fieldMessages, t],
  );

  const showErrors = useCallback(
    (next: Partial<Record<FieldName<S>, string>>, form: HTMLFormElement | null) => {
      setErrors(next);
      const first = Object.keys(next)[0];
      if (first && form) {
        requestAnimationFrame(() => {
          form.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`)?.focus();
        });
      }
    },
    [],
  );

  const handleSubmit = useCallback(
    (event?: FormEvent) => {
      event?.preventDefault();
      const form = (event?.currentTarget as HTMLFormElement | undefined) ?? formRef.current;
      formRef.current = form;
      if (submitting) return;
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        const next = fieldMessagesForIssues(parsed.error.issues as Issue[], values, t, {
          ...(fieldMessages ? { fieldMessages } : {}),
          ...(checkMessages ? { checkMessages } : {}),
        }) as Partial<Record<FieldName<S>, string>>;
        setFormError(null);
        showErrors(next, form);
        return;
      }
      setErrors({});
      setFormError(null);
      setSubmitting(true);
      onSubmit
        .current(parsed.data)
        .catch((error: unknown) => {
          const fieldErrors = fieldErrorsOf(error);
          const known = Object.entries(fieldErrors ?? {}).filter(([field]) => field in values);
          if (known.length > 0) {
            // The refusal's reason code in the person's language, else the server's words.
            const reason = errorReasonText(error, t);
            const next: Partial<Record<FieldName<S>, string>> = {};
            for (const [field, messages] of known) {
              next[field as FieldName<S>] = isEmpty(values[field])
                ? t('validation.required')
                : messageFor(field as FieldName<S>, reason ?? messages[0] ?? t('validation.invalid'));
            }
            showErrors(next, form);
          } else {
            setFormError(error);
          }
        })
        .finally(() => setSubmitting(false));
    },
    [schema, values, submitting, messageFor, fieldMessages, checkMessages, showErrors, t],
  );

  return {
    values,
    setValue: (name, value) => {
      setValues((current) => ({ ...current, [name]: value }));
      setErrors((current) => {
        if (!(name in current)) return current;
        const { [name]: _cleared, ...rest } = current;
        return rest as typeof current;
      });
    },
    errors,
    formError,
    submitting,
    handleSubmit,
    reset: (next) => {
      setValues(next);
      setErrors({});
      setFormError(null);
    },
  };
}
