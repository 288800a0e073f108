import type { EntityManager } from '@mikro-orm/postgresql';
import { changeVia, recordAccountChange } from '../kernel/audit/audit.ts';
import type { Hub } from '../kernel/context.ts';
import { runWithRequestId } from '../kernel/correlation.ts';
import { command, parseTimestamp, query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { type BindingCheck, verifyCustomData } from './binding.ts';
import type { SubscriptionEntity } from './entities.ts';
import { applyEntitlements, sameJson } from './entitlements.ts';
import { deriveLifecycle, type HistoryRow, lifecycleFromHistory } from './lifecycle.ts';
import {
  type PaddleCustomer,
  type PaddleEnvelope,
  type PaddleSubscription,
  type PaddleTransaction,
  paddleCustomerSchema,
  paddleEnvelopeSchema,
  paddleSubscriptionSchema,
  paddleTransactionSchema,
  priceIdsOf,
  type SubscriptionStatus,
  subscriptionNameOf,
} from './paddle-events.ts';
import { pickPlan, plansByRank, type RankedPlan } from './plan-for-prices.ts';

export interface EventSource {
  eventId: string;
  orderKey: string;
  occurredAt: Date;
}

export interface Outcome {
  status: 'applied' | 'skipped';
  result: string;
}

/** One claimed event: its row id, where it came from, and its body (null when unreadable). */
export interface StoredEvent extends EventSource {
  id: string;
  requestId: string | null;
  envelope: PaddleEnvelope | null;
}

type Parsed =
  | { kind: 'subscription'; snapshot: PaddleSubscription }
  | { kind: 'customer'; data: PaddleCustomer }
  | { kind: 'transaction'; data: PaddleTransaction }
  | { kind: 'skip'; result: string };

function parseEvent(envelope: PaddleEnvelope | null): Parsed {
  if (!envelope) return { kind: 'skip', result: 'the stored body is not a readable Paddle notification' };
  const family = envelope.event_type.split('.')[0];
  if (family === 'subscription') {
    const parsed = paddleSubscriptionSchema.safeParse(envelope.data);
    if (!parsed.success)
      return { kind: 'skip', result: `unreadable subscription data: ${parsed.error.issues[0]?.message}` };
    return { kind: 'subscription', snapshot: parsed.data };
  }
  if (family === 'customer') {
    const parsed = paddleCustomerSchema.safeParse(envelope.data);
    if (!parsed.success)
      return { kind: 'skip', result: `unreadable customer data: ${parsed.error.issues[0]?.message}` };
    return { kind: 'customer', data: parsed.data };
  }
  if (family === 'transaction') {
    const parsed = paddleTransactionSchema.safeParse(envelope.data);
    if (!parsed.success)
      return { kind: 'skip', result: `unreadable transaction data: ${parsed.error.issues[0]?.message}` };
    return { kind: 'transaction', data: parsed.data };
  }
  return { kind: 'skip', result: `${envelope.event_type} is not an event the hub acts on` };
}

const skipped = (result: string): Outcome => ({ status: 'skipped', result });

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/**
 * Applies a batch of claimed events, in the given order, inside the caller's transaction, with
 * the reads and writes of the whole batch done together: one lock statement for every Paddle
 * entity the batch touches (taken before anything is read, in one order for every worker), one
 * read each of subscriptions, plans, customers, people, stored transactions and lifecycle
 * histories, the events then applied one after another in memory exactly as one at a time would
 * (a snapshot wins only over an older `lastEventKey`; lifecycle from the stored history), and the
 * writes flushed together. A person's entitlements are applied once per batch, after the last of
 * their subscriptions' changes in it (what each event would have announced on its way is
 * superseded by the final state, which is what is announced). Throws on anything unexpected:
 * the caller rolls the whole batch back.
 */
export async function applyEvents(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  events: readonly StoredEvent[],
  now: Date = new Date(),
): Promise<Outcome[]> {
  const parsed = events.map((event) => parseEvent(event.envelope));
  const snapshotIds = new Set<string>();
  const transactionSubscriptionIds = new Set<string>();
  const entityIds = new Set<string>();
  const firstStatus = new Map<string, string>();
  const knownCustomerIds = new Set<string>();
  for (const item of parsed) {
    if (item.kind === 'subscription') {
      snapshotIds.add(item.snapshot.id);
      entityIds.add(item.snapshot.id);
      if (!firstStatus.has(item.snapshot.id)) firstStatus.set(item.snapshot.id, item.snapshot.status);
    } else if (item.kind === 'customer') {
      entityIds.add(item.data.id);
      knownCustomerIds.add(item.data.id);
    } else if (item.kind === 'transaction') {
      if (item.data.customer_id) knownCustomerIds.add(item.data.customer_id);
      if (item.data.subscription_id) {
        transactionSubscriptionIds.add(item.data.subscription_id);
        entityIds.add(item.data.subscription_id);
      }
    }
  }
  const batch = new BatchState(em, hub);
  await batch.lock([...entityIds]);
  await batch.loadSubscriptions([...snapshotIds], firstStatus, [...transactionSubscriptionIds]);
  await batch.ensureCustomers([...knownCustomerIds]);
  await batch.loadRest(parsed, [...snapshotIds]);

  const outcomes: Outcome[] = [];
  for (const [index, item] of parsed.entries()) {
    const event = events[index]!;
    if (item.kind === 'subscription') outcomes.push(batch.applySubscription(item.snapshot, event, now));
    else if (item.kind === 'customer') outcomes.push(batch.applyCustomer(item.data, event));
    else if (item.kind === 'transaction') outcomes.push(batch.applyTransaction(item.data));
    else outcomes.push(skipped(item.result));
  }
  await batch.finish(events, outcomes);
  return outcomes;
}

/** A subscription row as the batch reads and writes it (no ORM entities: see applyEvents). */
interface SubscriptionRow {
  id: string;
  paddleId: string;
  status: SubscriptionStatus;
  isActive: boolean;
  activeSince: Date | null;
  inactiveSince: Date | null;
  customerId: string | null;
  customerPaddleId: string | null;
  userId: string | null;
  planId: string | null;
  priceIds: string[];
  /** What Paddle calls it (its products' names): shown on invoices and to staff. */
  name: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  nextBilledAt: Date | null;
  scheduledChange: Record<string, unknown> | null;
  canceledAt: Date | null;
  pausedAt: Date | null;
  customData: Record<string, unknown> | null;
  bindingProblem: 'missing' | 'forged' | 'unknown-user' | null;
  /** When the person it belonged to deleted their account: it needs no binding any more. */
  accountDeletedAt: Date | null;
  lastEventAt: Date | null;
  lastEventId: string | null;
  lastEventKey: string | null;
  graceStartedAt: Date | null;
  transactionId: string | null;
}

interface CustomerRow {
  id: string;
  paddleId: string;
  name: string | null;
  email: string | null;
  lastEventAt: Date | null;
  lastEventKey: string | null;
}

interface BatchSubscription {
  row: SubscriptionRow;
  /** User and customer when the batch began: a link made in it is written to the customer. */
  startUserId: string | null;
  startCustomerId: string | null;
  /** The Paddle customer to create and attach once the events are through (ensureCustomer). */
  pendingCustomer: string | null;
  /** An event changed it: written back by `finish`. */
  touched: boolean;
  /** What the person's account history showed of it when the batch began. */
  startHistory: HistoryState;
  /** Its `subscription.*` events, newest first. */
  history: StoredHistoryRow[];
}

type StoredHistoryRow = HistoryRow & { entity_id: string; order_key: string };

interface TransactionBody {
  orderKey: string;
  customData: Record<string, unknown> | null | undefined;
}

/**
 * What one batch read, and what its events changed, until `finish` writes it. Rows, not ORM
 * entities: hydrating, tracking and flushing a few hundred entities cost more than everything
 * else a batch does, so the writes are one statement per table.
 */
class BatchState {
  readonly subscriptions = new Map<string, BatchSubscription>();
  /** By Paddle id. */
  readonly customers = new Map<string, CustomerRow>();
  readonly changedCustomers = new Set<CustomerRow>();
  /** The people bindings name who exist. */
  readonly users = new Set<string>();
  plans: RankedPlan[] = [];
  /** Stored transactions by subscription, oldest first: the bindings they carry. */
  readonly transactions = new Map<string, TransactionBody[]>();
  /** People whose entitlements an event changed, with the event that last did (its request id). */
  readonly changedUsers = new Map<string, number>();
  readonly bindings = new Map<unknown, BindingCheck>();
  readonly em: EntityManager;
  readonly hub: Pick<Hub, 'config'>;
  #index = 0;

  constructor(em: EntityManager, hub: Pick<Hub, 'config'>) {
    this.em = em;
    this.hub = hub;
  }

  #date(value: unknown): Date | null {
    return value === null || value === undefined ? null : parseTimestamp(this.em, value);
  }

  /** One statement; ids sorted by PostgreSQL as plan-refresh.ts sorts them, so workers never deadlock. */
  async lock(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await query(
      this.em,
      sql`select pg_advisory_xact_lock(hashtextextended('paddle:' || s.id, 0))
        from (select distinct u.id from unnest(${ids}::text[]) as u(id) order by u.id) as s order by s.id`,
    );
  }

  async loadSubscriptions(
    snapshotIds: string[],
    firstStatus: Map<string, string>,
    transactionIds: string[],
  ): Promise<void> {
    if (snapshotIds.length) {
      // Every writer of a subscription row holds its lock (taken above); the insert is for the
      // first event of a subscription, and does nothing for all the others.
      await command(
        this.em,
        sql`insert into subscriptions (id, paddle_id, status, created_at, updated_at)
          select gen_random_uuid(), u.id, u.status, now(), now()
          from unnest(${snapshotIds}::text[], ${snapshotIds.map((id) => firstStatus.get(id)!)}::text[]) as u(id, status)
          on conflict (paddle_id) do nothing`,
      );
    }
    const ids = [...new Set([...snapshotIds, ...transactionIds])];
    if (ids.length === 0) return;
    const rows = await query<Record<string, unknown>>(
      this.em,
      sql`select id, paddle_id, status, is_active, active_since, inactive_since, customer_id, customer_paddle_id,
          user_id, plan_id, price_ids, name, current_period_start, current_period_end, next_billed_at, scheduled_change,
          canceled_at, paused_at, custom_data, binding_problem, account_deleted_at, last_event_at, last_event_id,
          last_event_key, grace_started_at, transaction_id
        from subscriptions where paddle_id = any(${ids}::text[])`,
    );
    for (const raw of rows) {
      const row: SubscriptionRow = {
        id: raw.id as string,
        paddleId: raw.paddle_id as string,
        status: raw.status as SubscriptionStatus,
        isActive: raw.is_active as boolean,
        activeSince: this.#date(raw.active_since),
        inactiveSince: this.#date(raw.inactive_since),
        customerId: (raw.customer_id as string | null) ?? null,
        customerPaddleId: (raw.customer_paddle_id as string | null) ?? null,
        userId: (raw.user_id as string | null) ?? null,
        planId: (raw.plan_id as string | null) ?? null,
        priceIds: (raw.price_ids as string[] | null) ?? [],
        name: (raw.name as string | null) ?? null,
        currentPeriodStart: this.#date(raw.current_period_start),
        currentPeriodEnd: this.#date(raw.current_period_end),
        nextBilledAt: this.#date(raw.next_billed_at),
        scheduledChange: (raw.scheduled_change as Record<string, unknown> | null) ?? null,
        canceledAt: this.#date(raw.canceled_at),
        pausedAt: this.#date(raw.paused_at),
        customData: (raw.custom_data as Record<string, unknown> | null) ?? null,
        bindingProblem: (raw.binding_problem as SubscriptionRow['bindingProblem']) ?? null,
        accountDeletedAt: this.#date(raw.account_deleted_at),
        lastEventAt: this.#date(raw.last_event_at),
        lastEventId: (raw.last_event_id as string | null) ?? null,
        lastEventKey: (raw.last_event_key as string | null) ?? null,
        graceStartedAt: this.#date(raw.grace_started_at),
        transactionId: (raw.transaction_id as string | null) ?? null,
      };
      this.subscriptions.set(row.paddleId, {
        row,
        startUserId: row.userId,
        startCustomerId: row.customerId,
        pendingCustomer: null,
        touched: false,
        startHistory: historyState(row),
        history: [],
      });
    }
  }

  /** Creates the Paddle customers not yet stored (never changing a stored one) and reads them. */
  async ensureCustomers(paddleIds: string[]): Promise<void> {
    const missing = [...new Set(paddleIds)].filter((id) => !this.customers.has(id));
    if (missing.length === 0) return;
    // Inserted before reading, so two workers creating the same customer never clash.
    await command(
      this.em,
      sql`insert into customers (id, paddle_id, created_at, updated_at)
        select gen_random_uuid(), u.id, now(), now() from unnest(${missing}::text[]) as u(id)
        on conflict (paddle_id) do nothing`,
    );
    const rows = await query<Record<string, unknown>>(
      this.em,
      sql`select id, paddle_id, name, email, last_event_at, last_event_key from customers
        where paddle_id = any(${missing}::text[])`,
    );
    for (const raw of rows) {
      this.customers.set(raw.paddle_id as string, {
        id: raw.id as string,
        paddleId: raw.paddle_id as string,
        name: (raw.name as string | null) ?? null,
        email: (raw.email as string | null) ?? null,
        lastEventAt: this.#date(raw.last_event_at),
        lastEventKey: (raw.last_event_key as string | null) ?? null,
      });
    }
  }

  /** Plans, lifecycle histories, stored transactions, and the people bindings may name. */
  async loadRest(parsed: Parsed[], snapshotIds: string[]): Promise<void> {
    if (snapshotIds.length) {
      this.plans = await plansByRank(this.em);
      const rows = await query<StoredHistoryRow>(
        this.em,
        sql`select entity_id, order_key, occurred_at, entity_status from paddle_events
          where entity_id = any(${snapshotIds}::text[]) and event_type like 'subscription.%'
          order by order_key desc`,
      );
      for (const row of rows) this.subscriptions.get(row.entity_id)?.history.push(row);
    }
    const unbound = [...this.subscriptions.values()]
      .filter((held) => !held.row.userId)
      .map((held) => held.row.paddleId);
    if (unbound.length) {
      const rows = await query<{ subscription_paddle_id: string; order_key: string; raw_body: string }>(
        this.em,
        sql`select subscription_paddle_id, order_key, raw_body from paddle_events
          where subscription_paddle_id = any(${unbound}::text[]) order by order_key`,
      );
      for (const row of rows) {
        const list = this.transactions.get(row.subscription_paddle_id) ?? [];
        const customData = parseStoredEnvelope(row.raw_body)?.data.custom_data;
        list.push({ orderKey: row.order_key, customData: customData as TransactionBody['customData'] });
        this.transactions.set(row.subscription_paddle_id, list);
      }
    }
    const userIds = new Set<string>();
    const consider = (customData: Record<string, unknown> | null | undefined) => {
      const binding = this.binding(customData);
      if (binding.ok) userIds.add(binding.userId);
    };
    for (const item of parsed) {
      if (item.kind === 'subscription') consider(item.snapshot.custom_data);
      if (item.kind === 'transaction') consider(item.data.custom_data);
    }
    for (const list of this.transactions.values()) for (const body of list) consider(body.customData);
    if (userIds.size) {
      const rows = await query<{ id: string }>(
        this.em,
        sql`select id from users where id = any(${[...userIds]}::uuid[])`,
      );
      for (const row of rows) this.users.add(row.id);
    }
  }

  binding(customData: Record<string, unknown> | null | undefined): BindingCheck {
    let check = customData ? this.bindings.get(customData) : undefined;
    if (!check) {
      check = verifyCustomData(this.hub.config, customData);
      if (customData) this.bindings.set(customData, check);
    }
    return check;
  }

  /** applySubscriptionSnapshot's rules, on what the batch read. */
  applySubscription(snapshot: PaddleSubscription, source: StoredEvent, now: Date): Outcome {
    const index = this.#index++;
    const held = this.subscriptions.get(snapshot.id)!;
    held.touched = true;
    const subscription = held.row;
    const previousUserId = subscription.userId;
    const before = entitlementInputs(subscription);
    const notes: string[] = [];

    const binding = this.binding(snapshot.custom_data);
    let bindingProblem: 'missing' | 'forged' | 'unknown-user' | null = binding.ok ? null : binding.problem;
    if (binding.ok && binding.userId !== previousUserId) {
      if (!this.users.has(binding.userId)) bindingProblem = 'unknown-user';
      else if (!subscription.userId) {
        subscription.userId = binding.userId;
        subscription.bindingProblem = null;
        notes.push('bound to its user');
      } else {
        notes.push('custom_data names another user than the one bound; binding kept');
      }
    }

    if (!subscription.userId) {
      const fromTransaction = this.bindingFromTransactions(snapshot.id);
      if (fromTransaction) {
        subscription.userId = fromTransaction;
        subscription.bindingProblem = null;
        notes.push('bound to its user by a signed transaction');
      }
    }

    const isNewer = !subscription.lastEventKey || source.orderKey > subscription.lastEventKey;
    if (isNewer) {
      const priceIds = priceIdsOf(snapshot);
      // The same prices buy the same plan: staff edits of plans re-map subscriptions themselves
      // (plan-refresh.ts), so the lookup is needed only when the prices change.
      const samePrices = subscription.lastEventKey && sameJson(priceIds, subscription.priceIds);
      subscription.status = snapshot.status;
      subscription.priceIds = priceIds;
      subscription.name = subscriptionNameOf(snapshot, subscription.name);
      if (!samePrices) subscription.planId = pickPlan(this.plans, priceIds);
      subscription.customerPaddleId = snapshot.customer_id ?? subscription.customerPaddleId ?? null;
      subscription.currentPeriodStart = date(snapshot.current_billing_period?.starts_at);
      subscription.currentPeriodEnd = date(snapshot.current_billing_period?.ends_at);
      subscription.nextBilledAt = date(snapshot.next_billed_at);
      subscription.scheduledChange = (snapshot.scheduled_change as Record<string, unknown> | null) ?? null;
      subscription.canceledAt = date(snapshot.canceled_at);
      subscription.pausedAt = date(snapshot.paused_at);
      subscription.customData = (snapshot.custom_data as Record<string, unknown> | null) ?? null;
      subscription.lastEventKey = source.orderKey;
      subscription.lastEventAt = source.occurredAt;
      subscription.lastEventId = source.eventId;
      // A subscription of a deleted account names a person who is gone on purpose: nothing to fix.
      if (!subscription.userId)
        subscription.bindingProblem = subscription.accountDeletedAt ? null : bindingProblem;
      if (!subscription.planId && priceIds.length) notes.push(`no plan sells ${priceIds.join(', ')}`);
    } else {
      notes.push('older than the state already applied; snapshot ignored');
    }
    if (snapshot.transaction_id && !subscription.transactionId)
      subscription.transactionId = snapshot.transaction_id;

    if (subscription.customerPaddleId && !subscription.customerId && !held.pendingCustomer) {
      held.pendingCustomer = subscription.customerPaddleId;
    }

    const lastEventKey = subscription.lastEventKey;
    const lifecycle = lifecycleFromHistory(
      this.hub.config,
      subscription,
      lastEventKey ? held.history.filter((row) => row.order_key <= lastEventKey) : [],
      now,
    );
    subscription.isActive = lifecycle.isActive;
    subscription.activeSince = lifecycle.activeSince;
    subscription.inactiveSince = lifecycle.inactiveSince;
    subscription.graceStartedAt = lifecycle.graceStartedAt;

    // A person's entitlements follow only from these fields of their subscriptions: when none
    // changed, neither can the decision (grace deadlines are the job's business).
    if (entitlementInputs(subscription) !== before) {
      for (const userId of [previousUserId, subscription.userId]) {
        if (userId) this.changedUsers.set(userId, index);
      }
    }
    if (!subscription.userId) notes.push(`not bound to anyone (${subscription.bindingProblem ?? 'missing'})`);
    return { status: isNewer ? 'applied' : 'skipped', result: summary(snapshot, notes) };
  }

  /**
   * A transaction that arrived before its subscription existed may carry the only valid binding;
   * looking at every stored transaction of the subscription keeps the binding independent of order.
   */
  bindingFromTransactions(subscriptionId: string): string | null {
    for (const body of this.transactions.get(subscriptionId) ?? []) {
      const binding = this.binding(body.customData);
      if (binding.ok && this.users.has(binding.userId)) return binding.userId;
    }
    return null;
  }

  applyCustomer(data: PaddleCustomer, source: StoredEvent): Outcome {
    this.#index++;
    const customer = this.customers.get(data.id)!;
    if (customer.lastEventKey && source.orderKey <= customer.lastEventKey) {
      return skipped(`${data.id}: older than the state already applied`);
    }
    customer.name = data.name ?? null;
    customer.email = data.email?.toLowerCase() ?? null;
    customer.lastEventKey = source.orderKey;
    customer.lastEventAt = source.occurredAt;
    this.changedCustomers.add(customer);
    return { status: 'applied', result: `${data.id} recorded` };
  }

  /**
   * Transactions carry the same signed custom_data as the checkout. A transaction for a
   * subscription we hold but could not bind yet binds it (and its customer, in `finish`); the
   * subscription's own events carry the state, so nothing else is taken from transactions.
   */
  applyTransaction(data: PaddleTransaction): Outcome {
    const index = this.#index++;
    if (!data.subscription_id)
      return { status: 'applied', result: `${data.id} ${data.status ?? ''} recorded` };
    const held = this.subscriptions.get(data.subscription_id);
    if (!held) {
      return {
        status: 'applied',
        result: `${data.id} recorded; subscription ${data.subscription_id} not seen yet`,
      };
    }
    const subscription = held.row;
    if (subscription.userId) return { status: 'applied', result: `${data.id} recorded` };
    const binding = this.binding(data.custom_data);
    if (!binding.ok)
      return { status: 'applied', result: `${data.id} recorded; no valid binding (${binding.problem})` };
    if (!this.users.has(binding.userId))
      return { status: 'applied', result: `${data.id} recorded; its user does not exist` };
    subscription.userId = binding.userId;
    subscription.bindingProblem = null;
    held.touched = true;
    this.changedUsers.set(binding.userId, index);
    return { status: 'applied', result: `${data.id}: bound ${subscription.paddleId} to its user` };
  }

  /**
   * Writes what the events changed: customers the subscriptions name, the subscription rows and
   * customer rows (one statement each), a newly made link of a customer to its person, then each
   * changed person's entitlements, in the order of their ids, under their lock (after every
   * Paddle lock, as everywhere).
   */
  async finish(events: readonly StoredEvent[], outcomes: Outcome[]): Promise<void> {
    const pending = [...this.subscriptions.values()].filter((held) => held.pendingCustomer);
    await this.ensureCustomers(pending.map((held) => held.pendingCustomer!));
    for (const held of pending) held.row.customerId = this.customers.get(held.pendingCustomer!)!.id;
    await this.writeSubscriptions([...this.subscriptions.values()].filter((held) => held.touched));
    await this.writeCustomers([...this.changedCustomers]);
    const links: { customerId: string; userId: string }[] = [];
    for (const held of this.subscriptions.values()) {
      const { customerId, userId } = held.row;
      const newlyLinked = userId !== held.startUserId || customerId !== held.startCustomerId;
      if (newlyLinked && customerId && userId) links.push({ customerId, userId });
    }
    if (links.length) {
      // The first person bound to a Paddle customer owns it; a later binding never moves it.
      await command(
        this.em,
        sql`update customers as c set user_id = u.user_id
          from unnest(${links.map((link) => link.customerId)}::uuid[], ${links.map((link) => link.userId)}::uuid[])
            as u(id, user_id)
          where c.id = u.id and c.id = any(${links.map((link) => link.customerId)}::uuid[]) and c.user_id is null`,
      );
    }
    await this.recordHistory();
    if (this.changedUsers.size === 0) {
      await this.em.flush();
      return;
    }
    for (const userId of [...this.changedUsers.keys()].sort()) {
      const index = this.changedUsers.get(userId)!;
      const { emitted } = await runWithRequestId(events[index]!.requestId, () =>
        applyEntitlements(this.em, this.hub, userId),
      );
      if (emitted) outcomes[index]!.result += `; ${emitted}`;
    }
    await this.em.flush();
  }

  /**
   * The person's account history: what Paddle changed about their subscription (state, plan, end),
   * once per subscription and batch, from how the batch found it to how it leaves it.
   */
  async recordHistory(): Promise<void> {
    const changed = [...this.subscriptions.values()].filter(
      (held) => held.touched && held.row.userId && !sameJson(held.startHistory, historyState(held.row)),
    );
    if (changed.length === 0) return;
    const planIds = [
      ...new Set(
        changed.flatMap((held) => [held.startHistory.planId, held.row.planId]).filter((id) => id !== null),
      ),
    ];
    const names = new Map(
      planIds.length
        ? (
            await query<{ id: string; name: string }>(
              this.em,
              sql`select id, name from plans where id = any(${planIds}::uuid[])`,
            )
          ).map((plan) => [plan.id, plan.name])
        : [],
    );
    const shown = ({ planId, ...state }: HistoryState) => ({
      ...state,
      plan: planId ? (names.get(planId) ?? null) : null,
    });
    for (const held of changed) {
      const { row } = held;
      recordAccountChange(this.em, changeVia('paddle'), {
        action: 'subscription.changed',
        entityType: 'subscription',
        entityId: row.id,
        subjectUserId: row.userId!,
        before: held.startUserId === row.userId ? shown(held.startHistory) : null,
        after: shown(historyState(row)),
      });
    }
  }

  async writeSubscriptions(held: BatchSubscription[]): Promise<void> {
    if (held.length === 0) return;
    const rows = held.map((item) => item.row);
    const column = <T>(pick: (row: SubscriptionRow) => T) => rows.map(pick);
    const at = (pick: (row: SubscriptionRow) => Date | null) =>
      column((row) => pick(row)?.toISOString() ?? null);
    const json = (pick: (row: SubscriptionRow) => unknown) =>
      column((row) => (pick(row) === null ? null : JSON.stringify(pick(row))));
    // `s.id = any(…)` as well as the join: with statistics that lag behind a burst the planner
    // may otherwise scan the table once per row of the batch.
    await command(
      this.em,
      sql`update subscriptions as s set status = u.status, is_active = u.is_active, active_since = u.active_since,
          inactive_since = u.inactive_since, customer_id = u.customer_id, customer_paddle_id = u.customer_paddle_id,
          user_id = u.user_id, plan_id = u.plan_id,
          price_ids = array(select jsonb_array_elements_text(u.price_ids)), name = u.name,
          current_period_start = u.current_period_start, current_period_end = u.current_period_end,
          next_billed_at = u.next_billed_at, scheduled_change = u.scheduled_change, canceled_at = u.canceled_at,
          paused_at = u.paused_at, custom_data = u.custom_data, binding_problem = u.binding_problem,
          last_event_at = u.last_event_at, last_event_id = u.last_event_id, last_event_key = u.last_event_key,
          grace_started_at = u.grace_started_at, transaction_id = u.transaction_id, updated_at = now()
        from unnest(${column((row) => row.id)}::uuid[], ${column((row) => row.status)}::text[],
          ${column((row) => row.isActive)}::boolean[], ${at((row) => row.activeSince)}::timestamptz[],
          ${at((row) => row.inactiveSince)}::timestamptz[], ${column((row) => row.customerId)}::uuid[],
          ${column((row) => row.customerPaddleId)}::text[], ${column((row) => row.userId)}::uuid[],
          ${column((row) => row.planId)}::uuid[], ${json((row) => row.priceIds)}::jsonb[],
          ${at((row) => row.currentPeriodStart)}::timestamptz[], ${at((row) => row.currentPeriodEnd)}::timestamptz[],
          ${at((row) => row.nextBilledAt)}::timestamptz[], ${json((row) => row.scheduledChange)}::jsonb[],
          ${at((row) => row.canceledAt)}::timestamptz[], ${at((row) => row.pausedAt)}::timestamptz[],
          ${json((row) => row.customData)}::jsonb[], ${column((row) => row.bindingProblem)}::text[],
          ${at((row) => row.lastEventAt)}::timestamptz[], ${column((row) => row.lastEventId)}::text[],
          ${column((row) => row.lastEventKey)}::text[], ${at((row) => row.graceStartedAt)}::timestamptz[],
          ${column((row) => row.transactionId)}::text[], ${column((row) => row.name)}::text[])
          as u(id, status, is_active, active_since, inactive_since, customer_id, customer_paddle_id, user_id,
            plan_id, price_ids, current_period_start, current_period_end, next_billed_at, scheduled_change,
            canceled_at, paused_at, custom_data, binding_problem, last_event_at, last_event_id, last_event_key,
            grace_started_at, transaction_id, name)
        where s.id = u.id and s.id = any(${column((row) => row.id)}::uuid[])`,
    );
  }

  async writeCustomers(rows: CustomerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await command(
      this.em,
      sql`update customers as c set name = u.name, email = u.email, last_event_at = u.last_event_at,
          last_event_key = u.last_event_key, updated_at = now()
        from unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.name)}::text[],
          ${rows.map((row) => row.email)}::text[], ${rows.map((row) => row.lastEventAt?.toISOString() ?? null)}::timestamptz[],
          ${rows.map((row) => row.lastEventKey)}::text[]) as u(id, name, email, last_event_at, last_event_key)
        where c.id = u.id and c.id = any(${rows.map((row) => row.id)}::uuid[])`,
    );
  }
}

