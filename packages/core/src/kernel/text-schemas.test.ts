import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isCleanText, multilineText, nameText, TEXT_REFUSED, text } from './text-schemas.ts';

const refusal = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? null : z.flattenError(result.error).formErrors;
};

describe('the shared text type', () => {
  it('refuses NUL, other control characters, and lone halves of surrogate pairs, in words', () => {
    for (const value of [
      'a\u0000b',
      'a\u0001b',
      'a\u001bb',
      'a\u007fb',
      'a\u0085b',
      'a\tb',
      'a\nb',
      'a\ud800b',
      'a\udc00',
      '\udc00\ud800',
      '\ud83d',
    ]) {
      expect([value, refusal(text, value)]).toEqual([value, [TEXT_REFUSED]]);
      expect(isCleanText(value)).toBe(false);
    }
  });

  it('takes every well-formed character beyond the controls: accents, scripts, emoji', () => {
    for (const value of [
      '',
      'Anne-Marie O’Neill',
      'Zoë',
      'Ελένη',
      '山田太郎',
      'family 👨‍👩‍👧',
      'a\u00a0b',
      '\u{10ffff}',
    ]) {
      expect(text.parse(value)).toBe(value);
    }
  });

  it('allows tab and line breaks in multi-line text only', () => {
    expect(multilineText.parse('line one\r\nline two\tindented')).toBe('line one\r\nline two\tindented');
    expect(refusal(multilineText, 'line\u0000')).toEqual([TEXT_REFUSED]);
    expect(refusal(multilineText, 'half \ud800 pair')).toEqual([TEXT_REFUSED]);
  });

  it('gives broken text one message, not the length or format rules after it too', () => {
    expect(refusal(text.min(5).max(3), '\u0000\u0000\u0000\u0000')).toEqual([TEXT_REFUSED]);
    expect(refusal(text.pipe(z.email('Enter an email address.')), 'a\u0000@example.test')).toEqual([
      TEXT_REFUSED,
    ]);
    expect(refusal(text.pipe(z.email('Enter an email address.')), 'nobody')).toEqual([
      'Enter an email address.',
    ]);
  });

  it('spells names one way (NFC), so a name typed with a combining accent matches the composed one', () => {
    const decomposed = 'Jose\u0301';
    const composed = 'Jos\u00e9';
    expect(nameText.parse(decomposed)).toBe(composed);
    expect(nameText.trim().max(5).parse(`  ${decomposed}  `)).toBe(composed);
  });
});
