import type { z } from 'zod';
import type { EncryptionKey } from '../config.ts';
import { openText, seal } from './sealed-box.ts';

/**
 * A cookie that carries state the browser must neither read nor forge (a sign-in in progress,
 * the device a person signed in from, a refused sign-up's address): the value as JSON, sealed
 * with the hub's keys under a context of its own, base64url. Reading checks everything the
 * cookie's owner would otherwise check by hand: a size limit before any work, the seal and its
 * context, the shape, and the age.
 */
export function sealCookieValue(keys: readonly EncryptionKey[], context: string, value: unknown): string {
  return seal(keys, JSON.stringify(value), context).toString('base64url');
}

export interface OpenCookieOptions<T> {
  schema: z.ZodType<T>;
  /** Longer raw values are not opened. */
  maxLength: number;
  /** When the value was made (ms since the epoch), and how old it may be. */
  issuedAt: (value: T) => number;
  maxAgeMs: number;
  now?: number;
}

/** The value, or null when absent, too long, not sealed by this hub for `context`, malformed or too old. */
export function openCookieValue<T>(
  keys: readonly EncryptionKey[],
  context: string,
  raw: string | undefined,
  { schema, maxLength, issuedAt, maxAgeMs, now = Date.now() }: OpenCookieOptions<T>,
): T | null {
  if (!raw || raw.length > maxLength) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(openText(keys, Buffer.from(raw, 'base64url'), context)));
    if (!parsed.success) return null;
    const age = now - issuedAt(parsed.data);
    return age >= 0 && age <= maxAgeMs ? parsed.data : null;
  } catch {
    return null;
  }
}
