import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hub } from '../kernel/context.ts';
import { currentRequestId, runWithRequestId } from '../kernel/correlation.ts';
import { command, query, queryRows } from '../kernel/db/runner.ts';
import { type Sql, sql } from '../kernel/db/sql.ts';
import { HubError } from '../kernel/errors.ts';
import { applyEvents, parseStoredEnvelope, type StoredEvent } from './apply-event.ts';
import { PaddleEvent, type PaddleEventEntity } from './entities.ts';
import { entityIdOf, eventOrderKey, type PaddleEnvelope, paddleEnvelopeSchema } from './paddle-events.ts';
import { verifyPaddleSignature } from './paddle-signature.ts';

export interface Receipt {
  eventId: string;
  /** False when the event id was already stored: a redelivery changes nothing. */
  stored: boolean;
}

/**
 * The webhook's whole synchronous part: verify the signature over the raw bytes, then store the
 * event once. Applying it happens afterwards (processPaddleEvents), so Paddle gets its 200 fast.
 * A bad signature stores nothing and is answered 401; a signed body we cannot read, 400.
 */
export async function receivePaddleWebhook(
  hub: Hub,
  rawBody: Buffer,
  signatureHeader: string | null | undefined,
): Promise<Receipt> {
  const check = await verifyPaddleSignature(rawBody, signatureHeader, hub.config.paddle.webhookSecret);
  if (!check.ok) {
    hub.log.warn({ reason: check.reason }, 'paddle webhook refused');
    throw new HubError(
      'UNAUTHENTICATED',
      'The Paddle-Signature header is missing, malformed, stale or wrong.',
    );
  }
  const text = rawBody.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HubError('BAD_INPUT', 'The webhook body is not JSON.');
  }
  const parsed = paddleEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new HubError('BAD_INPUT', 'The webhook body is not a Paddle notification.');
  }
  return storeAcknowledged(hub, { envelope: parsed.data, rawBody: text, requestId: currentRequestId() });
}

/**
 * Acknowledgement INSERTs in flight at once per process. Notifications arriving while all are
 * busy wait and are then stored together, in one multi-row INSERT and one commit: under a steady
 * stream each commit (and its WAL flush) serves every notification that came in the meantime,
 * so a stall — a busy core, a WAL write — is caught up in one statement instead of a queue of
 * them. A lone notification is stored at once, as before.
 */
const STORE_IN_FLIGHT = 4;
/** At most this many notifications in one acknowledgement INSERT. */
const STORE_BATCH = 200;
/**
 * At most this many notifications wait for an INSERT per process. Beyond it the database is not
 * keeping up (or is down): the notification is answered 503 at once and Paddle delivers it again
 * later, instead of holding its body in memory past the time Paddle waits for an answer.
 */
const STORE_WAITING_MAX = 2_000;

interface PendingStore extends StoreItem {
  settle: (outcome: { receipt: Receipt } | { error: unknown }) => void;
}

const storeQueues = new WeakMap<Hub, { inFlight: number; waiting: PendingStore[] }>();

/**
 * Stores one received notification and resolves once its row is committed (or found already
 * stored): the caller answers Paddle only then, whichever statement carried it.
 */
function storeAcknowledged(hub: Hub, item: StoreItem): Promise<Receipt> {
  let queue = storeQueues.get(hub);
  if (!queue) {
    queue = { inFlight: 0, waiting: [] };
    storeQueues.set(hub, queue);
  }
  if (queue.waiting.length >= STORE_WAITING_MAX) {
    hub.log.warn({ waiting: queue.waiting.length }, 'paddle webhook refused: too many waiting to be stored');
    return Promise.reject(
      new HubError(
        'UNAVAILABLE',
        'Too many notifications are waiting to be stored. Please deliver this one again later.',
      ),
    );
  }
  const receipt = new Promise<Receipt>((resolve, reject) => {
    queue.waiting.push({
      ...item,
      settle: (outcome) => ('receipt' in outcome ? resolve(outcome.receipt) : reject(outcome.error)),
    });
  });
  pumpStores(hub, queue);
  return receipt;
}

