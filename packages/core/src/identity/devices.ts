import { UAParser } from 'ua-parser-js';

/**
 * A session's User-Agent in parts people can read, parsed once on the server (ua-parser-js) for
 * every page that shows devices: a person's sessions and account activity, and staff's view.
 */
/** The browser ("Firefox 140") and the device or operating system ("Linux", "Apple iPhone"). */
export function deviceParts(userAgent: string | null | undefined): {
  browser: string | null;
  system: string | null;
} {
  if (!userAgent) return { browser: null, system: null };
  const { browser, os, device } = UAParser(userAgent);
  const name = [browser.name, browser.major].filter(Boolean).join(' ');
  const system = [device.vendor, device.model].filter(Boolean).join(' ') || os.name;
  return { browser: name || null, system: system || null };
}

export function describeDevice(userAgent: string | null | undefined): string {
  const { browser, system } = deviceParts(userAgent);
  if (browser && system) return `${browser} on ${system}`;
  return browser || system || 'Unknown device';
}
