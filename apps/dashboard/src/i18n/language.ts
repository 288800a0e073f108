import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '@accounts/core/identity/browser';

export { SUPPORTED_LANGUAGES, type SupportedLanguage };

/** Language names in their own language, for pickers (not translated on purpose). */
export const LANGUAGE_NAMES: Record<SupportedLanguage, string> = { en: 'English', de: 'Deutsch' };

function baseOf(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}

function supported(tag: string | null | undefined): SupportedLanguage | null {
  const base = tag ? baseOf(tag) : '';
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base) ? (base as SupportedLanguage) : null;
}

/** The person's language setting when we have it, else the browser's first supported one, else English. */
export function pickLanguage(
  personLanguage: string | null | undefined,
  browserLanguages: readonly string[],
): SupportedLanguage {
  return supported(personLanguage) ?? browserLanguages.map(supported).find(Boolean) ?? SUPPORTED_LANGUAGES[0];
}

/**
 * The locale for dates and numbers: the browser's own regional variant of the chosen language
 * (en-GB writes dates differently from en-US), else the language itself.
 */
export function pickLocale(language: SupportedLanguage, browserLanguages: readonly string[]): string {
  return browserLanguages.find((tag) => baseOf(tag) === language) ?? language;
}

let deviceZone: string | undefined;

/**
 * The device's time zone, asked once: the first Intl.DateTimeFormat of a page loads the
 * browser's time zone data, which took ~100 ms of main thread on a throttled phone (a long task
 * that counted in Lighthouse's total blocking time), and every render asked again.
 */
export function browserTimeZone(): string {
  deviceZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return deviceZone;
}
