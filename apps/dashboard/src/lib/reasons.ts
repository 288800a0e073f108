import type { HubErrorReason } from '@accounts/core/kernel/browser';
import type { MessageParams, Translate, TranslationKey } from '../i18n/translate.ts';
import { isApiError } from './trpc.ts';

/**
 * The catalogue key for each refusal reason the API sends beside its English message. A Record
 * over the API's union, so the type checker asks for wording whenever a code is added.
 */
const REASON_KEYS: Record<HubErrorReason, TranslationKey> = {
  required: 'reason.required',
  'only-local-part': 'reason.only-local-part',
  'plus-sign': 'reason.plus-sign',
  'too-short': 'reason.too-short',
  'too-long': 'reason.too-long',
  'invalid-characters': 'reason.invalid-characters',
  'invalid-edges': 'reason.invalid-edges',
  'double-dot': 'reason.double-dot',
  'dollar-sign': 'reason.dollar-sign',
  reserved: 'reason.reserved',
  taken: 'reason.taken',
  duplicate: 'reason.duplicate',
  'invalid-domain': 'reason.invalid-domain',
  'service-domain': 'reason.service-domain',
  'domain-unverified': 'reason.domain-unverified',
  'domain-taken': 'reason.domain-taken',
  'domain-has-aliases': 'reason.domain-has-aliases',
  'limit-reached': 'reason.limit-reached',
  'not-included': 'reason.not-included',
  'no-mail-plan': 'reason.no-mail-plan',
  'no-mailbox': 'reason.no-mailbox',
  'mailbox-receive-only': 'reason.mailbox-receive-only',
  'mailbox-inactive': 'reason.mailbox-inactive',
  'address-fixed': 'reason.address-fixed',
  'not-removable': 'reason.not-removable',
  'catch-all-setting': 'reason.catch-all-setting',
  'signup-not-allowed': 'reason.signup-not-allowed',
};

/**
 * The person's-language wording of a reason code with its values filled in; null for no code, one
 * this build does not know, or values missing from the answer (the API's message says it then).
 */
export function reasonText(
  reason: string | null | undefined,
  params: MessageParams | null | undefined,
  t: Translate,
): string | null {
  if (!reason || !Object.hasOwn(REASON_KEYS, reason)) return null;
  const text = t(REASON_KEYS[reason as HubErrorReason], params ?? {});
  return /\{\w+\}/.test(text) ? null : text;
}

/** The wording for an API error's reason code, or null when it carries none (use its message). */
export function errorReasonText(error: unknown, t: Translate): string | null {
  return isApiError(error) ? reasonText(error.data?.reason, error.data?.reasonParams, t) : null;
}
