import { contactSchema } from '@accounts/core/clients/browser';
import { z } from 'zod';

/**
 * An optional http(s) address as a text field holds it ('' = none), checked with the API's
 * contact rule; `checkMessages` gives its refusal the page's words.
 */
export const optionalWebsite = z.string().superRefine((value, context) => {
  if (value.trim() && !contactSchema.shape.website.safeParse(value.trim()).success) {
    context.addIssue({ code: 'custom', message: 'website' });
  }
});

/**
 * The optional launch URL as a text field holds it ('' = none): https only, as the API checks in
 * full (clients/urls.ts validateLaunchUrl); `checkMessages` gives its refusal the page's words.
 */
export const optionalLaunchUrl = z.string().superRefine((value, context) => {
  const trimmed = value.trim();
  if (!trimmed) return;
  let ok = false;
  try {
    ok = new URL(trimmed).protocol === 'https:';
  } catch {}
  if (!ok) context.addIssue({ code: 'custom', message: 'launchUrl' });
});

/** The contact form: the API's contact schema with the website as a text field. */
export const contactFormSchema = contactSchema.extend({ website: optionalWebsite });

export function websiteOrNull(value: string): string | null {
  return value.trim() || null;
}
