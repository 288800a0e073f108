/**
 * The rules every name and address in Stalwart's directory follows. Browser-safe (a type import
 * only), so the dashboard can show the same reasons as the server while a person types.
 */
import type { HubErrorReason, ReasonParams } from '../kernel/errors.ts';

/**
 * Local parts people cannot take, on any of our domains or their own: role addresses that RFC 2142
 * and mail operations rely on (postmaster, abuse, hostmaster, …), addresses that would pass for the
 * service itself (admin, support, noreply, …) and names mail software treats specially.
 * Staff can still give them to group accounts and lists through mailAdmin.
 */
export const RESERVED_LOCAL_PARTS: readonly string[] = [
  // RFC 2142 and RFC 5321 role addresses
  'postmaster',
  'abuse',
  'hostmaster',
  'webmaster',
  'security',
  'noc',
  'info',
  'marketing',
  'sales',
  'support',
  'usenet',
  'news',
  'uucp',
  'ftp',
  'www',
  // the service and its operators
  'admin',
  'administrator',
  'root',
  'sysadmin',
  'ssladmin',
  'staff',
  'system',
  'help',
  'helpdesk',
  'billing',
  'accounts',
  'account',
  'privacy',
  'legal',
  'contact',
  'team',
  'official',
  // senders that must never reply
  'noreply',
  'no-reply',
  'donotreply',
  'do-not-reply',
  'mailer-daemon',
  'daemon',
  'nobody',
  'bounce',
  'bounces',
  // mail protocols and auto-configuration
  'mail',
  'email',
  'mx',
  'smtp',
  'imap',
  'pop',
  'pop3',
  'jmap',
  'autoconfig',
  'autodiscover',
  'dmarc',
  'dkim',
  'spf',
  'tls-rpt',
  'mta-sts',
  // list managers
  'list',
  'lists',
  'listmaster',
  'majordomo',
  'owner',
];

const RESERVED = new Set(RESERVED_LOCAL_PARTS);

export const LOCAL_PART_MIN = 2;
export const LOCAL_PART_MAX = 64;

/** A refusal: the English reason and its stable code (errors.ts) for clients' own wording. */
export interface RuleRefusal {
  ok: false;
  reason: string;
  code: HubErrorReason;
  params?: ReasonParams;
}

export type LocalPartCheck = { ok: true; localPart: string } | RuleRefusal;

/**
 * Checks a local part a person wants (primary address or alias) and returns it lower-cased, or
 * the first reason it cannot be used. `allowReserved` is for staff creating role addresses.
 */
export function checkLocalPart(input: string, options: { allowReserved?: boolean } = {}): LocalPartCheck {
  const localPart = input.trim().toLowerCase();
  if (localPart.length === 0) return { ok: false, reason: 'Enter the part before the @.', code: 'required' };
  if (localPart.includes('@'))
    return { ok: false, reason: 'Enter only the part before the @.', code: 'only-local-part' };
  if (localPart.includes('+')) {
    return {
      ok: false,
      reason: 'The + sign is kept for sub-addresses (you+anything@…) and cannot be used.',
      code: 'plus-sign',
    };
  }
  if (localPart.length < LOCAL_PART_MIN) {
    return { ok: false, reason: `Use at least ${LOCAL_PART_MIN} characters.`, code: 'too-short' };
  }
  if (localPart.length > LOCAL_PART_MAX) {
    return { ok: false, reason: `Use at most ${LOCAL_PART_MAX} characters.`, code: 'too-long' };
  }
  if (!/^[a-z0-9._-]+$/.test(localPart)) {
    return {
      ok: false,
      reason: 'Use only letters a–z, digits, dots, hyphens and underscores (no spaces or accents).',
      code: 'invalid-characters',
    };
  }
  if (!/^[a-z0-9]/.test(localPart) || !/[a-z0-9]$/.test(localPart)) {
    return { ok: false, reason: 'Start and end with a letter or a digit.', code: 'invalid-edges' };
  }
  if (localPart.includes('..'))
    return { ok: false, reason: 'Two dots in a row are not allowed.', code: 'double-dot' };
  if (!options.allowReserved && RESERVED.has(localPart)) {
    return {
      ok: false,
      reason: `"${localPart}" is reserved for the mail service.`,
      code: 'reserved',
      params: { localPart },
    };
  }
  return { ok: true, localPart };
}

export function isReservedLocalPart(localPart: string): boolean {
  return RESERVED.has(localPart.toLowerCase());
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export type DomainCheck = { ok: true; domain: string } | RuleRefusal;

/** A domain name as people type it (any case, trailing dot allowed), lower-cased. */
export function checkDomainName(input: string): DomainCheck {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  if (!domain) return { ok: false, reason: 'Enter a domain name, such as example.org.', code: 'required' };
  if (!DOMAIN.test(domain)) {
    return {
      ok: false,
      reason: 'This is not a domain name: use letters, digits and hyphens, such as example.org.',
      code: 'invalid-domain',
    };
  }
  return { ok: true, domain };
}

/** Splits a lower-cased address into its local part and domain; null if it is not one. */
export function splitAddress(address: string): { localPart: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { localPart: address.slice(0, at), domain: address.slice(at + 1) };
}
