import type { Paddle, PaddleEventData } from '@paddle/paddle-js';

/** What the page needs from `billing.checkout` to open Paddle's checkout. */
export interface CheckoutSettings {
  environment: 'sandbox' | 'production';
  clientToken: string;
  customData: Record<string, unknown>;
  email: string;
}

/** Paddle.js did not arrive (blocked, offline, or Paddle's CDN is unreachable). */
export class PaddleUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Paddle.js could not be loaded', { cause });
    this.name = 'PaddleUnavailableError';
  }
}

/** A script that neither loads nor fails (a firewall dropping packets) must not leave the page waiting. */
const LOAD_TIMEOUT_MS = 20_000;

let listener: ((event: PaddleEventData) => void) | null = null;

/** The page currently showing the checkout hears Paddle's events; there is one checkout at a time. */
export function setPaddleEventListener(next: ((event: PaddleEventData) => void) | null): void {
  listener = next;
}

/**
 * Loads Paddle.js from Paddle's CDN (the only place it may come from) and initializes it with
 * the hub's client token. The wrapper is imported here, on the first click, so neither it nor
 * Paddle.js weighs on any page load.
 */
export async function loadPaddle(settings: CheckoutSettings): Promise<Paddle> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PaddleUnavailableError('timeout')), LOAD_TIMEOUT_MS);
  });
  try {
    const { initializePaddle } = await import('@paddle/paddle-js');
    const paddle = await Promise.race([
      initializePaddle({
        environment: settings.environment,
        token: settings.clientToken,
        eventCallback: (event) => listener?.(event),
      }),
      timeout,
    ]);
    if (!paddle) throw new PaddleUnavailableError();
    return paddle;
  } catch (error) {
    throw error instanceof PaddleUnavailableError ? error : new PaddleUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}

export function openCheckout(
  paddle: Paddle,
  settings: CheckoutSettings,
  priceId: string,
  language: string,
): void {
  paddle.Checkout.open({
    items: [{ priceId, quantity: 1 }],
    customer: { email: settings.email },
    // Signed by the API: the payment can only ever be bound to the person it was made for.
    customData: settings.customData,
    settings: { displayMode: 'overlay', locale: language, allowLogout: false, showAddDiscounts: true },
  });
}
