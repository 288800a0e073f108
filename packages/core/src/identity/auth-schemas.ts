/**
 * Input schemas of the sign-in, password and staff-account procedures. Browser-safe (imports
 * only zod): the dashboard's sign-in, security and staff pages validate their forms with these
 * very objects, and the API validates the same objects again, so both sides agree on what is valid.
 */
import { z } from 'zod';
import { nameText, text } from '../kernel/text-schemas.ts';
import { SUPPORTED_LANGUAGES } from './languages.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const passwordSchema = text
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const emailSchema = text.pipe(z.email('Enter a valid email address.').max(255));

export const usernameSchema = nameText
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'Use 2–40 letters, digits, dots, dashes or underscores.');

export const signInWithPasswordSchema = z.object({
  identifier: nameText.trim().min(1, 'Enter your email or username.').max(255),
  password: text.min(1, 'Enter your password.').max(1024),
});
export type SignInWithPasswordInput = z.input<typeof signInWithPasswordSchema>;

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  username: usernameSchema.optional(),
  displayName: nameText.trim().max(255).optional(),
  /** The sign-up page's language: the account's, so its first mail is in words the person reads. */
  language: z.enum(SUPPORTED_LANGUAGES).optional(),
});
export type SignUpFormInput = z.input<typeof signUpSchema>;

export const setPasswordSchema = z.object({
  token: text.min(1).max(256),
  password: passwordSchema,
});

/** "Forgot password?" */
export const requestPasswordResetSchema = z.object({ email: emailSchema });

/** The token of an address-confirmation link (from the link's fragment). */
export const verifyEmailSchema = z.object({ token: text.min(1).max(256) });

/** A new address for the account (AUTH_SCHEME=password); it becomes the account's once confirmed. */
export const requestEmailChangeSchema = z.object({
  newEmail: emailSchema,
  currentPassword: text.min(1, 'Enter your current password.').max(1024),
});
export type RequestEmailChangeInput = z.input<typeof requestEmailChangeSchema>;

export const changePasswordSchema = z.object({
  /** Null for a person who has no password yet (e.g. one who only ever used Mozilla accounts). */
  currentPassword: text.max(1024).nullable(),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const staffCreateUserSchema = z.object({
  email: emailSchema,
  username: usernameSchema.optional(),
  displayName: nameText.trim().max(255).optional(),
  isStaff: z.boolean().optional(),
  /** The language of the person's mail, the invitation first (staff pick it; English when left out). */
  language: z.enum(SUPPORTED_LANGUAGES).optional(),
});
export type StaffCreateUserInput = z.input<typeof staffCreateUserSchema>;
