// Fault tests for webhook delivery with the real worker process: killed mid-delivery, and two
// workers at once. Everything on loopback; every wait is bounded.

import { DELIVERY_BATCH_SIZE, WebhookDelivery } from '@accounts/core/clients';
import type { Hub } from '@accounts/core/kernel';
import { emitEvent } from '@accounts/core/kernel';
import { type Receiver, startReceiver } from '@accounts/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConnectedPerson, emit, openStackHub, registerClientApp } from './hub-data.ts';
import { expectNoSecretsLogged } from './log-scan.ts';
import {
  type Stack,
  startObservedWorker,
  startStack,
  startWorker,
  type WorkerProcess,
  waitForIdleRun,
} from './stack.ts';

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | false>,
  timeoutMs = 40_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('webhook delivery by worker processes', () => {
  let stack: Stack;
  let hub: Hub;
  let receiver: Receiver;
  const workers: WorkerProcess[] = [];
  // Short attempts keep the lease (twice the timeout + 10 s) and so the test short.
  const workerEnv = { WEBHOOKS_TIMEOUT_MS: '1000', LOG_LEVEL: 'debug' };

  beforeAll(async () => {
    stack = await startStack();
    hub = await openStackHub(stack);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await receiver?.close();
  });
  afterAll(async () => {
    await hub?.orm.close(true);
    await stack?.stop();
  });

  const deliveryStatus = async (eventId: string) =>
    hub.orm.em.fork().findOne(WebhookDelivery, { event: eventId }, { populate: ['event'] });

  it('delivers an event once more at most when the worker is killed in the middle of sending it', async () => {
    receiver = await startReceiver();
    receiver.mode = 'hang';
    const app = await registerClientApp(hub, { name: 'Killed Worker', webhookUrl: receiver.url });
    receiver.secrets.push(app.webhook!.secret);
    const person = await createConnectedPerson(hub, 'kill@example.test', [app.client.id]);
    const eventId = await emit(hub, 'user.updated', person.id, { step: 'kill' });

    const first = startWorker(stack, workerEnv);
    workers.push(first);
    await waitFor('the first worker to start sending', async () => receiver.arrivals.includes(eventId));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    receiver.mode = 'ok';
    expect((await deliveryStatus(eventId))?.status).toBe('pending');

    workers.push(startWorker(stack, workerEnv));
    const delivered = await waitFor('the restarted worker to deliver', async () => {
      const delivery = await deliveryStatus(eventId);
      return delivery?.status === 'succeeded' ? delivery : null;
    });
    const sent = receiver.arrivals.filter((id) => id === eventId);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.length).toBeLessThanOrEqual(2); // the killed attempt and exactly one more
    expect(receiver.received.filter((r) => r.id === eventId && r.verified)).toHaveLength(1);
    expect(delivered.attempts).toBe(1); // the killed attempt left no record; the lease ran out
  });

  it('never delivers an event twice on the success path with two workers side by side, both working, and keeps each person’s order', async () => {
    receiver = await startReceiver();
    // One person's deliveries go one at a time, and a worker holds at most two batches (one being
    // sent, the next claimed): with more people than that, and each batch taking this long, one
    // worker alone leaves work waiting for well over the other's 500 ms idle poll.
    receiver.delayMs = 400;
    const app = await registerClientApp(hub, { name: 'Two Workers', webhookUrl: receiver.url });
    receiver.secrets.push(app.webhook!.secret);
    const people = await Promise.all(
      Array.from({ length: 2 * DELIVERY_BATCH_SIZE + 50 }, (_, n) =>
        createConnectedPerson(hub, `pair${n}@example.test`, [app.client.id]),
      ),
    );
    const pair = await Promise.all([
      startObservedWorker(stack, workerEnv),
      startObservedWorker(stack, workerEnv),
    ]);
    workers.push(...pair);
    await waitFor('both workers to start', async () =>
      pair.every((worker) => worker.logs.some((line) => line.includes('worker started'))),
    );
    // The whole pile lands at once, after both workers are polling.
    const emitted = new Map<string, string[]>();
    const em = hub.orm.em.fork();
    for (let round = 0; round < 2; round++) {
      for (const person of people) {
        const data = { user: { id: person.id }, round };
        const { id } = emitEvent(em, { type: 'user.updated', userId: person.id, data });
        emitted.set(person.id, [...(emitted.get(person.id) ?? []), id]);
      }
    }
    await em.flush();
    const total = people.length * 2;
    const succeeded = () =>
      em.fork().count(WebhookDelivery, { status: 'succeeded', webhook: app.webhook!.webhook.id });
    await waitFor('every delivery to succeed', async () => (await succeeded()) === total);
    // Nothing is left to send, and each worker has since finished a delivery run that found
    // nothing: any duplicate it sent has arrived by now, so counting arrivals is final.
    await waitForIdleRun(pair, 'webhooks.deliver');

    expect(receiver.arrivals).toHaveLength(total);
    expect(new Set(receiver.arrivals).size).toBe(total);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    for (const person of people) {
      const order = receiver.received
        .filter((r) => (r.payload.data.user as { id: string }).id === person.id)
        .map((r) => r.id);
      expect(order).toEqual(emitted.get(person.id));
    }
    expect(await succeeded()).toBe(total);
    const deliveredBy = pair.map(
      (worker) => worker.logs.filter((line) => line.includes('webhook delivered')).length,
    );
    expect(deliveredBy.reduce((sum, count) => sum + count, 0)).toBe(total);
    // An idle worker would pass everything above: each one must have delivered its share.
    for (const count of deliveredBy) expect(count).toBeGreaterThan(0);
  });

  it('writes no webhook secret or signature into any log line of the API or the workers', () => {
    expectNoSecretsLogged(stack);
  });
});
