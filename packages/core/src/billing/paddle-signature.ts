import { createHmac, timingSafeEqual } from 'node:crypto';

/** Paddle's tolerance for the signature timestamp, in seconds, both ways. */
export const SIGNATURE_TOLERANCE_SECONDS = 5;

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' | 'no-secret' };

export interface ParsedSignature {
  timestamp: number;
  /** Every h1 value: Paddle sends several while a secret is being rotated. */
  signatures: Buffer[];
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** `ts=<unix seconds>;h1=<hex>[;h1=<hex>…]`; anything else is malformed. */
export function parseSignatureHeader(header: string): ParsedSignature | null {
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 1) return null;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 'ts') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'h1') {
      if (!HEX_SHA256.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Unknown keys are ignored so a future scheme can be added beside h1.
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

export function computeSignature(secret: string, timestamp: number, rawBody: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}:`).update(rawBody).digest();
}

/**
 * Verifies a Paddle-Signature header over the raw body: the timestamp within tolerance both ways,
 * then every h1 (secret rotation) compared in constant time with the HMAC of the raw bytes. This
 * is the only check (decision 0067): Paddle's SDK, once a second opinion here, computed the same
 * HMAC over the same bytes, and loading its ~800 modules on the first webhook held every
 * acknowledgement arriving meanwhile for a quarter of a second.
 */
export async function verifyPaddleSignature(
  rawBody: string | Buffer,
  header: string | null | undefined,
  secret: string,
  now: Date = new Date(),
): Promise<SignatureCheck> {
  if (!secret) return { ok: false, reason: 'no-secret' };
  if (!header) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const ageSeconds = now.getTime() / 1000 - parsed.timestamp;
  if (Math.abs(ageSeconds) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };

  const expected = computeSignature(secret, parsed.timestamp, rawBody);
  let matching: Buffer | null = null;
  // Every candidate is compared, match or not, so timing says nothing about which one matched.
  for (const candidate of parsed.signatures) {
    if (timingSafeEqual(candidate, expected)) matching = candidate;
  }
  if (!matching) return { ok: false, reason: 'mismatch' };
  return { ok: true, timestamp: parsed.timestamp };
}

/** Builds a Paddle-Signature header the way Paddle does (the simulate command and tests use it). */
export function signPaddleBody(
  rawBody: string,
  secrets: string | readonly string[],
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  const h1 = list.map((secret) => `h1=${computeSignature(secret, timestamp, rawBody).toString('hex')}`);
  return [`ts=${timestamp}`, ...h1].join(';');
}
