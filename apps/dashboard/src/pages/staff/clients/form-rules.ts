import { contactSchema } from '@accounts/core/clients/schemas';
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

/** The contact form: the API's contact schema with the website as a text field. */
export const contactFormSchema = contactSchema.extend({ website: optionalWebsite });

export function websiteOrNull(value: string): string | null {
  return value.trim() || null;
}
