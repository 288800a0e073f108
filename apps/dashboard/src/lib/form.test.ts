import { deleteAccountSchema, profileUpdateSchema } from '@accounts/core/identity/browser';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { de } from '../i18n/de/index.ts';
import { en } from '../i18n/en/index.ts';
import { makeTranslate } from '../i18n/translate.ts';
import { messageForIssue } from './form.ts';

describe('messages for the API’s own validation rules', () => {
  const t = makeTranslate('de', de, en);
  const messages = (schema: z.ZodType, value: unknown) =>
    (schema.safeParse(value).error?.issues ?? []).map((issue) => messageForIssue(issue, t));

  it('translates the issues of the shared schemas instead of showing zod’s English', () => {
    expect(
      messages(profileUpdateSchema, { displayName: 'x'.repeat(101), language: 'fr', timezone: 'Mars/Base' }),
    ).toEqual([
      'Bitte verwenden Sie höchstens 100 Zeichen.',
      'Bitte wählen Sie eine der Möglichkeiten.',
      'Dieser Wert ist ungültig.',
    ]);
    expect(messages(deleteAccountSchema, { confirmEmail: '   ' })).toEqual([
      'Bitte füllen Sie dieses Feld aus.',
    ]);
  });
});
