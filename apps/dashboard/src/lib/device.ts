import type { Translate } from '../i18n/translate.ts';

/**
 * A device in words: "Firefox 140 on Linux", one of the two, or null when nothing is known. The
 * server parses the User-Agent (identity's devices.ts, ua-parser-js) and sends the parts; every
 * page that shows a device (sessions, account activity, staff's user page) words them here.
 */
export function deviceWords(t: Translate, browser: unknown, system: unknown): string | null {
  const named = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  const b = named(browser);
  const s = named(system);
  if (b && s) return t('device.browserOn', { browser: b, system: s });
  return b ?? s;
}
