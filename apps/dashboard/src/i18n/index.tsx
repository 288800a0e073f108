import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { type Catalogue, en } from './en/index.ts';
import { type Formatters, makeFormatters } from './format.ts';
import { browserTimeZone, pickLanguage, pickLocale, type SupportedLanguage } from './language.ts';
import { makeTranslate, type Translate } from './translate.ts';

export { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from './language.ts';
export type { TranslationKey } from './translate.ts';

/** English ships in the first bundle (it is the fallback); other languages load on demand. */
const loaders: Record<Exclude<SupportedLanguage, 'en'>, () => Promise<Catalogue>> = {
  de: () => import('./de/index.ts').then((module) => module.de),
};
/**
 * English, completed with the staff pages' text by `loadStaffMessages` (the staff routes' loader),
 * so people never download it; every staff page renders only once it is here.
 */
const english = en as Catalogue;
const loaded = new Map<SupportedLanguage, Catalogue>([['en', english]]);

let staffMessages: Promise<void> | null = null;
export function loadStaffMessages(): Promise<void> {
  staffMessages ??= import('./en/staff.ts').then(
    (module) => {
      Object.assign(english, module.enStaff);
    },
    (error: unknown) => {
      staffMessages = null; // a failed chunk load is tried again on the next navigation
      throw error;
    },
  );
  return staffMessages;
}

export function loadCatalogue(language: SupportedLanguage): Promise<Catalogue> {
  const ready = loaded.get(language);
  if (ready) return Promise.resolve(ready);
  return loaders[language as Exclude<SupportedLanguage, 'en'>]().then((catalogue) => {
    loaded.set(language, catalogue);
    return catalogue;
  });
}

/** Starts loading the browser's language before anything else is known (no waterfall later). */
export function preloadBrowserCatalogue(): void {
  void loadCatalogue(pickLanguage(null, navigator.languages)).catch(() => {});
}

export interface I18n {
  language: SupportedLanguage;
  locale: string;
  timeZone: string;
  t: Translate;
  format: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

export interface I18nProviderProps {
  /** The signed-in person's settings; null while signed out or not yet known. */
  person: { language: string; timezone: string } | null;
  /** The browser's languages; the build's first frames (src/first-frames.tsx) pass their own. */
  browserLanguages?: readonly string[];
  children: ReactNode;
}

export function I18nProvider({ person, browserLanguages, children }: I18nProviderProps) {
  const language = pickLanguage(person?.language, browserLanguages ?? navigator.languages);
  const [catalogue, setCatalogue] = useState<{ language: SupportedLanguage; messages: Catalogue }>(() => ({
    language: loaded.has(language) ? language : 'en',
    messages: loaded.get(language) ?? english,
  }));

  useEffect(() => {
    let current = true;
    loadCatalogue(language).then(
      (messages) => current && setCatalogue({ language, messages }),
      // A catalogue that failed to load leaves the page in the language it already shows.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [language]);

  const personZone = person?.timezone;
  const value = useMemo<I18n>(() => {
    const locale = pickLocale(catalogue.language, browserLanguages ?? navigator.languages);
    // The device's zone is asked for only when something reads it (see makeFormatters).
    const timeZone = () => personZone ?? browserTimeZone();
    return {
      language: catalogue.language,
      locale,
      get timeZone() {
        return timeZone();
      },
      t: makeTranslate(locale, catalogue.messages, english),
      format: makeFormatters(locale, timeZone),
    };
  }, [catalogue, personZone, browserLanguages]);

  useEffect(() => {
    document.documentElement.lang = value.language;
  }, [value.language]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an <I18nProvider> above it');
  return value;
}

/** Shorthand for components that only translate. */
export function useT(): Translate {
  return useI18n().t;
}