function pumpStores(hub: Hub, queue: { inFlight: number; waiting: PendingStore[] }): void {
  while (queue.inFlight < STORE_IN_FLIGHT && queue.waiting.length > 0) {
    const batch = queue.waiting.splice(0, STORE_BATCH);
    queue.inFlight += 1;
    void storeBatch(hub, batch).finally(() => {
      queue.inFlight -= 1;
      pumpStores(hub, queue);
    });
  }
}

/**
 * One INSERT for the batch. Should PostgreSQL refuse a row's data (SQLSTATE class 22 or 23), each
 * notification is stored on its own, so that row fails only its own request, exactly as when each
 * had its own statement. Any other failure (the database down or out of connections) is the same
 * for every row: all of them are answered with it at once, not retried one by one behind each
 * other while Paddle's wait runs out.
 */
async function storeBatch(hub: Hub, batch: PendingStore[]): Promise<void> {
  // No EntityManager: the acknowledgement is one plain INSERT straight on the pool.
  const run = (statement: Sql) => queryRows<{ event_id: string }>(hub.orm.em, statement);
  // In event-id order: two batches (of this process or another) holding some of the same ids
  // lock them in the same order, so one waits for the other instead of deadlocking.
  batch.sort(byEventId);
  try {
    const receipts = await insertEvents(run, batch);
    for (const [index, item] of batch.entries()) item.settle({ receipt: receipts[index]! });
  } catch (error) {
    if (batch.length === 1 || !refusesData(error)) {
      for (const item of batch) item.settle({ error });
      return;
    }
    for (const item of batch) {
      try {
        const [receipt] = await insertEvents(run, [item]);
        item.settle({ receipt: receipt! });
      } catch (itemError) {
        item.settle({ error: itemError });
      }
    }
  }
}

/** A data exception (22xxx) or an integrity constraint violation (23xxx): about a row, not the database. */
function refusesData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** Stores an event unless its event_id is known; never changes a stored one. */
export async function storePaddleEvent(
  em: EntityManager,
  envelope: PaddleEnvelope,
  rawBody: string,
): Promise<Receipt> {
  const [receipt] = await storePaddleEvents(em, [{ envelope, rawBody }]);
  return receipt!;
}

/**
 * Stores many events in one statement per few thousand (a backlog, a replay), each unless its
 * event_id is known, in the given order. Receipts follow the input order; an event_id repeated
 * within the input is stored once. Runs in em's transaction when it has one.
 */
export function storePaddleEvents(
  em: EntityManager,
  items: { envelope: PaddleEnvelope; rawBody: string }[],
): Promise<Receipt[]> {
  return insertEvents((statement) => query(em, statement), items);
}

const STORE_COLUMNS = 10;
/** Postgres takes at most 65,535 parameters per statement. */
const STORE_CHUNK = Math.floor(65_535 / STORE_COLUMNS);

interface StoreItem {
  envelope: PaddleEnvelope;
  rawBody: string;
  /** The request that delivered it; the current one when not given. */
  requestId?: string | null;
}

/**
 * The insert behind all of them: the values go to Postgres as bound parameters, so a raw body is
 * never escaped into the SQL text.
 */
