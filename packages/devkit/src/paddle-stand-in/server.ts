// A stand-in for the Paddle Billing API at its network boundary: a real HTTP server that speaks
// the documented wire format ({ data, meta } envelopes, { error: { type, code, detail } } refusals)
// for the calls the hub makes, and — like Paddle — sends signed webhooks when a subscription
// changes. Used by tests and started by `pnpm dev`; never in production.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInSubscription {
  id: string;
  status: 'active' | 'canceled' | 'past_due' | 'paused' | 'trialing';
  customer_id: string;
  current_billing_period: { starts_at: string; ends_at: string } | null;
  next_billed_at: string | null;
  scheduled_change: {
    action: 'cancel' | 'pause' | 'resume';
    effective_at: string;
    resume_at: string | null;
  } | null;
  canceled_at: string | null;
  paused_at: string | null;
  custom_data: Record<string, unknown> | null;
  items: {
    price: { id: string; product_id: string; name: string | null; description: string };
    product: { id: string; name: string };
    quantity: number;
    status: string;
    recurring: boolean;
  }[];
  [field: string]: unknown;
}

export interface StandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  apiKey: string;
  /** Where to send signed notifications when a subscription changes through the API. */
  webhook?: { url: string; secret: string } | null;
  log?: (line: string) => void;
}

