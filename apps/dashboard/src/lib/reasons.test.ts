import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeError } from '../components/states.tsx';
import { de } from '../i18n/de/index.ts';
import { en } from '../i18n/en/index.ts';
import { makeTranslate } from '../i18n/translate.ts';
import { reasonText } from './reasons.ts';

/** An API refusal as the tRPC client hands it over (see trpc.ts errorFormatter). */
function refusal(message: string, reason: string | null) {
  return TRPCClientError.from({
    error: {
      message,
      code: -32012,
      data: { code: 'PRECONDITION_FAILED', httpStatus: 412, fieldErrors: null, reason },
    },
  } as never);
}

describe('refusal reasons', () => {
  const german = makeTranslate('de', de, en);

  it('words the API’s reason codes in the person’s language', () => {
    expect(reasonText('taken', german)).toBe('Diese Adresse ist bereits vergeben.');
    expect(reasonText('limit-reached', german)).toMatch(/Tarif/);
    expect(reasonText('plus-sign', makeTranslate('en', en, en))).toMatch(/\+ sign/);
  });

  it('falls back to the API’s message for no code or a code this build does not know', () => {
    expect(reasonText(null, german)).toBeNull();
    expect(reasonText('from-a-newer-api', german)).toBeNull();
    expect(reasonText('toString', german)).toBeNull();
    expect(describeError(refusal('Your plan allows 2 aliases.', 'limit-reached'), german)).toMatch(/Tarif/);
    expect(describeError(refusal('Something new.', 'from-a-newer-api'), german)).toBe('Something new.');
    expect(describeError(refusal('Plain refusal.', null), german)).toBe('Plain refusal.');
  });
});
