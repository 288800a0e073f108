import { deleteAccountSchema, profileUpdateSchema, signUpSchema } from '@accounts/core/identity/browser';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { de } from '../i18n/de/index.ts';
import { en } from '../i18n/en/complete.ts';
import { makeTranslate } from '../i18n/translate.ts';
import { fieldMessagesForIssues, messageForIssue } from './form.ts';

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
      'Prüfen Sie die Eingabe: Das wird hier nicht angenommen.',
    ]);
    expect(messages(deleteAccountSchema, { confirmEmail: '   ' })).toEqual([
      'Bitte füllen Sie dieses Feld aus.',
    ]);
  });
});

describe('one message per field, in words that say what to do', () => {
  const t = makeTranslate('en', en, en);
  const issues = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues ?? [];

  it('asks to fill in an empty field, not about its format', () => {
    const values = { email: '', password: 'a good long password' };
    expect(fieldMessagesForIssues(issues(signUpSchema, values), values, t)).toEqual({
      email: 'Please fill this in.',
    });
  });

  it('says what an email address looks like, and what a username may hold', () => {
    const values = { email: 'not an email', username: 'x', password: 'a good long password' };
    expect(
      fieldMessagesForIssues(issues(signUpSchema, values), values, t, {
        fieldMessages: { username: 'signIn.usernameTaken' },
        checkMessages: { username: 'signIn.usernameFormat' },
      }),
    ).toEqual({
      email: 'Enter an email address, like name@example.com.',
      username: 'Use 2–40 letters, digits, dots, dashes or underscores.',
    });
  });

  it('gives each field one message even when it breaks several rules', () => {
    const values = { displayName: 'x'.repeat(101), language: 'en', timezone: 'Mars/Base' };
    const messages = fieldMessagesForIssues(issues(profileUpdateSchema, values), values, t, {
      fieldMessages: { timezone: 'profile.timezone.invalid' },
    });
    expect(messages).toEqual({
      displayName: 'Please use at most 100 characters.',
      timezone: 'Please choose a time zone from the list.',
    });
  });
});
