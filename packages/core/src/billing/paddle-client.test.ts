import {
  type PaddleStandIn,
  standInSubscription,
  startPaddleStandIn,
} from '@accounts/devkit/paddle-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../kernel/errors.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { signCustomData } from './binding.ts';
import { cancelForAccountDeletion } from './deletion.ts';
import { Subscription } from './entities.ts';
import { paddleId } from './event-builder.ts';
import { paddleApi } from './paddle-client.ts';
import { deliver, makePlans, makeUser, subscriptionCreated } from './test-support.ts';

const KEY = 'pdl_client_test_key';
let standIn: PaddleStandIn;
beforeAll(async () => {
  standIn = await startPaddleStandIn({ apiKey: KEY });
});
afterAll(async () => {
  await standIn?.stop();
});

const api = (overrides: { apiKey?: string; apiBaseUrl?: string } = {}) =>
  paddleApi({ ...testConfig().paddle, apiKey: KEY, apiBaseUrl: standIn.url, ...overrides });

async function refusal(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HubError);
  return error as HubError;
}

describe('Paddle API client', () => {
  it('reads the { data } envelope', async () => {
    const id = paddleId('sub');
    standIn.putSubscription(standInSubscription({ id, customer_id: paddleId('ctm'), priceIds: ['pri_a'] }));
    const subscription = await api().getSubscription(id);
    expect(subscription).toMatchObject({ id, status: 'active', items: [{ price: { id: 'pri_a' } }] });
    expect(subscription.current_billing_period?.ends_at).toMatch(/^\d{4}-/);
  });

  it('maps Paddle errors to clear hub errors', async () => {
    expect((await refusal(api().getSubscription('sub_missing'))).code).toBe('NOT_FOUND');
    const wrongKey = await refusal(api({ apiKey: 'pdl_wrong' }).getSubscription('sub_missing'));
    expect(wrongKey.code).toBe('UNAVAILABLE');
    expect(wrongKey.message).toMatch(/API key was refused/);
    const unset = await refusal(api({ apiKey: '' }).getSubscription('sub_missing'));
    expect(unset.message).toMatch(/not configured/);
    const unreachable = await refusal(api({ apiBaseUrl: 'http://127.0.0.1:1' }).getSubscription('sub_x'));
    expect(unreachable.code).toBe('UNAVAILABLE');
    expect((await refusal(api().getSubscription('../../customers'))).code).toBe('BAD_INPUT');

    const id = paddleId('sub');
    standIn.putSubscription(standInSubscription({ id, customer_id: paddleId('ctm'), status: 'canceled' }));
    const ended = await refusal(api().cancelSubscription(id, 'immediately'));
    expect(ended.code).toBe('PRECONDITION_FAILED');
    expect(ended.message).toBe('This subscription has already ended and cannot be changed.');
  });

  it('cancels now or at period end, and removes a scheduled cancellation', async () => {
    const id = paddleId('sub');
    standIn.putSubscription(standInSubscription({ id, customer_id: paddleId('ctm') }));
    const scheduled = await api().cancelSubscription(id, 'next_billing_period');
    expect(scheduled.status).toBe('active');
    expect(scheduled.scheduled_change?.action).toBe('cancel');
    const resumed = await api().removeScheduledChange(id);
    expect(resumed.scheduled_change).toBeNull();
    const now = await api().cancelSubscription(id, 'immediately');
    expect(now.status).toBe('canceled');
  });
});

describe('cancelForAccountDeletion', () => {
  const hub = useTestHub(() => testConfig({ paddle: { apiKey: KEY } }));

  it('schedules every renewing subscription of the person to end, and leaves others alone', async () => {
    const live = () => ({
      ...hub(),
      config: { ...hub().config, paddle: { ...hub().config.paddle, apiBaseUrl: standIn.url } },
    });
    const em = hub().orm.em.fork();
    const { basic } = await makePlans(em);
    const leaving = await makeUser(em, 'leaving');
    const staying = await makeUser(em, 'staying');
    const ids = { leaving: paddleId('sub'), staying: paddleId('sub') };
    for (const [who, user] of [
      ['leaving', leaving],
      ['staying', staying],
    ] as const) {
      const customerId = paddleId('ctm');
      standIn.putSubscription(
        standInSubscription({ id: ids[who], customer_id: customerId, priceIds: basic.paddlePriceIds }),
      );
      await deliver(
        hub(),
        subscriptionCreated({
          subscriptionId: ids[who],
          customerId,
          priceIds: basic.paddlePriceIds,
          customData: signCustomData(hub().config, user.id),
        }),
      );
    }
    const result = await cancelForAccountDeletion(hub().orm.em.fork(), live(), leaving.id);
    expect(result).toEqual({ canceled: [ids.leaving] });
    expect(standIn.subscriptions.get(ids.leaving)?.scheduled_change?.action).toBe('cancel');
    expect(standIn.subscriptions.get(ids.staying)?.scheduled_change).toBeNull();

    // Paddle's answer is applied at once: the hub's copy already says it ends, and a second run
    // (a retried deletion) asks Paddle nothing, even when Paddle is out of reach.
    const held = await hub().orm.em.fork().findOneOrFail(Subscription, { paddleId: ids.leaving });
    expect(held.scheduledChange).toMatchObject({ action: 'cancel' });
    const unreachable = {
      ...hub(),
      config: { ...hub().config, paddle: { ...hub().config.paddle, apiBaseUrl: 'http://127.0.0.1:1' } },
    };
    expect(await cancelForAccountDeletion(hub().orm.em.fork(), unreachable, leaving.id)).toEqual({
      canceled: [],
    });
    await expect(cancelForAccountDeletion(hub().orm.em.fork(), unreachable, staying.id)).rejects.toThrow(
      /Paddle cannot be reached/,
    );
  });
});
