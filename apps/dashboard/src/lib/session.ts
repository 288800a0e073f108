import { safeReturnPath } from '@accounts/core/identity/browser';

/** The identity area's sign-in page; people without a session are sent there. */
export const SIGN_IN_PATH = '/sign-in';

/**
 * The sign-in page, told to come back to `path` afterwards (the server keeps only paths of our
 * own origin, and so does this: a hostile path just leaves the overview as the destination).
 */
export function signInPathFor(path: string): string {
  const returnTo = safeReturnPath(path);
  return returnTo === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?return_to=${encodeURIComponent(returnTo)}`;
}

/** The page the browser shows now, as a return path (path, query and fragment). */
export function currentPath(): string {
  return window.location.pathname + window.location.search + window.location.hash;
}

let inSignedInArea = false;

/** The signed-in layout says when it is on screen, so only its pages react to a lost session. */
export function setInSignedInArea(value: boolean): void {
  inSignedInArea = value;
}

/**
 * A query or mutation answered UNAUTHORIZED: the session ended (signed out elsewhere, expired,
 * deactivated). On a signed-in page that means going to the sign-in page, with a full page load
 * since that page belongs to another area.
 */
export function handleLostSession(): void {
  if (inSignedInArea && window.location.pathname !== SIGN_IN_PATH) {
    window.location.assign(signInPathFor(currentPath()));
  }
}
