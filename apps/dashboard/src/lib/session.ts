/** The identity area's sign-in page; people without a session are sent there. */
export const SIGN_IN_PATH = '/sign-in';

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
  if (inSignedInArea && window.location.pathname !== SIGN_IN_PATH) window.location.assign(SIGN_IN_PATH);
}
