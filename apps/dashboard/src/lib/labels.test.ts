import { describe, expect, it } from 'vitest';
import { de } from '../i18n/de/index.ts';
import { en } from '../i18n/en/index.ts';
import { makeTranslate } from '../i18n/translate.ts';
import { entityTypeLabel, fieldLabel, humanize, languageLabel } from './labels.ts';
import { describeUserAgent, deviceLabel } from './user-agent.ts';

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

describe('a User-Agent in words', () => {
  const cases: [string, string][] = [
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
      'Firefox 140 on Windows',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      'Chrome 156 on Linux',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Edge 131 on Windows',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      'Safari 18 on iOS',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      'Safari 17 on macOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
      'Samsung Internet 25 on Android',
    ],
  ];

  it.each(cases)('%s', (userAgent, words) => {
    expect(deviceLabel(userAgent, english)).toBe(words);
  });

  it('says what it can, and "Unknown device" for nothing', () => {
    expect(describeUserAgent('curl/8.5.0')).toEqual({ browser: null, system: null });
    expect(deviceLabel('curl/8.5.0', english)).toBe('Unknown device');
    expect(deviceLabel(null, german)).toBe('Unbekanntes Gerät');
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', german)).toBe(
      'Firefox 140 unter Linux',
    );
  });
});
