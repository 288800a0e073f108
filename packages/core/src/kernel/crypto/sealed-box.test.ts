import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, openText, SealedBoxError, seal, sealedKeyId } from './sealed-box.ts';

const oldKey = { id: 'old', key: randomBytes(32) };
const newKey = { id: 'new', key: randomBytes(32) };

describe('sealed box', () => {
  it('round-trips and never contains the plaintext', () => {
    const sealed = seal([newKey], 'refresh-token-value', 'user:1:fxa');
    expect(sealed.includes(Buffer.from('refresh-token-value'))).toBe(false);
    expect(openText([newKey], sealed, 'user:1:fxa')).toBe('refresh-token-value');
    expect(sealedKeyId(sealed)).toBe('new');
  });

  it('opens values sealed with an older key after rotation', () => {
    const sealed = seal([oldKey], 'x', 'ctx');
    expect(openText([newKey, oldKey], sealed, 'ctx')).toBe('x');
    expect(sealedKeyId(seal([newKey, oldKey], 'x', 'ctx'))).toBe('new');
  });

  it('refuses a value moved to another context, tampered with, or sealed with an unknown key', () => {
    const sealed = seal([newKey], 'x', 'user:1');
    expect(() => open([newKey], sealed, 'user:2')).toThrow(SealedBoxError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => open([newKey], tampered, 'user:1')).toThrow(SealedBoxError);
    expect(() => open([oldKey], sealed, 'user:1')).toThrow(/no configured encryption key has id "new"/);
  });
});
