/**
 * The address typed into the sign-up form, handed to the "check your mail" page in this tab's
 * sessionStorage rather than in the URL: a URL lands in the browser's history and in access logs,
 * and a link anyone can craft would make the page say "we sent mail to" any text. Only this
 * origin's own sign-up form writes it; the page takes it once (a reload shows the generic words).
 */
const KEY = 'accounts.signed-up-address';

export function rememberSignedUpAddress(email: string): void {
  try {
    sessionStorage.setItem(KEY, email);
  } catch {
    // Storage switched off: the page says it without the address.
  }
}

/** The address the sign-up form left for the page, if any (left in place: see forgetSignedUpAddress). */
export function readSignedUpAddress(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Called once the page has shown it, so a later visit (another person in this tab) does not. */
export function forgetSignedUpAddress(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}
