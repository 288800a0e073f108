import { describe, expect, it } from 'vitest';
import { Client } from '../clients/entities.ts';
import { User } from '../identity/entities.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { Customer, PaddleEvent, Plan, Subscription, UserPlan } from './entities.ts';

describe('billing tables', () => {
  const hub = useTestHub(() => testConfig());

  it('writes plans, customers, subscriptions and Paddle events and reads them back', async () => {
    const em = hub().orm.em.fork();
    const client = em.create(Client, { name: 'Files' });
    const plan = em.create(Plan, {
      name: 'Plus',
      paddlePriceIds: ['pri_1', 'pri_2'],
      mailboxQuotaBytes: 50 * 1024 ** 3,
      maxAliases: 10,
    });
    plan.clients.add(client);
    const user = em.create(User, { email: 'payer@example.test', username: 'payer' });
    em.create(UserPlan, { user, plan });
    const customer = em.create(Customer, { paddleId: 'ctm_1', email: 'payer@example.test', user });
    em.create(Subscription, {
      paddleId: 'sub_1',
      status: 'active',
      isActive: true,
      customer,
      user,
      plan,
      priceIds: ['pri_1'],
      currentPeriodEnd: new Date('2027-01-01T00:00:00Z'),
      customData: { user: 'signed' },
    });
    em.create(PaddleEvent, {
      eventId: 'evt_1',
      eventType: 'subscription.created',
      occurredAt: new Date('2026-11-27T10:00:00.123Z'),
      entityId: 'sub_1',
      rawBody: '{"event_id":"evt_1"}',
    });
    await em.flush();

    const read = await em
      .fork()
      .findOneOrFail(Subscription, { paddleId: 'sub_1' }, { populate: ['plan.clients'] });
    expect(read.plan?.paddlePriceIds).toEqual(['pri_1', 'pri_2']);
    expect(read.plan?.mailboxQuotaBytes).toBe(50 * 1024 ** 3);
    expect(read.plan?.clients.getItems().map((c) => c.name)).toEqual(['Files']);
    expect(read.currentPeriodEnd?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    const event = await em.fork().findOneOrFail(PaddleEvent, { eventId: 'evt_1' }, { populate: ['rawBody'] });
    expect(event.status).toBe('received');
    expect(event.occurredAt.toISOString()).toBe('2026-11-27T10:00:00.123Z');
  });

  it('stores an event id once', async () => {
    const em = hub().orm.em.fork();
    em.create(PaddleEvent, { eventId: 'evt_dup', eventType: 'x', occurredAt: new Date(), rawBody: '{}' });
    await em.flush();
    await expect(
      em.fork().insert(PaddleEvent, {
        eventId: 'evt_dup',
        eventType: 'x',
        occurredAt: new Date(),
        rawBody: '{}',
        receivedAt: new Date(),
      } as never),
    ).rejects.toThrow(/paddle_events_event_id_unique/);
  });

  it('keeps a subscription when its user is deleted', async () => {
    const em = hub().orm.em.fork();
    const user = em.create(User, { email: 'gone@example.test', username: 'gone' });
    em.create(Subscription, { paddleId: 'sub_gone', status: 'canceled', user });
    await em.flush();
    await em.fork().nativeDelete(User, { id: user.id });
    const kept = await em.fork().findOneOrFail(Subscription, { paddleId: 'sub_gone' });
    expect(kept.user).toBeNull();
  });
});
