import { isIP } from 'node:net';
import { badInput } from '../kernel/errors.ts';
import { blockedAddressReason } from './webhook-targets.ts';

/** Environment names whose redirect URL may use plain http on this machine. */
const DEV_ENVIRONMENTS = new Set(['dev', 'development', 'local']);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

export function isDevEnvironment(environment: string): boolean {
  return DEV_ENVIRONMENTS.has(environment.toLowerCase());
}

function parse(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput('Enter a full URL, such as https://app.example.com/callback.', field);
  }
  if (url.username || url.password) {
    throw badInput('The URL must not contain a user name or password.', field);
  }
  if (url.hash || value.includes('#')) throw badInput('The URL must not contain a #fragment.', field);
  return url;
}

/**
 * Where the hub sends people back after sign-in: https, or http on localhost for dev
 * environments only. No credentials or fragments (the hub appends the code and state).
 */
export function validateRedirectUrl(value: string, environment: string, field = 'redirectUrl'): string {
  const url = parse(value, field);
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:') {
    if (!LOCAL_HOSTS.has(url.hostname)) {
      throw badInput('Plain http is only allowed for localhost or 127.0.0.1.', field);
    }
    if (!isDevEnvironment(environment)) {
      throw badInput(
        'Plain http is only allowed in a dev environment; use https for this environment.',
        field,
      );
    }
    return url.toString();
  }
  throw badInput('The redirect URL must start with https://.', field);
}

/**
 * Where people open a client app from their overview: https only (it is a link we show to
 * everyone with the plan), no credentials or fragments. Empty or absent means no link.
 */
export function validateLaunchUrl(value: string | null | undefined, field = 'launchUrl'): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const url = parse(value.trim(), field);
  if (url.protocol !== 'https:') throw badInput('The launch URL must start with https://.', field);
  return url.toString();
}

/**
 * Where webhooks are sent. https always; plain http only where private targets are allowed (dev
 * receivers on this machine). DNS names are checked again, address by address, at delivery.
 */
export function validateWebhookUrl(value: string, allowPrivateTargets: boolean, field = 'url'): string {
  const url = parse(value, field);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowPrivateTargets)) {
    throw badInput('The webhook URL must start with https://.', field);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateTargets && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw badInput('Webhooks cannot be sent to this machine.', field);
  }
  const refused = isIP(host) && !allowPrivateTargets ? blockedAddressReason(host) : null;
  if (refused) {
    throw badInput(`Webhooks go to public addresses only; ${host} is ${refused}.`, field);
  }
  return url.toString();
}