async function insertEvents(
  run: (statement: Sql) => Promise<{ event_id: string }[]>,
  items: readonly StoreItem[],
): Promise<Receipt[]> {
  const stored = new Set<string>();
  const current = currentRequestId();
  for (let start = 0; start < items.length; start += STORE_CHUNK) {
    const rows = items.slice(start, start + STORE_CHUNK).map(({ envelope, rawBody, requestId = current }) => {
      const status = typeof envelope.data.status === 'string' ? envelope.data.status.slice(0, 64) : null;
      const subscriptionId =
        envelope.event_type.startsWith('transaction.') && typeof envelope.data.subscription_id === 'string'
          ? envelope.data.subscription_id.slice(0, 255)
          : null;
      // The original occurred_at string keeps Paddle's microseconds in timestamptz.
      return sql`(gen_random_uuid(), now(), now(), ${envelope.event_id}, ${envelope.notification_id ?? null},
        ${envelope.event_type}, ${envelope.occurred_at}, ${entityIdOf(envelope.data)},
        ${eventOrderKey(envelope.occurred_at, envelope.event_id)}, ${status}, ${subscriptionId}, ${rawBody},
        ${requestId}, now(), 'received', 0)`;
    });
    const inserted = await run(
      sql`insert into paddle_events
           (id, created_at, updated_at, event_id, notification_id, event_type, occurred_at, entity_id,
            order_key, entity_status, subscription_paddle_id, raw_body, request_id, received_at, status, attempts)
         values ${sql.join(rows)}
         on conflict (event_id) do nothing
         returning event_id`,
    );
    for (const row of inserted) stored.add(row.event_id);
  }
  return items.map(({ envelope }) => {
    const receipt = { eventId: envelope.event_id, stored: stored.has(envelope.event_id) };
    // A second copy of the same event in this input was not stored.
    stored.delete(envelope.event_id);
    return receipt;
  });
}

function byEventId(a: StoreItem, b: StoreItem): number {
  return a.envelope.event_id < b.envelope.event_id ? -1 : a.envelope.event_id > b.envelope.event_id ? 1 : 0;
}

/** After this many failed attempts an event waits for staff (re-apply) instead of retrying. */
export const MAX_ATTEMPTS = 3;

/**
 * The queue's claim: the next received event, fewest attempts first, then Paddle's order. The
 * partial index paddle_events_claim_index holds exactly these rows in this order, so a claim reads
 * one index entry whatever the backlog (paddle-queue.test.ts checks the plan).
 */
export const CLAIM_RECEIVED = sql`select id, event_id, request_id, order_key, occurred_at, raw_body from paddle_events
  where status = 'received' order by attempts, order_key limit 1 for update skip locked`;

/**
 * The claim for a batch: the next `count` received events, in CLAIM_RECEIVED's order. Only the
 * narrow columns go through the sort (should the planner sort, with statistics that have not
 * caught up with a burst, it sorts ids rather than raw bodies); the bodies are read afterwards.
 */
const claimReceived = (count: number) => sql`with claimed as (
    select id from paddle_events where status = 'received' order by attempts, order_key
    limit ${count} for update skip locked
  )
  select e.id, e.event_id, e.request_id, e.order_key, e.occurred_at, e.raw_body
  from paddle_events as e join claimed using (id) order by e.attempts, e.order_key`;

/** One event by id, whatever its status, locked so no worker applies it at the same time. */
const claimById = (id: string) => sql`select id, event_id, request_id, order_key, occurred_at, raw_body
  from paddle_events where id = ${id} for update`;

/** Which events a round claims: the next ones in the queue, or one named by staff. */
type Claim = { next: number } | { id: string };

/**
 * Events applied per transaction. Their reads and writes go to the database together
 * (apply-event.ts), which is what makes a backlog go fast; a batch that fails is retried one event
 * at a time, so a failing event still never rolls back another.
 */
export const APPLY_BATCH = 250;

/**
 * Claims received events in batches (FOR UPDATE SKIP LOCKED, fewest attempts then oldest first)
 * and applies each batch in its own transaction, so any number of workers share the queue.
 * Returns how many events were handled (at most `limit`).
 */
