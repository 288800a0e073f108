import { useEffect, useState } from 'react';

/**
 * The address typed into the sign-up form, handed to the page the form goes to next ("check your
 * mail", or "you cannot create an account here yet") in this tab's sessionStorage rather than in
 * the URL: a URL lands in the browser's history, in access logs and in Referer headers, and a link
 * anyone can craft would make the page say "we sent mail to" any text. Only this origin's own
 * sign-up form writes it, one entry per page (a leftover meant for one never shows on the other);
 * the page takes it once (a reload shows the general words). Decisions 0069 and 0075.
 */
const KEYS = {
  'check-email': 'accounts.signed-up-address',
  'sign-up-not-allowed': 'accounts.refused-sign-up-address',
} as const;

/** The page the sign-up form hands the address to. */
export type SignedUpAddressPage = keyof typeof KEYS;

export function rememberSignedUpAddress(page: SignedUpAddressPage, email: string): void {
  try {
    sessionStorage.setItem(KEYS[page], email);
  } catch {
    // Storage switched off: the page says it without the address.
  }
}

/** The address the sign-up form left for the page, if any (left in place: see forgetSignedUpAddress). */
export function readSignedUpAddress(page: SignedUpAddressPage): string | null {
  try {
    return sessionStorage.getItem(KEYS[page]);
  } catch {
    return null;
  }
}

/** Called once the page has shown it, so a later visit (another person in this tab) does not. */
export function forgetSignedUpAddress(page: SignedUpAddressPage): void {
  try {
    sessionStorage.removeItem(KEYS[page]);
  } catch {
    // Nothing was stored.
  }
}

/**
 * For the page itself: the address, read on the first render and removed after it (read and
 * removal are apart so that React's double render in development does not lose it).
 */
export function useSignedUpAddress(page: SignedUpAddressPage): string | null {
  const [email] = useState(() => readSignedUpAddress(page));
  useEffect(() => forgetSignedUpAddress(page), [page]);
  return email;
}
