import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeError } from '../components/states.tsx';
import { de } from '../i18n/de/index.ts';
import { en } from '../i18n/en/complete.ts';
import { makeTranslate } from '../i18n/translate.ts';
import { reasonText } from './reasons.ts';

/** An API refusal as the tRPC client hands it over (see trpc.ts errorFormatter). */
function refusal(
  message: string,
  reason: string | null,
  reasonParams: Record<string, unknown> | null = null,
) {
  return TRPCClientError.from({
    error: {
      message,
      code: -32012,
      data: { code: 'PRECONDITION_FAILED', httpStatus: 412, fieldErrors: null, reason, reasonParams },
    },
  } as never);
}

describe('refusal reasons', () => {
  const german = makeTranslate('de', de, en);

  it('words the API’s reason codes in the person’s language, with their values', () => {
    expect(reasonText('taken', null, german)).toBe('Diese Adresse ist bereits vergeben.');
    expect(reasonText('reserved', { localPart: 'abuse' }, german)).toBe(
      '„abuse“ ist für den Maildienst reserviert.',
    );
    expect(reasonText('plus-sign', null, makeTranslate('en', en, en))).toMatch(/\+ sign/);
    expect(describeError(refusal('Your plan allows 2 aliases.', 'limit-reached', { limit: 2 }), german)).toBe(
      'Ihr Tarif enthält 2 davon, und Sie nutzen alle. Entfernen Sie zuerst einen Eintrag.',
    );
  });

  it('falls back to the API’s message for no code, an unknown code, or missing values', () => {
    expect(reasonText(null, null, german)).toBeNull();
    expect(reasonText('from-a-newer-api', null, german)).toBeNull();
    expect(reasonText('toString', null, german)).toBeNull();
    // Values the wording needs but the answer lacks: the message rather than a raw placeholder.
    expect(reasonText('reserved', null, german)).toBeNull();
    expect(describeError(refusal('Your plan allows 2 aliases.', 'limit-reached'), german)).toBe(
      'Your plan allows 2 aliases.',
    );
    expect(describeError(refusal('Something new.', 'from-a-newer-api'), german)).toBe('Something new.');
    expect(describeError(refusal('Plain refusal.', null), german)).toBe('Plain refusal.');
  });
});
