/**
 * Input schemas of the profile, privacy and staff-users procedures. Browser-safe (imports only
 * zod): the dashboard validates its forms with these very objects before sending, and the API
 * validates the same objects again, so both sides always agree on what is valid.
 */
import { z } from 'zod';
import { nameText, text } from '../kernel/text-schemas.ts';
import { SUPPORTED_LANGUAGES } from './languages.ts';

export { SUPPORTED_LANGUAGES, type SupportedLanguage } from './languages.ts';

// IANA names only: Intl also accepts offsets like "+01:00", which are not zones.
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** The canonical spelling of an IANA time zone, or null when this runtime does not know it. */
export function canonicalTimeZone(name: string): string | null {
  if (name.length > 64 || !TIME_ZONE_NAME.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Every zone this runtime knows, UTC first, for pickers. */
export function listTimeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC');
  return ['UTC', ...zones];
}

export const timeZoneSchema = text
  .trim()
  .min(1)
  .refine((value) => canonicalTimeZone(value) !== null, { message: 'Choose a time zone from the list.' })
  .transform((value) => canonicalTimeZone(value)!);

export const profileUpdateSchema = z.object({
  displayName: nameText.trim().max(100),
  language: z.enum(SUPPORTED_LANGUAGES),
  timezone: timeZoneSchema,
});
export type ProfileUpdateInput = z.input<typeof profileUpdateSchema>;

export const deleteAccountSchema = z.object({
  /** The person types their email address to confirm; compared case-insensitively. */
  confirmEmail: nameText.trim().min(1).max(320),
});
export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;

export const STAFF_USERS_PAGE_SIZE_MAX = 100;

export const staffUserSearchSchema = z.object({
  /** Part of an email, username or display name, or a whole user id. */
  query: nameText.trim().max(200).default(''),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(STAFF_USERS_PAGE_SIZE_MAX).default(20),
});
export type StaffUserSearchInput = z.input<typeof staffUserSearchSchema>;

export const staffUserIdSchema = z.object({ userId: z.uuid() });

export const staffSetStaffSchema = z.object({ userId: z.uuid(), isStaff: z.boolean() });

export const staffSetActiveSchema = z.object({ userId: z.uuid(), isActive: z.boolean() });
