/**
 * Words for the raw names staff pages show: languages (Intl.DisplayNames), audited record types
 * ("ClientEnvironment") and their fields ("isActive"). Names with a translation read as such;
 * any other is split into words ("quotaOverride" → "Quota override"), never shown raw.
 */
import type { Translate, TranslationKey } from '../i18n/translate.ts';

/** "isActive" / "paddle_event" / "directory.account" → "Is active" / "Paddle event" / "Directory account". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_.\-\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

function translatedOr(t: Translate, key: string, name: string): string {
  const text = t(key as TranslationKey);
  return text === key ? humanize(name) : text;
}

/** A record type of the audit log, e.g. "ClientEnvironment" → "Client environment". */
export function entityTypeLabel(type: string, t: Translate): string {
  return translatedOr(t, `labels.entity.${type}`, type);
}

/** A field of an audited record, e.g. "isActive" → "Active". */
export function fieldLabel(field: string, t: Translate): string {
  return translatedOr(t, `labels.field.${field}`, field);
}

/** A language code in the page's language ("de" → "German" / "Deutsch"); the code if unknown. */
export function languageLabel(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
