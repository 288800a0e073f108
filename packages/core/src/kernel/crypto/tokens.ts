import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random, URL-safe token of `bytes` bytes of entropy (>= 16), optionally prefixed for secret scanners. */
export function randomToken(bytes = 32, prefix = ''): string {
  if (bytes < 16) throw new Error('tokens need at least 128 bits');
  return prefix + randomBytes(bytes).toString('base64url');
}

/** One-shot: no Hash object (and its native context) per call, which the session check makes per request. */
export function sha256(value: string | Buffer): Buffer {
  return hash('sha256', value, 'buffer');
}

/** Constant-time comparison of two strings or buffers of any length. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  // Hashing first gives equal lengths, so timingSafeEqual never throws and leaks no length.
  return timingSafeEqual(sha256(a), sha256(b));
}
