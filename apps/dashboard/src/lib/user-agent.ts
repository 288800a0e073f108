/**
 * A User-Agent string in words people use: "Firefox 140 on Windows", not the string itself.
 * Small on purpose (the server parses with ua-parser-js for the person's own sessions; staff pages
 * get raw strings and should not ship a parser): the browsers and systems people use, by the
 * tokens that tell them apart, checked most specific first (Edge and Opera also say "Chrome",
 * Chrome also says "Safari", iPads may say "Macintosh"). Shared by every page that shows devices.
 */
import type { Translate } from '../i18n/translate.ts';

export interface DeviceParts {
  browser: string | null;
  system: string | null;
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\b(?:OPR|Opera)\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\bVivaldi\/(\d+)/, 'Vivaldi'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/\b(?:Chrome|CriOS|Chromium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPad\b/, 'iPadOS'],
  [/\biPhone\b|\biPod\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

export function describeUserAgent(userAgent: string | null | undefined): DeviceParts {
  if (!userAgent) return { browser: null, system: null };
  let browser: string | null = null;
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  return { browser, system };
}

/**
 * "Firefox 140 on Windows", one of the two, or "Unknown device" (the raw string is for a
 * tooltip at most: it is what people cannot read).
 */
export function deviceLabel(userAgent: string | null | undefined, t: Translate): string {
  const { browser, system } = describeUserAgent(userAgent);
  if (browser && system) return t('device.browserOn', { browser, system });
  return browser ?? system ?? t('device.unknown');
}
