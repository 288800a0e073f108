import { describe, expect, it } from 'vitest';
import { command, query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { PaddleEvent } from './entities.ts';
import { paddleId } from './event-builder.ts';
import { paddleEnvelopeSchema } from './paddle-events.ts';
import { kickPaddleEvents, settledPaddleKicks, stopPaddleKicks } from './paddle-kick.ts';
import { CLAIM_RECEIVED, processPaddleEvents, storePaddleEvents } from './paddle-webhooks.ts';
import { subscriptionCreated } from './test-support.ts';

const BACKLOG = 5000;
const MINUTE = 60_000;

describe('the Paddle event queue', () => {
  const hub = useTestHub(() => testConfig());

  const notifications = (count: number, firstAt: number) =>
    Array.from({ length: count }, (_, i) =>
      subscriptionCreated({
        subscriptionId: paddleId('sub'),
        priceIds: ['pri_unsold'],
        customData: null,
        occurredAt: new Date(firstAt + i * 1000),
      }),
    );
  const store = (events: ReturnType<typeof notifications>) =>
    storePaddleEvents(
      hub().orm.em.fork(),
      events.map((event) => ({
        envelope: paddleEnvelopeSchema.parse(event),
        rawBody: JSON.stringify(event),
      })),
    );
  const statusOf = async (eventIds: string[]) => {
    const rows = await hub()
      .orm.em.fork()
      .find(PaddleEvent, { eventId: { $in: eventIds } });
    const byId = new Map(rows.map((row) => [row.eventId, row.status]));
    return eventIds.map((eventId) => byId.get(eventId));
  };

  it('claims from a backlog of thousands through the partial index, fewest attempts then oldest first', async () => {
    // Stored newest first, so insertion order cannot pass for Paddle's order.
    const events = notifications(BACKLOG, Date.now() - 2 * BACKLOG * 1000);
    const receipts = await store([...events].reverse());
    expect(receipts.every((receipt) => receipt.stored)).toBe(true);
    const em = hub().orm.em.fork();
    // A retried event (one failed attempt) waits behind every fresh one.
    await command(em, sql`update paddle_events set attempts = 1 where event_id = ${events[0]!.event_id}`);
    await command(em, sql`analyze paddle_events`);

    const plan = (await query<{ 'QUERY PLAN': string }>(em, sql`explain ${CLAIM_RECEIVED}`))
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('paddle_events_claim_index');
    expect(plan).not.toMatch(/Sort/);

    expect(await processPaddleEvents(hub(), 3)).toBe(3);
    const status = await statusOf(events.slice(0, 5).map((event) => event.event_id));
    expect(status).toEqual(['received', 'applied', 'applied', 'applied', 'received']);
  });

  it('runs any number of kicks as one runner that applies everything stored', async () => {
    await command(
      hub().orm.em.fork(),
      sql`update paddle_events set status = 'skipped' where status = 'received'`,
    );
    const events = notifications(20, Date.now() - MINUTE);
    await store(events);
    kickPaddleEvents(hub());
    const runner = settledPaddleKicks(hub());
    for (let i = 0; i < 19; i += 1) {
      kickPaddleEvents(hub());
      expect(settledPaddleKicks(hub())).toBe(runner);
    }
    await runner;
    const status = await statusOf(events.map((event) => event.event_id));
    expect(status.every((value) => value === 'applied')).toBe(true);
  });

  it('applies nothing more in this process once stopped (shutdown), leaving the rest to a worker', async () => {
    const events = notifications(3, Date.now());
    await store(events);
    await stopPaddleKicks(hub());
    kickPaddleEvents(hub());
    await settledPaddleKicks(hub());
    const status = await statusOf(events.map((event) => event.event_id));
    expect(status).toEqual(['received', 'received', 'received']);
    expect(await processPaddleEvents(hub(), 10)).toBe(3);
  });
});
