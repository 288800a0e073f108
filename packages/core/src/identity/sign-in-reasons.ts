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

/**
 * Where a person SIGNUP_MODE does not (yet) let in is told so. Their address never travels in
 * this URL (browser history, access logs, Referer): the page gets it from the tab (sign-up form)
 * or a sealed one-minute cookie (Mozilla), decision 0075.
 */
export const SIGNUP_NOT_ALLOWED_PATH = '/sign-up/not-allowed';

export function signInErrorPath(reason: SignInFailureReason, flow: SignInFlow): string {
  if (reason === 'signup-not-allowed') return `${SIGNUP_NOT_ALLOWED_PATH}?flow=${flow}`;
  return `/sign-in/error?reason=${reason}&flow=${flow}`;
}

/** Where a sign-in may send the browser back to at most: a path this long, or the overview. */
const RETURN_PATH_MAX = 512;

/**
 * The page to go back to after signing in, if it is a path on our own origin; else the overview
 * ("/"). Browsers read "//host" and "/\host" as another host, and treat "\" as "/" and drop tabs
 * and newlines anywhere in a URL, so any backslash or control character refuses the value as a
 * whole rather than being cleaned. The sign-in pages themselves are refused too (a loop).
 * Used by the server on every redirect and by the dashboard before it puts a path in a link.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (typeof value !== 'string' || value.length > RETURN_PATH_MAX) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
  if (/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, 'http://return-path.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://return-path.invalid') return '/';
  if (/^\/(sign-in|auth)(\/|$)/.test(url.pathname)) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
