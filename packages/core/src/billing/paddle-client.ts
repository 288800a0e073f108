import { z } from 'zod';
import type { HubConfig } from '../kernel/config.ts';
import { HubError } from '../kernel/errors.ts';
import { type PaddleSubscription, paddleSubscriptionSchema } from './paddle-events.ts';

/**
 * The few Paddle Billing API calls the hub makes. Paddle answers `{ data, meta }` on success and
 * `{ error: { type, code, detail } }` otherwise; both are mapped here so callers only ever see
 * parsed data or a HubError that says what went wrong in words a person understands.
 */
export const PADDLE_TIMEOUT_MS = 8000;

export interface PaddlePortalSession {
  id: string;
  overviewUrl: string;
  subscriptions: { id: string; cancelUrl: string | null; updatePaymentMethodUrl: string | null }[];
}

const errorSchema = z.object({
  error: z.object({ type: z.string().optional(), code: z.string(), detail: z.string().optional() }),
});

const portalSchema = z.object({
  id: z.string(),
  urls: z.object({
    general: z.object({ overview: z.string() }),
    subscriptions: z
      .array(
        z.object({
          id: z.string(),
          cancel_subscription: z.string().nullish(),
          update_subscription_payment_method: z.string().nullish(),
        }),
      )
      .default([]),
  }),
});

/** Paddle's error codes that mean "not in this state", answered as a precondition failure. */
const STATE_ERRORS: Record<string, string> = {
  subscription_update_when_canceled: 'This subscription has already ended and cannot be changed.',
  subscription_is_canceled_action_invalid: 'This subscription has already ended and cannot be changed.',
  subscription_locked_renewal: 'This subscription is renewing right now. Please try again in a few minutes.',
  subscription_locked_processing:
    'Paddle is still processing a change to this subscription. Please try again in a few minutes.',
  subscription_locked_pending_changes:
    'This subscription has a pending change. Please try again once it has been applied.',
};

export interface PaddleApi {
  getSubscription(id: string): Promise<PaddleSubscription>;
  cancelSubscription(
    id: string,
    effectiveFrom: 'next_billing_period' | 'immediately',
  ): Promise<PaddleSubscription>;
  /** Removes a scheduled change (a pending cancellation): the subscription simply renews. */
  removeScheduledChange(id: string): Promise<PaddleSubscription>;
  createPortalSession(customerId: string, subscriptionIds: string[]): Promise<PaddlePortalSession>;
}

const ID = /^[a-z]{2,5}_[A-Za-z0-9_]{1,64}$/;

export function paddleApi(config: HubConfig['paddle']): PaddleApi {
  const base = config.apiBaseUrl.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    if (!config.apiKey) {
      throw new HubError('UNAVAILABLE', 'Payments are not configured on this hub (no Paddle API key).');
    }
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(PADDLE_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      throw new HubError('UNAVAILABLE', 'Paddle cannot be reached right now. Please try again shortly.', {
        cause: error,
      });
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      throw new HubError(
        'UNAVAILABLE',
        `Paddle answered ${response.status} with something other than JSON.`,
        {
          cause: error,
        },
      );
    }
    if (response.ok) {
      const data = (json as { data?: unknown } | null)?.data;
      if (data === undefined) throw new HubError('UNAVAILABLE', 'Paddle answered without data.');
      return data;
    }
    throw mapPaddleError(response, json);
  }

  const subscriptionOf = (data: unknown) => {
    const parsed = paddleSubscriptionSchema.safeParse(data);
    if (!parsed.success) {
      throw new HubError('UNAVAILABLE', 'Paddle answered with a subscription the hub cannot read.', {
        cause: parsed.error,
      });
    }
    return parsed.data;
  };

  const checkId = (id: string, what: string) => {
    if (!ID.test(id)) throw new HubError('BAD_INPUT', `${what} "${id.slice(0, 80)}" is not a Paddle id.`);
    return encodeURIComponent(id);
  };

  return {
    async getSubscription(id) {
      return subscriptionOf(await call('GET', `/subscriptions/${checkId(id, 'Subscription')}`));
    },
    async cancelSubscription(id, effectiveFrom) {
      return subscriptionOf(
        await call('POST', `/subscriptions/${checkId(id, 'Subscription')}/cancel`, {
          effective_from: effectiveFrom,
        }),
      );
    },
    async removeScheduledChange(id) {
      return subscriptionOf(
        await call('PATCH', `/subscriptions/${checkId(id, 'Subscription')}`, { scheduled_change: null }),
      );
    },
    async createPortalSession(customerId, subscriptionIds) {
      const data = await call('POST', `/customers/${checkId(customerId, 'Customer')}/portal-sessions`, {
        subscription_ids: subscriptionIds,
      });
      const parsed = portalSchema.safeParse(data);
      if (!parsed.success) {
        throw new HubError('UNAVAILABLE', 'Paddle answered with a portal session the hub cannot read.');
      }
      return {
        id: parsed.data.id,
        overviewUrl: parsed.data.urls.general.overview,
        subscriptions: parsed.data.urls.subscriptions.map((entry) => ({
          id: entry.id,
          cancelUrl: entry.cancel_subscription ?? null,
          updatePaymentMethodUrl: entry.update_subscription_payment_method ?? null,
        })),
      };
    },
  };
}

function mapPaddleError(response: Response, json: unknown): HubError {
  const parsed = errorSchema.safeParse(json);
  const code = parsed.success ? parsed.data.error.code : 'unknown';
  const detail = parsed.success ? (parsed.data.error.detail ?? code) : `HTTP ${response.status}`;
  const cause = new Error(`Paddle ${response.status} ${code}: ${detail}`);
  const stateMessage = STATE_ERRORS[code];
  if (stateMessage) return new HubError('PRECONDITION_FAILED', stateMessage, { cause });
  if (response.status === 404)
    return new HubError('NOT_FOUND', `Paddle does not know this record (${detail}).`, { cause });
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after')) || 60;
    return new HubError('TOO_MANY_REQUESTS', 'Paddle is busy right now. Please try again shortly.', {
      cause,
      retryAfterSeconds: retryAfter,
    });
  }
  if (response.status === 401 || response.status === 403) {
    return new HubError('UNAVAILABLE', 'The hub cannot talk to Paddle: its API key was refused.', { cause });
  }
  if (response.status >= 400 && response.status < 500) {
    return new HubError('PRECONDITION_FAILED', `Paddle refused the change: ${detail}`, { cause });
  }
  return new HubError('UNAVAILABLE', 'Paddle is having trouble right now. Please try again shortly.', {
    cause,
  });
}
