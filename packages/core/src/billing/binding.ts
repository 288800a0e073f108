import { createHmac, hkdfSync } from 'node:crypto';
import type { EncryptionKey, HubConfig } from '../kernel/config.ts';
import { safeEqual } from '../kernel/crypto/tokens.ts';

/**
 * The browser controls Paddle's customData, so the user id our checkout puts there is signed:
 * HMAC-SHA256 with a key derived (HKDF) from the first ENCRYPTION_KEY, tagged with that key's id
 * so signatures made before a key rotation still verify with the older key.
 */
export interface SignedCustomData extends Record<string, unknown> {
  hubUserId: string;
  hubKeyId: string;
  hubSignature: string;
}

const PURPOSE = 'accounts-hub/paddle-custom-data/v1';

function bindingKey(key: EncryptionKey): Buffer {
  return Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), PURPOSE, 32));
}

function mac(key: EncryptionKey, userId: string): string {
  return createHmac('sha256', bindingKey(key)).update(`user:${userId}`).digest('base64url');
}

/** What the checkout passes as customData for the signed-in person. */
export function signCustomData(config: HubConfig, userId: string): SignedCustomData {
  const key = config.encryptionKeys[0];
  if (!key) throw new Error('no encryption key configured');
  return { hubUserId: userId, hubKeyId: key.id, hubSignature: mac(key, userId) };
}

export type BindingCheck =
  | { ok: true; userId: string }
  | { ok: false; problem: 'missing' }
  | { ok: false; problem: 'forged' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the signed user id out of Paddle's custom_data; never trusts an unsigned one. */
export function verifyCustomData(
  config: HubConfig,
  customData: Record<string, unknown> | null | undefined,
): BindingCheck {
  const userId = customData?.hubUserId;
  const signature = customData?.hubSignature;
  if (userId === undefined && signature === undefined) return { ok: false, problem: 'missing' };
  if (typeof userId !== 'string' || typeof signature !== 'string' || !UUID.test(userId)) {
    return { ok: false, problem: 'forged' };
  }
  const key = config.encryptionKeys.find((candidate) => candidate.id === customData?.hubKeyId);
  if (!key || !safeEqual(mac(key, userId.toLowerCase()), signature)) return { ok: false, problem: 'forged' };
  return { ok: true, userId: userId.toLowerCase() };
}
