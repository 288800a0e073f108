import type { Catalogue, MessageKey } from './en/index.ts';

/** Keys that come in plural forms (`x_one`, `x_other`, …) are called by their base name `x`. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;
export type TranslationKey = MessageKey | PluralKey;
export type MessageParams = Record<string, string | number>;
export type Translate = (key: TranslationKey, params?: MessageParams) => string;

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * Looks a key up in the catalogue and fills `{name}` placeholders. With a numeric `count` the
 * plural form comes from Intl.PluralRules (`_one`, `_other`, …); missing forms fall back to
 * `_other`, and a missing key to the fallback catalogue, so a gap never shows a raw key.
 */
export function makeTranslate(locale: string, catalogue: Catalogue, fallback: Catalogue): Translate {
  const plurals = new Intl.PluralRules(locale);
  const lookup = (key: string): string | undefined =>
    (catalogue as Record<string, string>)[key] ?? (fallback as Record<string, string>)[key];
  return (key, params) => {
    let message: string | undefined;
    if (params && typeof params.count === 'number') {
      message = lookup(`${key}_${plurals.select(params.count)}`) ?? lookup(`${key}_other`);
    }
    message ??= lookup(key) ?? key;
    if (!params) return message;
    return message.replace(PLACEHOLDER, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}
