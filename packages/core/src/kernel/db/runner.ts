import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type QueryResult } from 'kysely';
import type { Pool } from 'pg';
import type { Sql } from './sql.ts';

/**
 * The one runner of `sql` statements (db/sql.ts). The values always travel as bound parameters:
 * MikroORM's `em.execute` would inline them into the SQL text (an escape per value, a different
 * statement every time). Rows come from the same `pg` pool and its type parsers either way, so
 * they read as `em.execute`'s did: timestamps as text (`parseTimestamp`), bigint and numeric (a
 * `count(*)`) as strings, bytea as Buffer, json parsed. Errors become MikroORM's exceptions, as
 * from the ORM.
 */

/** What `query` and `command` run on: the em's Kysely transaction, or the connection's client. */
interface Executor {
  executeQuery(query: CompiledQuery): Promise<QueryResult<unknown>>;
}

async function executeIn<Row>(em: EntityManager, statement: Sql): Promise<QueryResult<Row>> {
  const { text, values } = statement.compile();
  const executor: Executor = em.getTransactionContext<Executor>() ?? em.getConnection().getClient();
  try {
    return (await executor.executeQuery(CompiledQuery.raw(text, values))) as QueryResult<Row>;
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}

/** The rows of a statement, in em's transaction when it has one (as `em.execute` ran), else pooled. */
export async function query<Row>(em: EntityManager, statement: Sql): Promise<Row[]> {
  return (await executeIn<Row>(em, statement)).rows;
}

/** How many rows an insert, update or delete touched; in em's transaction when it has one. */
export async function command(em: EntityManager, statement: Sql): Promise<number> {
  const result = await executeIn(em, statement);
  return Number(result.numAffectedRows ?? result.rows.length);
}

const pools = new WeakMap<object, Pool | Promise<Pool>>();

/** The connection's pg pool, known synchronously after the first request. */
function poolOf(em: EntityManager): Pool | Promise<Pool> {
  const connection = em.getConnection();
  let pool = pools.get(connection);
  if (!pool) {
    pool = connection.getNativeClient().then((found) => {
      pools.set(connection, found);
      return found;
    });
    pools.set(connection, pool);
  }
  return pool;
}

/**
 * Runs one statement straight on the connection's `pg` pool, never in a transaction: the checks
 * that run on every request (the session check, a client app's environment token; decision 0013),
 * work that must count whatever the caller's transaction does (rate-limit buckets), and the Paddle
 * webhook's one insert. Kysely's client would add a connection provider and result copies around
 * the same `pool.query`. Only the connection is asked for, so a request's lazy fork (the API's
 * fast path) is not made for it.
 */
export async function queryRows<Row>(em: EntityManager, statement: Sql): Promise<Row[]> {
  const { text, values } = statement.compile();
  const pool = await poolOf(em);
  try {
    return (await pool.query(text, values)).rows as Row[];
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}

/**
 * `queryRows` as a named prepared statement: each connection parses and plans the statement once
 * and afterwards only binds and executes it. For the checks that run on every request (the
 * session check, a client app's environment token): PostgreSQL spent ~240 µs of CPU parsing and
 * planning the session check per call against ~70 µs to execute it prepared (decision 0065).
 *
 * The name is a digest of the text, so one name always means one text, in every process and
 * version of the hub (a pooler that hands a statement prepared by another client's connection
 * can only hand the same SQL). When the server says the statement cannot be used as prepared —
 * it does not exist on this connection (a pooler without prepared-statement support), or a
 * migration changed its result type — the call is retried unprepared and this process stops
 * preparing: a slower statement, never a failed request.
 */
export async function queryPreparedRows<Row>(em: EntityManager, statement: Sql): Promise<Row[]> {
  if (!preparing) return queryRows<Row>(em, statement);
  const { text, values } = statement.compile();
  let name = statementNames.get(text);
  if (!name) {
    name = `hub_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  const pool = await poolOf(em);
  try {
    return (await pool.query({ name, text, values })).rows as Row[];
  } catch (error) {
    if (!unpreparable(error)) throw em.getDriver().convertException(error as Error);
    preparing = false;
    return queryRows<Row>(em, statement);
  }
}

/**
 * The refusals that mean "this statement cannot be used prepared here": it does not exist on this
 * connection (26000) or exists already (42P05) — a pooler handing the session around — or its
 * result type changed under it (0A000 "cached plan must not change result type", after a
 * migration). Any other 0A000 is the statement's own failure and is the caller's to see.
 */
function unpreparable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === '26000' || code === '42P05') return true;
  return (
    code === '0A000' &&
    typeof message === 'string' &&
    message.includes('cached plan must not change result type')
  );
}
let preparing = true;
const statementNames = new Map<string, string>();

/** The driver hands timestamps over as text; the platform parses them as the ORM would. */
export function parseTimestamp(em: EntityManager, value: unknown): Date {
  return em.getPlatform().parseDate(value as string);
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** The connection pool's occupancy, for metrics. */
export async function poolStats(em: EntityManager): Promise<PoolStats> {
  const pool = await poolOf(em);
  return {
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 0,
  };
}