export interface PaddleStandIn {
  url: string;
  subscriptions: Map<string, StandInSubscription>;
  customers: Map<string, { id: string; email: string; name: string | null }>;
  /** Every request the stand-in answered, for tests to assert what the hub asked. */
  requests: { method: string; path: string; body: unknown }[];
  /** Notifications sent to the webhook, with the status the hub answered. */
  deliveries: { eventType: string; status: number | null }[];
  putSubscription(subscription: StandInSubscription): void;
  stop(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_01${randomBytes(12).toString('hex')}`;

/** RFC 3339 with microseconds, as Paddle writes its timestamps. */
const paddleTime = (date = new Date()) => date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

class Refusal extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

export async function startPaddleStandIn(options: StandInOptions): Promise<PaddleStandIn> {
  const subscriptions = new Map<string, StandInSubscription>();
  const customers = new Map<string, { id: string; email: string; name: string | null }>();
  const requests: PaddleStandIn['requests'] = [];
  const deliveries: PaddleStandIn['deliveries'] = [];
  const log = options.log ?? (() => {});
  const pendingDeliveries = new Set<Promise<void>>();

  const notify = (eventType: string, subscription: StandInSubscription) => {
    if (!options.webhook) return;
    const { url, secret } = options.webhook;
    const body = JSON.stringify({
      event_id: id('evt'),
      notification_id: id('ntf'),
      event_type: eventType,
      occurred_at: paddleTime(),
      data: subscription,
    });
    const ts = Math.floor(Date.now() / 1000);
    const h1 = createHmac('sha256', secret).update(`${ts}:${body}`).digest('hex');
    const delivery = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'paddle-signature': `ts=${ts};h1=${h1}` },
      body,
      signal: AbortSignal.timeout(5000),
    })
      .then((response) => {
        deliveries.push({ eventType, status: response.status });
        log(`paddle stand-in: ${eventType} for ${subscription.id} -> ${response.status}`);
      })
      .catch((error: unknown) => {
        deliveries.push({ eventType, status: null });
        log(`paddle stand-in: ${eventType} for ${subscription.id} not delivered: ${String(error)}`);
      })
      .finally(() => pendingDeliveries.delete(delivery));
    pendingDeliveries.add(delivery);
  };

  const findSubscription = (subscriptionId: string) => {
    const subscription = subscriptions.get(subscriptionId);
    if (!subscription) {
      throw new Refusal(404, 'not_found', `Entity ${subscriptionId} not found.`);
    }
    return subscription;
  };

  const routes: {
    method: string;
    pattern: RegExp;
    handle: (match: RegExpExecArray, body: Record<string, unknown>) => unknown;
  }[] = [
    {
      method: 'GET',
      pattern: /^\/subscriptions\/([^/]+)$/,
      handle: (match) => findSubscription(match[1]!),
    },
    {
      method: 'POST',
      pattern: /^\/subscriptions\/([^/]+)\/cancel$/,
      handle: (match, body) => {
        const subscription = findSubscription(match[1]!);
        const effectiveFrom = body.effective_from ?? 'next_billing_period';
        if (effectiveFrom !== 'next_billing_period' && effectiveFrom !== 'immediately') {
          throw new Refusal(400, 'invalid_field', 'Request does not pass validation.');
        }
        if (subscription.status === 'canceled') {
          throw new Refusal(
            400,
            'subscription_update_when_canceled',
            'cannot update subscription, as subscription is canceled',
          );
        }
        const now = paddleTime();
        if (effectiveFrom === 'immediately' || !subscription.current_billing_period) {
          Object.assign(subscription, {
            status: 'canceled',
            canceled_at: now,
            current_billing_period: null,
            next_billed_at: null,
            scheduled_change: null,
            updated_at: now,
          });
          notify('subscription.canceled', subscription);
        } else {
          subscription.scheduled_change = {
            action: 'cancel',
            effective_at: subscription.current_billing_period.ends_at,
            resume_at: null,
          };
          subscription.next_billed_at = null;
          subscription.updated_at = now;
          notify('subscription.updated', subscription);
        }
        return subscription;
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/subscriptions\/([^/]+)$/,
      handle: (match, body) => {
        const subscription = findSubscription(match[1]!);
        if (subscription.status === 'canceled') {
          throw new Refusal(
            400,
            'subscription_update_when_canceled',
            'cannot update subscription, as subscription is canceled',
          );
        }
        const unsupported = Object.keys(body).filter((key) => key !== 'scheduled_change');
        if (unsupported.length || body.scheduled_change !== null) {
          throw new Refusal(
            400,
            'invalid_field',
            `The stand-in only removes scheduled changes (got ${Object.keys(body).join(', ')}).`,
          );
        }
        subscription.scheduled_change = null;
        subscription.next_billed_at = subscription.current_billing_period?.ends_at ?? null;
        subscription.updated_at = paddleTime();
        notify('subscription.updated', subscription);
        return subscription;
      },
    },
    {
      method: 'POST',
      pattern: /^\/customers\/([^/]+)\/portal-sessions$/,
      handle: (match, body) => {
        const customerId = match[1]!;
        const known =
          customers.has(customerId) || [...subscriptions.values()].some((s) => s.customer_id === customerId);
        if (!known) throw new Refusal(404, 'not_found', `Entity ${customerId} not found.`);
        const ids = Array.isArray(body.subscription_ids) ? (body.subscription_ids as string[]) : [];
        if (ids.length > 25) throw new Refusal(400, 'invalid_field', 'subscription_ids: maximum 25 items.');
        const token = randomBytes(16).toString('hex');
        const base = `${server.url}/__portal/${customerId}`;
        return {
          id: id('cpls'),
          customer_id: customerId,
          urls: {
            general: { overview: `${base}/overview?token=${token}` },
            subscriptions: ids.map((subscriptionId) => ({
              id: subscriptionId,
              cancel_subscription: `${base}/subscriptions/${subscriptionId}/cancel?token=${token}`,
              update_subscription_payment_method: `${base}/subscriptions/${subscriptionId}/update-payment-method?token=${token}`,
            })),
          },
          created_at: paddleTime(),
        };
      },
    },
    // Not Paddle's: how tests and `paddle:simulate` tell the stand-in about a subscription.
    {
      method: 'PUT',
      pattern: /^\/__stand-in\/subscriptions\/([^/]+)$/,
      handle: (match, body) => {
        const subscription = { ...(body as StandInSubscription), id: match[1]! };
        subscriptions.set(subscription.id, subscription);
        return subscription;
      },
    },
  ];

  const respond = (res: ServerResponse, status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
  const requestId = () => crypto.randomUUID();

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      if (path.startsWith('/__portal/')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Paddle customer portal (stand-in)</title><h1>Customer portal</h1>');
        return;
      }
      const authorization = req.headers.authorization;
      if (!authorization) throw new Refusal(401, 'authentication_missing', 'Authentication header missing.');
      if (authorization !== `Bearer ${options.apiKey}`) {
        throw new Refusal(403, 'forbidden', 'You do not have permission to access this resource.');
      }
      let body: Record<string, unknown> = {};
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          throw new Refusal(400, 'bad_request', 'Invalid request body: not JSON.');
        }
      }
      requests.push({ method: req.method ?? 'GET', path, body });
      for (const route of routes) {
        const match = route.method === req.method ? route.pattern.exec(path) : null;
        if (match) {
          respond(res, 200, { data: route.handle(match, body), meta: { request_id: requestId() } });
          return;
        }
      }
      throw new Refusal(404, 'not_found', `No route for ${req.method} ${path}.`);
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(500, 'internal_error', String(error));
      respond(res, refusal.status, {
        error: {
          type: 'request_error',
          code: refusal.code,
          detail: refusal.message,
          documentation_url: `https://developer.paddle.com/errors/shared/${refusal.code}`,
        },
        meta: { request_id: requestId() },
      });
    }
  };

  const http = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = http.address() as AddressInfo;
  const server: PaddleStandIn = {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    subscriptions,
    customers,
    requests,
    deliveries,
    putSubscription(subscription) {
      subscriptions.set(subscription.id, structuredClone(subscription));
    },
    async stop() {
      await Promise.allSettled([...pendingDeliveries]);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return server;
}

/** A subscription in Paddle's shape, for tests and the simulate command. */
export function standInSubscription(
  fields: Pick<StandInSubscription, 'id' | 'customer_id'> &
    Partial<StandInSubscription> & { priceIds?: string[]; productName?: string },
): StandInSubscription {
  const now = new Date();
  const end = new Date(now.getTime() + 30 * 86_400_000);
  const { priceIds = [], productName = 'Stand-in plan', ...rest } = fields;
  return {
    status: 'active',
    current_billing_period: { starts_at: paddleTime(now), ends_at: paddleTime(end) },
    next_billed_at: paddleTime(end),
    scheduled_change: null,
    canceled_at: null,
    paused_at: null,
    custom_data: null,
    items: priceIds.map((priceId) => ({
      // Paddle sends the price and product entities of each item; the hub names the subscription
      // from the product's name.
      price: { id: priceId, product_id: 'pro_01standin', name: null, description: `Monthly (${priceId})` },
      product: { id: 'pro_01standin', name: productName },
      quantity: 1,
      status: 'active',
      recurring: true,
    })),
    ...rest,
  };
}