export async function processPaddleEvents(hub: Hub, limit = APPLY_BATCH): Promise<number> {
  let handled = 0;
  while (handled < limit) {
    const count = Math.min(APPLY_BATCH, limit - handled);
    const claimed = await applyClaimed(hub, { next: count });
    if (claimed === 'failed') {
      // Something in the batch threw and it rolled back whole: the same events one at a time, so
      // only the failing one is counted against its attempts.
      for (let i = 0; i < count && handled < limit; i += 1) {
        const single = await applyClaimed(hub, { next: 1 });
        if (single === 0 || single === 'failed') return handled;
        handled += single;
      }
      continue;
    }
    handled += claimed;
    if (claimed < count) break;
  }
  return handled;
}

/**
 * Applies one stored event now, whatever its status (staff re-apply, API snapshots), in its own
 * transaction with the row locked so a worker cannot apply it at the same time.
 */
export async function applyEventNow(hub: Hub, id: string): Promise<PaddleEventEntity> {
  await applyClaimed(hub, { id });
  return hub.orm.em.fork().findOneOrFail(PaddleEvent, { id });
}

interface ClaimedRow {
  id: string;
  event_id: string;
  request_id: string | null;
  order_key: string;
  occurred_at: Date;
  raw_body: string;
}

/**
 * Claims events and applies them in one transaction; returns how many. If applying throws, that
 * transaction rolls back whole (nothing half-applied). A single event's failure is recorded in a
 * second transaction and, after MAX_ATTEMPTS, the event waits for staff instead of being retried;
 * a batch's failure is answered 'failed', and the caller retries its events one at a time (one
 * failing event must not cost the others attempts).
 */
async function applyClaimed(hub: Hub, claim: Claim): Promise<number | 'failed'> {
  let claimed: ClaimedRow[] = [];
  try {
    return await hub.orm.em.fork().transactional(async (tx) => {
      const rows =
        'id' in claim
          ? await query<ClaimedRow>(tx, claimById(claim.id))
          : await query<ClaimedRow>(tx, claim.next === 1 ? CLAIM_RECEIVED : claimReceived(claim.next));
      if (rows.length === 0) return 0;
      claimed = rows;
      const events: StoredEvent[] = rows.map((row) => ({
        id: row.id,
        eventId: row.event_id,
        requestId: row.request_id,
        orderKey: row.order_key,
        occurredAt: new Date(row.occurred_at),
        envelope: parseStoredEnvelope(row.raw_body),
      }));
      // Whatever applying logs or emits is traced to the request that delivered the (last) event.
      const outcomes = await runWithRequestId(rows.at(-1)!.request_id, () => applyEvents(tx, hub, events));
      await command(
        tx,
        sql`update paddle_events as e set status = u.status, result = u.result, error = null,
             attempts = e.attempts + 1, applied_at = now(), updated_at = now()
           from unnest(${rows.map((row) => row.id)}::uuid[], ${outcomes.map((outcome) => outcome.status)}::text[],
             ${outcomes.map((outcome) => outcome.result.slice(0, 4000))}::text[]) as u(id, status, result)
           where e.id = u.id and e.id = any(${rows.map((row) => row.id)}::uuid[])`,
      );
      return rows.length;
    });
  } catch (error) {
    const rows = claimed as ClaimedRow[];
    if (rows.length === 0) {
      // Claiming itself failed (the database went away, say): the job loop tries again later.
      hub.log.error({ err: error }, 'claiming a paddle event failed');
      return 0;
    }
    if (rows.length > 1) {
      hub.log.warn(
        { err: error, events: rows.length },
        'a batch of paddle events failed; applying them one by one',
      );
      return 'failed';
    }
    const row = rows[0]!;
    hub.log.error({ err: error, eventId: row.event_id }, 'applying a paddle event failed');
    const message = error instanceof Error ? error.message : String(error);
    await command(
      hub.orm.em.fork(),
      sql`update paddle_events set error = ${message.slice(0, 2000)}, attempts = attempts + 1, applied_at = now(),
         updated_at = now(), status = case when attempts + 1 >= ${MAX_ATTEMPTS} then 'failed' else 'received' end
       where id = ${row.id}`,
    );
    return 1;
  }
}
