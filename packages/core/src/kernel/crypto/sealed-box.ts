import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config.ts';

/**
 * Authenticated encryption at rest (AES-256-GCM) with the key id stored beside the ciphertext:
 *   version (1) | key id length (1) | key id | iv (12) | tag (16) | ciphertext
 * The first configured key seals; any configured key opens, so keys rotate by adding a new one
 * in front and re-sealing at leisure. `context` binds a ciphertext to where it belongs (for
 * example "user:<id>:fxa-token"), so a value copied into another row does not open.
 */
const VERSION = 1;

export function seal(keys: readonly EncryptionKey[], plaintext: string | Buffer, context: string): Buffer {
  const current = keys[0];
  if (!current) throw new Error('no encryption key configured');
  const id = Buffer.from(current.id, 'utf8');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION, id.length]), id, iv, cipher.getAuthTag(), ciphertext]);
}

export class SealedBoxError extends Error {
  override name = 'SealedBoxError';
}

export function open(keys: readonly EncryptionKey[], sealed: Buffer, context: string): Buffer {
  if (sealed.length < 2 || sealed[0] !== VERSION) throw new SealedBoxError('unknown sealed-box format');
  const idLength = sealed[1]!;
  const id = sealed.subarray(2, 2 + idLength).toString('utf8');
  const key = keys.find((candidate) => candidate.id === id);
  if (!key) throw new SealedBoxError(`no configured encryption key has id "${id}"`);
  const offset = 2 + idLength;
  const iv = sealed.subarray(offset, offset + 12);
  const tag = sealed.subarray(offset + 12, offset + 28);
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(offset + 28)), decipher.final()]);
  } catch {
    throw new SealedBoxError('sealed value failed authentication');
  }
}

export function openText(keys: readonly EncryptionKey[], sealed: Buffer, context: string): string {
  return open(keys, sealed, context).toString('utf8');
}

/** The id of the key a value was sealed with, to find values that still need re-sealing. */
export function sealedKeyId(sealed: Buffer): string {
  return sealed.subarray(2, 2 + (sealed[1] ?? 0)).toString('utf8');
}
