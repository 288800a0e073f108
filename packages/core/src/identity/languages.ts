/**
 * Languages the dashboard has a catalogue for; the first is the fallback. No imports at all, so
 * the dashboard's first bundle can use it without pulling zod in.
 */
export const SUPPORTED_LANGUAGES = ['en', 'de'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
