/**
 * What a browser may load from identity: zod schemas and constants (no server code), and the
 * types of what its procedures answer. The dashboard imports identity only through this module.
 */
export { deleteAccountSchema, listTimeZones, profileUpdateSchema } from './account-schemas.ts';
export {
  changePasswordSchema,
  PASSWORD_MIN_LENGTH,
  requestEmailChangeSchema,
  requestPasswordResetSchema,
  setPasswordSchema,
  signInWithPasswordSchema,
  signUpSchema,
  staffCreateUserSchema,
  verifyEmailSchema,
} from './auth-schemas.ts';
export type { UserDto } from './dto.ts';
export type { SupportedLanguage } from './languages.ts';
export { SUPPORTED_LANGUAGES } from './languages.ts';
export type { SignInFailureReason } from './sign-in-reasons.ts';
export { SIGN_IN_FAILURE_REASONS, SIGNUP_NOT_ALLOWED_PATH, safeReturnPath } from './sign-in-reasons.ts';
