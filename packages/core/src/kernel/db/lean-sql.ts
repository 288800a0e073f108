import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';

/**
 * Hand-written SQL for the checks that run on every request (the session check, a client app's
 * environment token, the session behind an access token): one query read into plain values.
 * Building a query through the ORM and hydrating managed entities from its rows costs several
 * times the rest of such a request. Table and column names come from the entity metadata, so a
 * renamed column follows the schema.
 */
type Properties = Record<string, { fieldNames: string[] } | undefined>;

export function tableOf(em: EntityManager, entity: EntityName<object>): string {
  return em.getMetadata().get(entity).tableName;
}

export function columnOf(em: EntityManager, entity: EntityName<object>, property: string): string {
  const meta = em.getMetadata().get(entity);
  const column = (meta.properties as Properties)[property]?.fieldNames[0];
  if (!column) throw new Error(`lean sql: ${meta.className}.${property} has no column`);
  return column;
}

/** Builds a module's statements once per ORM instance (the metadata is the ORM's). */
export function statementsFor<T>(build: (em: EntityManager) => T): (em: EntityManager) => T {
  const cache = new WeakMap<object, T>();
  return (em) => {
    const metadata = em.getMetadata();
    let found = cache.get(metadata);
    if (!found) {
      found = build(em);
      cache.set(metadata, found);
    }
    return found;
  };
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
 * Runs one statement with bound parameters straight on the connection's `pg` pool, as a raw pg
 * service would send it: MikroORM's `execute` would inline the parameters into the SQL text (an
 * escape per value per request, a different statement text every time), and its Kysely client
 * adds a connection provider and result copies around the same `pool.query`. The pool carries
 * MikroORM's type parsers, so rows read the same either way. Neither path joins an EntityManager
 * transaction, and only the connection is asked for, so a request's lazy fork (the API's fast path) is
 * not made for it.
 */
export async function queryRows<Row>(em: EntityManager, sql: string, parameters: unknown[]): Promise<Row[]> {
  return (await (await poolOf(em)).query(sql, parameters)).rows as Row[];
}

/** The driver hands timestamps over as text; the platform parses them as the ORM would. */
export function parseTimestamp(em: EntityManager, value: unknown): Date {
  return em.getPlatform().parseDate(value as string);
}

/**
 * Escapes LIKE/ILIKE wildcards (`%`, `_`) and the escape character itself, so text a person typed
 * is matched literally (PostgreSQL's default escape character is the backslash).
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
