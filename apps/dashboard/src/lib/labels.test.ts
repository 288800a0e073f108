import { describe, expect, it } from 'vitest';
import { de } from '../i18n/de/index.ts';
import { en } from '../i18n/en/complete.ts';
import { makeTranslate } from '../i18n/translate.ts';
import { deviceWords } from './device.ts';
import { entityTypeLabel, fieldLabel, humanize, languageLabel } from './labels.ts';

const english = makeTranslate('en', en, en);
const german = makeTranslate('de', de, en);

describe('words for the raw names staff pages show', () => {
  it('names languages in the page’s language', () => {
    expect(languageLabel('en', 'en')).toBe('English');
    expect(languageLabel('de', 'en-GB')).toBe('German');
    expect(languageLabel('en', 'de')).toBe('Englisch');
    expect(languageLabel('not a code', 'en')).toBe('not a code');
  });

  it('labels audited record types and fields, in English and German', () => {
    expect(entityTypeLabel('ClientEnvironment', english)).toBe('Client environment');
    expect(entityTypeLabel('ClientEnvironment', german)).toBe('Client-Umgebung');
    expect(fieldLabel('isActive', english)).toBe('Active');
    expect(fieldLabel('isActive', german)).toBe('Aktiv');
  });

  it('splits any other name into words rather than showing it raw', () => {
    expect(fieldLabel('scheduledChange', english)).toBe('Scheduled change');
    expect(entityTypeLabel('SomeNewThing', english)).toBe('Some new thing');
    expect(humanize('paddle_event')).toBe('Paddle event');
    expect(humanize('directory.account')).toBe('Directory account');
    expect(humanize('HTTPSRedirect')).toBe('Https redirect');
  });
});

describe('a device in words', () => {
  it('words the parts the server parsed, in the page’s language', () => {
    expect(deviceWords(english, 'Firefox 140', 'Windows')).toBe('Firefox 140 on Windows');
    expect(deviceWords(german, 'Firefox 140', 'Linux')).toBe('Firefox 140 unter Linux');
  });

  it('says what it can, and nothing for nothing', () => {
    expect(deviceWords(english, 'Safari 18', null)).toBe('Safari 18');
    expect(deviceWords(english, null, 'Android')).toBe('Android');
    expect(deviceWords(english, null, '')).toBeNull();
    expect(deviceWords(english, undefined, 42)).toBeNull();
  });
});
