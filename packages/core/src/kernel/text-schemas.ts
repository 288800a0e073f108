/**
 * The one text type of every string input: procedures, forms, the sign-in routes. Browser-safe
 * (imports only zod), so the dashboard's forms refuse the same text the API does.
 *
 * PostgreSQL cannot store NUL in text, jsonb refuses a lone UTF-16 surrogate (half of a pair,
 * which is not Unicode at all), and the `pg` driver would silently turn one into U+FFFD in a text
 * column. Such input used to reach a query and come back as a 500; here it is a field error before
 * anything runs. Control characters go with them: nothing a person types in a one-line field, and
 * in logs, headers and other apps' screens they only cause trouble.
 *
 * A format schema goes after it with `pipe`, so broken text gets these words rather than the
 * format's: `text.pipe(z.email())`, `text.pipe(z.url())` (the URL parser would quietly
 * percent-encode a NUL and let it through).
 */
import { z } from 'zod';

export const TEXT_REFUSED = 'must not contain control characters or broken characters';

// C0 controls, DEL, the C1 controls, and (the u flag matches only unpaired halves) lone
// surrogates. A regular expression rather than isWellFormed(), which older browsers lack.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const REFUSED = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;
// The same, less tab, line feed and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const REFUSED_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/u;

/** Whether the text is well-formed Unicode without control characters (line breaks allowed if multiline). */
export function isCleanText(value: string, multiline = false): boolean {
  return !(multiline ? REFUSED_BUT_LINE_BREAKS : REFUSED).test(value);
}

/** One line of text: searches, ids, tokens, labels. Add trim, lengths and formats after it. */
// abort: later checks (lengths, formats) would only add confusing messages about broken text.
export const text = z.string().refine((value) => isCleanText(value), { message: TEXT_REFUSED, abort: true });

/** Text that may span lines (descriptions): tab, line feed and carriage return allowed. */
export const multilineText = z
  .string()
  .refine((value) => isCleanText(value, true), { message: TEXT_REFUSED, abort: true });

/**
 * A name the hub compares or looks up (display names, usernames, aliases, domains, client and
 * plan names): in Unicode's composed form (NFC), so "é" typed as one character or as "e" plus an
 * accent is the same name.
 */
export const nameText = text.normalize('NFC');

// NUL, or half a surrogate pair: what PostgreSQL's jsonb refuses inside a string.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the point
const UNSTORABLE_IN_JSONB = /[\u0000\ud800-\udfff]/u;

/**
 * Whether PostgreSQL can store the value in a jsonb column: no string or key anywhere in it holds a
 * NUL or a lone surrogate. Walked without recursion, so a deeply nested value cannot overflow the stack.
 */
export function isStorableInJsonb(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (UNSTORABLE_IN_JSONB.test(next)) return false;
    } else if (next && typeof next === 'object') {
      for (const [key, child] of Object.entries(next)) pending.push(key, child);
    }
  }
  return true;
}
