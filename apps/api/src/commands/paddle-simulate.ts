import { parseArgs } from 'node:util';
import { buildSimulatedDelivery, SIMULATED_EVENTS } from '@accounts/core/billing';
import { HubError } from '@accounts/core/kernel';
import type { ApiEnv } from '../env.ts';
import { openHub } from '../runtime.ts';

export const SIMULATE_USAGE = `usage: pnpm paddle:simulate <event-type> --user <email> [options]

Sends a correctly signed Paddle notification to this hub's /webhooks/paddle, as Paddle would.

event types: ${SIMULATED_EVENTS.join(', ')}
options:
  --user <email>          the person (required)
  --plan <name>           the plan bought (default: the person's current one, else the first)
  --status <status>       active | trialing | past_due | paused | canceled (default from the event)
  --subscription <sub_…>  reuse this subscription id (default: the person's latest, else a new one)
  --cancel-at-period-end  subscription.updated with a scheduled cancellation
  --binding <how>         signed (default) | missing | forged — to see a flagged subscription
  --url <url>             webhook URL (default: http://127.0.0.1:$PORT/webhooks/paddle)
`;

/** `paddle:simulate`: returns the process exit code. */
export async function paddleSimulate(env: ApiEnv, args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${SIMULATE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(SIMULATE_USAGE);
    return 0;
  }
  const eventType = positionals[0];
  if (!eventType || !values.user) {
    console.error(SIMULATE_USAGE);
    return 2;
  }
  const binding = values.binding as 'signed' | 'missing' | 'forged' | undefined;
  if (binding && !['signed', 'missing', 'forged'].includes(binding)) {
    console.error(`--binding must be signed, missing or forged\n\n${SIMULATE_USAGE}`);
    return 2;
  }
  const hub = await openHub({ ...env, logLevel: 'warn' });
  try {
    const delivery = await buildSimulatedDelivery(hub.orm.em.fork(), env.hub, {
      eventType,
      email: values.user,
      planName: values.plan,
      status: values.status,
      subscriptionId: values.subscription,
      cancelAtPeriodEnd: values['cancel-at-period-end'],
      binding,
    });
    if (delivery.standInSubscription) await tellStandIn(env, delivery.standInSubscription);
    const url = values.url ?? `http://127.0.0.1:${env.port}/webhooks/paddle`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'paddle-signature': delivery.signature },
      body: delivery.body,
      signal: AbortSignal.timeout(10_000),
    });
    console.log(`sent ${delivery.summary}\n  -> ${url}: ${response.status} ${await response.text()}`);
    return response.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof HubError) {
      console.error(error.message);
      return 2;
    }
    console.error(`could not send the notification: ${(error as Error).message}`);
    return 1;
  } finally {
    await hub.orm.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      plan: { type: 'string' },
      status: { type: 'string' },
      subscription: { type: 'string' },
      'cancel-at-period-end': { type: 'boolean' },
      binding: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The Paddle stand-in learns the subscription, so cancel, resume and the portal work in dev. */
async function tellStandIn(env: ApiEnv, subscription: Record<string, unknown>) {
  const base = new URL(env.hub.paddle.apiBaseUrl);
  if (!['127.0.0.1', 'localhost'].includes(base.hostname)) return;
  try {
    await fetch(`${base.origin}/__stand-in/subscriptions/${subscription.id as string}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${env.hub.paddle.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(subscription),
      signal: AbortSignal.timeout(3000),
    });
  } catch {
    console.warn(`(the Paddle stand-in at ${base.origin} did not answer; cancel and portal will not work)`);
  }
}
