import { createHmac, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';

/** Standard Webhooks secrets: `whsec_` + base64 of the raw HMAC key. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret;
  return Buffer.from(encoded, 'base64');
}

/**
 * The HMAC keys of a webhook's secrets, made once and reused for every request signed with them
 * (building a key object per request is measurable at hundreds of deliveries a second).
 */
export function webhookSigningKeys(secrets: readonly string[]): KeyObject[] {
  return secrets.map((secret) => createSecretKey(secretKey(secret)));
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The Standard Webhooks headers for one request: `v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`
 * for every key (`webhookSigningKeys`), space-separated (two during a secret rotation, so receivers holding either
 * secret verify).
 */
export function signWebhook(
  keys: readonly KeyObject[],
  id: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  const content = `${id}.${timestampSeconds}.${body}`;
  const signatures = keys.map((key) => `v1,${createHmac('sha256', key).update(content).digest('base64')}`);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}
