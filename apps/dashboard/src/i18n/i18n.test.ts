import { describe, expect, it, vi } from 'vitest';
import { de } from './de/index.ts';
import { en } from './en/complete.ts';
import { makeFormatters } from './format.ts';
import { pickLanguage, pickLocale } from './language.ts';
import { makeTranslate } from './translate.ts';

describe('the message catalogues', () => {
  it('have the same keys in German as in English, none of them empty', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(de)) expect(message.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (message: string) =>
      [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe('translate', () => {
  const t = makeTranslate('de', de, en);

  it('fills placeholders and picks plural forms by the language’s rules', () => {
    expect(t('overview.greeting', { name: 'Ada' })).toBe('Hallo, Ada.');
    expect(t('table.results', { count: 1, number: '1' })).toBe('1 Ergebnis');
    expect(t('table.results', { count: 1234, number: '1.234' })).toBe('1.234 Ergebnisse');
  });

  it('falls back to English for a key a catalogue lacks, and never shows a placeholder it cannot fill', () => {
    const partial = makeTranslate('de', { ...de, 'nav.profile': undefined } as never, en);
    expect(partial('nav.profile')).toBe('Profile');
    expect(t('overview.greeting')).toBe('Hallo, {name}.');
  });
});

describe('choosing the language and locale', () => {
  it('prefers the person’s setting, then the browser’s languages, then English', () => {
    expect(pickLanguage('de', ['en-US'])).toBe('de');
    expect(pickLanguage(null, ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage('xx', ['fr'])).toBe('en');
    expect(pickLanguage('de-DE', [])).toBe('de');
  });

  it('keeps the browser’s regional variant of the chosen language for dates and numbers', () => {
    expect(pickLocale('en', ['en-GB', 'de'])).toBe('en-GB');
    expect(pickLocale('de', ['en-GB'])).toBe('de');
  });
});

describe('formatters', () => {
  it('show dates in the person’s time zone and numbers in their locale', () => {
    const instant = new Date('2026-03-01T23:30:00Z');
    expect(makeFormatters('de', 'Europe/Berlin').date(instant)).toBe('02.03.2026');
    expect(makeFormatters('en-US', 'America/New_York').date(instant)).toBe('Mar 1, 2026');
    expect(makeFormatters('de', 'UTC').number(1234567.5)).toBe('1.234.567,5');
    expect(makeFormatters('en', 'UTC').bytes(5 * 1024 ** 3)).toBe('5 GB');
  });

  it('ask for the time zone only when a date is shown (a page without dates loads no time zone data)', () => {
    const zone = vi.fn(() => 'Europe/Berlin');
    const format = makeFormatters('de', zone);
    expect(format.number(2)).toBe('2');
    expect(zone).not.toHaveBeenCalled();
    expect(format.date(new Date('2026-03-01T23:30:00Z'))).toBe('02.03.2026');
    expect(format.date(new Date('2026-03-02T23:30:00Z'))).toBe('03.03.2026');
    expect(zone).toHaveBeenCalledTimes(1);
  });
});
