// Browser-safe (no imports): the dashboard's /sign-in/error page explains each of these.

/** Why a sign-in ended on /sign-in/error. */
export const SIGN_IN_FAILURE_REASONS = [
  'cancelled',
  'expired',
  'state-mismatch',
  'code-rejected',
  'provider-unavailable',
  'provider-error',
  'login-link-invalid',
  'app-unavailable',
  'account-disabled',
  'account-conflict',
  'wrong-method',
  'unknown',
] as const;

export type SignInFailureReason = (typeof SIGN_IN_FAILURE_REASONS)[number];

/** Whether the sign-in was for the dashboard itself or for a client app (changes the retry advice). */
export type SignInFlow = 'dashboard' | 'client';

export function signInErrorPath(reason: SignInFailureReason, flow: SignInFlow): string {
  return `/sign-in/error?reason=${reason}&flow=${flow}`;
}
