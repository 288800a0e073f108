// What the billing journeys share: Paddle's side of a payment, and the signed customData the
// page received from the API.
import type { PaddleNotification } from '@accounts/core/billing';
import { signPaddleBody } from '@accounts/core/billing';
import { expect } from 'vitest';
import type { Stack } from './stack.ts';

/** Finds the first value under `key` anywhere in a tRPC (superjson) response body. */
export function findKey(value: unknown, key: string): unknown {
  if (!value || typeof value !== 'object') return undefined;
  if (key in value) return (value as Record<string, unknown>)[key];
  for (const child of Object.values(value)) {
    const found = findKey(child, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Posts a notification to the hub exactly as Paddle would: raw body, Paddle-Signature. */
export async function deliverPaddleNotification(
  stack: Stack,
  webhookSecret: string,
  notification: PaddleNotification,
): Promise<void> {
  const body = JSON.stringify(notification);
  const response = await fetch(`${stack.url}/webhooks/paddle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'paddle-signature': signPaddleBody(body, webhookSecret) },
    body,
  });
  expect(response.status).toBe(200);
}
