import { z } from 'zod';
import { multilineText, nameText, text } from '../kernel/text-schemas.ts';

/**
 * Input shapes of the client registry, shared by the routers and (being plain zod) safe for the
 * dashboard's forms. Rules that need more than the shape (redirect URLs per environment, unique
 * names) live in the services.
 */
export const clientNameSchema = nameText.trim().min(2, 'Use at least 2 characters.').max(100);
export const environmentNameSchema = nameText
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'Use a short name of letters, digits and dashes, such as prod.');

export const contactSchema = z.object({
  name: nameText.trim().min(1, 'Enter a name.').max(200),
  email: text.pipe(z.email('Enter an email address.').trim().toLowerCase().max(254)),
  website: text.pipe(z.url({ protocol: /^https?$/, error: 'Enter an http(s) URL.' }).max(2000)).nullish(),
});

/** Checked in full by validateLaunchUrl (clients/urls.ts); empty means none. */
export const launchUrlSchema = text.trim().max(2000).nullish();

export const createClientSchema = z.object({
  name: clientNameSchema,
  description: multilineText.trim().max(2000).nullish(),
  launchUrl: launchUrlSchema,
  isActive: z.boolean().default(true),
  isFirstParty: z.boolean().default(false),
  contacts: z.array(contactSchema).min(1, 'A client needs at least one contact.').max(20),
});

export const updateClientSchema = z.object({
  id: z.uuid(),
  name: clientNameSchema.optional(),
  description: multilineText.trim().max(2000).nullish(),
  launchUrl: launchUrlSchema,
  isActive: z.boolean().optional(),
  isFirstParty: z.boolean().optional(),
});

export const webhookTypeSchema = z.enum(['auth', 'subscription']);

const url = text.trim().min(1, 'Enter a URL.').max(2000);

/** Rotation grace and overlap windows: from "stop now" to 30 days. */
const windowSeconds = z
  .number()
  .int()
  .min(0)
  .max(30 * 86400, 'Choose at most 30 days.');

export const createEnvironmentSchema = z.object({
  clientId: z.uuid(),
  environment: environmentNameSchema,
  redirectUrl: url,
});

export const updateEnvironmentSchema = z.object({
  id: z.uuid(),
  redirectUrl: url.optional(),
  isActive: z.boolean().optional(),
});

export const rotateTokenSchema = z.object({
  id: z.uuid(),
  /** How long the old token keeps working; 0 stops it at once. */
  graceSeconds: windowSeconds,
});

export const createWebhookSchema = z.object({
  environmentId: z.uuid(),
  name: nameText.trim().min(1, 'Enter a name.').max(100),
  url,
  type: webhookTypeSchema,
});

export const updateWebhookSchema = z.object({
  id: z.uuid(),
  name: nameText.trim().min(1, 'Enter a name.').max(100).optional(),
  url: url.optional(),
  type: webhookTypeSchema.optional(),
  isActive: z.boolean().optional(),
});

export const rotateSecretSchema = z.object({
  id: z.uuid(),
  /** How long deliveries carry signatures with both the old and the new secret. */
  overlapSeconds: windowSeconds,
});

/** `person@example.com` or `@example.com` (everyone at that domain). */
export const allowListPatternSchema = nameText
  .trim()
  .toLowerCase()
  .max(254)
  .refine(
    (value) =>
      /^@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value) ||
      z.email().safeParse(value).success,
    'Enter an email address or @domain.',
  );
