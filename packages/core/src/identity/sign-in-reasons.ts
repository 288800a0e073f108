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
  'signup-not-allowed',
  'unknown',
] as const;

export type SignInFailureReason = (typeof SIGN_IN_FAILURE_REASONS)[number];

/** Whether the sign-in was for the dashboard itself or for a client app (changes the retry advice). */
export type SignInFlow = 'dashboard' | 'client';

/** Where a person SIGNUP_MODE does not (yet) let in is told so, with their address for staff. */
export const SIGNUP_NOT_ALLOWED_PATH = '/sign-up/not-allowed';

export function signUpNotAllowedPath(email: string, flow: SignInFlow): string {
  return `${SIGNUP_NOT_ALLOWED_PATH}?${new URLSearchParams({ email, flow })}`;
}

export function signInErrorPath(reason: SignInFailureReason, flow: SignInFlow, email?: string): string {
  if (reason === 'signup-not-allowed' && email) return signUpNotAllowedPath(email, flow);
  return `/sign-in/error?reason=${reason}&flow=${flow}`;
}