/** What a person's account history says about a subscription: its state, plan and end. */
interface HistoryState {
  status: string;
  planId: string | null;
  endsAt: string | null;
}

function historyState(row: SubscriptionRow): HistoryState {
  const change = row.scheduledChange as { action?: string; effective_at?: string } | null;
  return {
    status: row.status,
    planId: row.planId,
    endsAt: change?.action === 'cancel' ? (change.effective_at ?? null) : null,
  };
}

function entitlementInputs(subscription: SubscriptionRow): string {
  return JSON.stringify([
    subscription.userId,
    subscription.planId,
    subscription.isActive,
    subscription.status,
    subscription.currentPeriodEnd?.toISOString() ?? null,
  ]);
}

function summary(snapshot: PaddleSubscription, notes: string[]): string {
  return [`${snapshot.id} ${snapshot.status}`, ...notes].join('; ');
}

/** Recomputes isActive, activeSince, inactiveSince and the grace start from the event history. */
export async function refreshLifecycle(
  em: EntityManager,
  hub: Pick<Hub, 'config'>,
  subscription: SubscriptionEntity,
  now: Date = new Date(),
): Promise<void> {
  const lifecycle = await deriveLifecycle(em, hub.config, subscription, now);
  subscription.isActive = lifecycle.isActive;
  subscription.activeSince = lifecycle.activeSince;
  subscription.inactiveSince = lifecycle.inactiveSince;
  subscription.graceStartedAt = lifecycle.graceStartedAt;
}

export function parseStoredEnvelope(rawBody: string): PaddleEnvelope | null {
  try {
    const parsed = paddleEnvelopeSchema.safeParse(JSON.parse(rawBody));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
