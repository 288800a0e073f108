// The worker process on SIGTERM: it finishes the delivery batch in progress, records every
// attempt it made, and exits 0; what it had not claimed is left for the next worker. Its logs
// name the request behind each event, and its own /metrics listener counts the job runs.
import { DELIVERY_BATCH_SIZE, WebhookDelivery } from '@accounts/core/clients';
import type { Hub } from '@accounts/core/kernel';
import { OutboxEvent, runWithRequestId } from '@accounts/core/kernel';
import { type Receiver, startReceiver } from '@accounts/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectedPerson, emit, openStackHub, registerClientApp } from './hub-data.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import { type Stack, startObservedWorker, startStack, startWorker, waitForIdleRun } from './stack.ts';

async function waitFor<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface LogLine {
  msg: string;
  eventId?: string;
  deliveryId?: string;
  requestId?: string;
}
const parse = (lines: string[]) =>
  lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);

describe('worker graceful shutdown', () => {
  let stack: Stack;
  let hub: Hub;
  let receiver: Receiver;

  beforeAll(async () => {
    stack = await startStack();
    hub = await openStackHub(stack);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await hub?.orm.close(true);
    await stack?.stop();
  });

  it('finishes the batch in progress on SIGTERM, exits 0, and leaves no delivery half-recorded', async () => {
    // Slow answers keep the batch in flight when the signal arrives.
    receiver.delayMs = 1500;
    const app = await registerClientApp(hub, { name: 'Shutdown', webhookUrl: receiver.url });
    receiver.secrets.push(app.webhook!.secret);
    // More than a batch: the worker claims the next batch while sending the first, and hands
    // that one back when told to stop.
    const count = DELIVERY_BATCH_SIZE + 30;
    const requestIdOf = new Map<string, string>();
    for (let n = 0; n < count; n += 1) {
      const person = await createConnectedPerson(hub, `shutdown${n}@example.test`, [app.client.id]);
      const requestId = `req-shutdown-${n}`;
      // As if a request with this id had emitted the event.
      const eventId = await runWithRequestId(requestId, () => emit(hub, 'user.updated', person.id));
      requestIdOf.set(eventId, requestId);
    }
    expect(
      (await hub.orm.em.fork().find(OutboxEvent, { id: { $in: [...requestIdOf.keys()] } })).map(
        (event) => requestIdOf.get(event.id) === event.requestId,
      ),
    ).toEqual(Array(count).fill(true));

    const worker = startWorker(stack, { WEBHOOKS_TIMEOUT_MS: '5000' });
    await waitFor('the first delivery to reach the receiver', async () => receiver.arrivals.length > 0);
    const exited = new Promise<number | null>((resolve) =>
      worker.child.once('exit', (code) => resolve(code)),
    );
    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    const code = await exited;
    // Bounded by the lease (twice the timeout 5 s + 10 s); here the batch needed about the receiver's delay.
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
    expect(code).toBe(0);

    const logs = parse(worker.logs);
    const stopping = logs.findIndex((line) => line.msg.startsWith('worker stopping'));
    expect(stopping).toBeGreaterThan(-1);
    // Requests already on their way when the signal came were answered and recorded afterwards.
    const deliveredAfterSignal = logs.slice(stopping).filter((line) => line.msg === 'webhook delivered');
    expect(deliveredAfterSignal.length).toBeGreaterThan(0);
    expect(logs.at(-1)?.msg).toBe('worker stopped');

    const em = hub.orm.em.fork();
    const deliveries = await em.find(
      WebhookDelivery,
      { webhook: app.webhook!.webhook.id },
      { populate: ['event'] },
    );
    expect(deliveries).toHaveLength(count);
    // Nothing is left leased: every claimed delivery was recorded before the worker went.
    expect(deliveries.filter((delivery) => delivery.lockedUntil)).toEqual([]);
    const sent = new Set(receiver.arrivals);
    const succeeded = deliveries.filter((delivery) => delivery.status === 'succeeded');
    expect(succeeded.map((delivery) => delivery.event.id).sort()).toEqual([...sent].sort());
    expect(succeeded.every((delivery) => delivery.attempts === 1)).toBe(true);
    const attemptRows = await em
      .getConnection()
      .execute<{ delivery_id: string; n: number }[]>(
        'select delivery_id, count(*)::int as n from webhook_delivery_attempts group by delivery_id',
      );
    expect(attemptRows.length).toBe(succeeded.length);
    expect(attemptRows.every((row) => row.n === 1)).toBe(true);
    // What it had not claimed, or claimed ahead and handed back, is untouched, for the next worker.
    const untouched = deliveries.filter((delivery) => delivery.status === 'pending');
    expect(untouched.length).toBe(count - succeeded.length);
    expect(untouched.length).toBeGreaterThan(0);
    expect(untouched.every((delivery) => delivery.attempts === 0)).toBe(true);

    // Every line about a delivery names the request that emitted its event.
    const deliveryLines = logs.filter((line) => line.msg === 'webhook delivered');
    expect(deliveryLines.length).toBe(succeeded.length);
    for (const line of deliveryLines) expect(line.requestId).toBe(requestIdOf.get(line.eventId!));

    // The next worker delivers the rest, once each; its own /metrics counts what it handled.
    receiver.delayMs = 0;
    const next = await startObservedWorker(stack);
    await waitFor('the rest to be delivered', async () => new Set(receiver.arrivals).size === count);
    // A finished run that found nothing left: any duplicate it would have sent has arrived by then.
    await waitForIdleRun([next], 'webhooks.deliver');
    expect(receiver.arrivals).toHaveLength(count);
    expect(receiver.received.every((webhook) => webhook.verified)).toBe(true);
    const metrics = await next.metrics();
    expect(metrics).toMatch(new RegExp(`job_items_total\\{job="webhooks.deliver"\\} ${untouched.length}\\b`));
    expect(metrics).toMatch(/job_batches_total\{job="webhooks.deliver",outcome="handled"\} [1-9]/);
    expect(metrics).not.toMatch(/outcome="failed"/);
    const apiMetrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(apiMetrics).toMatch(new RegExp(`webhook_deliveries\\{status="succeeded"\\} ${count}\\b`));
    await next.stop();
    expect(next.child.exitCode).toBe(0);
  });

  it('writes no webhook secret into any log line of the API or the workers', () => {
    expectNoSecretsLogged(stack);
  });
});
